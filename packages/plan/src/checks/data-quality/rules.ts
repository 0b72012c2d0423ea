/** Rule ids of data-quality findings. */
export const DATA_QUALITY_RULES = {
  'quality/not-found': 'A rules file, schema or records file cannot be read.',
  'quality/yaml-syntax': 'The rules file is not valid YAML.',
  'quality/duplicate-key': 'The rules file repeats a key.',
  'quality/yaml-key': 'A list or mapping is used as a key.',
  'quality/yaml-aliases': 'Too many alias expansions.',
  'quality/rules-file': 'The rules file is malformed: unknown dataset, column, rule or bad parameters.',
  'quality/record': 'A record of a dataset is not a JSON object.',
  'quality/not_null': 'A column that must have a value is null.',
  'quality/unique': 'A key column repeats a value.',
  'quality/accepted_values': 'A column holds a value outside its accepted values.',
  'quality/range': 'A value is outside its allowed range.',
  'quality/relationship': 'A reference has no matching key in the referenced dataset (referential integrity).',
  'quality/row_count': 'A dataset has fewer or more rows than its volume SLA allows.',
  'quality/freshness': 'The newest record is older than the freshness SLA allows.',
} as const;
