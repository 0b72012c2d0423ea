import { defineRules, RuleHelp, RuleId } from '../rule-catalogue';

/** The checks that read ml/config.yaml and table specs with this folder's helpers, each under its own rule prefix. */
export type MlArea = 'ml-config' | 'ml-contracts';

/** readConfig's rules (the config file itself cannot be read). */
export type ConfigFileRule = 'not-found' | 'not-a-file' | 'too-large' | 'unreadable' | 'encoding';
/** loadTableSpec's rules (the table spec cannot be read or has the wrong shape). */
export type TableSpecRule = 'schema-not-found' | 'schema-invalid';
/** configAgainstSpec's rules (the config names what the table spec does not define). */
export type SpecColumnRule = 'unknown-table' | 'unknown-column' | 'categorical-type';

type Prefixed<A extends string, R extends string> = Record<`${A}/${R}`, RuleHelp>;

function prefixed<A extends string, R extends string>(area: A, rules: Record<R, RuleHelp>): Prefixed<A, R> {
  return Object.fromEntries(Object.entries(rules).map(([id, help]) => [`${area}/${id}`, help])) as Prefixed<A, R>;
}

export function configFileRules<A extends MlArea>(area: A): Prefixed<A, ConfigFileRule> {
  return prefixed<A, ConfigFileRule>(area, {
    'not-found': { severity: 'error', help: 'ml/config.yaml exists (the training task writes it): create it or fix the path.' },
    'not-a-file': { severity: 'error', help: 'The config path is a regular file, not a folder.' },
    'too-large': { severity: 'error', help: 'The config is small enough to be a real ml/config.yaml (larger files are refused unread).' },
    unreadable: { severity: 'error', help: 'The config can be read: check its permissions.' },
    encoding: { severity: 'error', help: 'The config is valid UTF-8 (PyYAML refuses other bytes).' },
  });
}

export function tableSpecRules<A extends MlArea>(area: A): Prefixed<A, TableSpecRule> {
  return prefixed<A, TableSpecRule>(area, {
    'schema-not-found': { severity: 'error', help: 'The table spec (schemas/<name>.json) exists and can be read.' },
    'schema-invalid': { severity: 'error', help: 'The table spec is valid JSON in the table-spec format: run validate-schema on it.' },
  });
}

export function specColumnRules<A extends MlArea>(area: A): Prefixed<A, SpecColumnRule> {
  return prefixed<A, SpecColumnRule>(area, {
    'unknown-table': { severity: 'error', help: 'data.table is a table of the table spec.' },
    'unknown-column': { severity: 'error', help: 'Every feature and the target are columns of data.table in the table spec.' },
    'categorical-type': { severity: 'warning', help: 'A categorical feature is a text, enum or boolean column in the table spec.' },
  });
}

export const rules = defineRules({
  ...configFileRules('ml-config'),
  ...tableSpecRules('ml-config'),
  ...specColumnRules('ml-config'),
  'ml-config/invalid-yaml': { severity: 'error', help: 'The config is YAML that PyYAML reads: valid syntax, plain keys, no alias bombs.' },
  'ml-config/duplicate-key': { severity: 'error', help: 'Each key is written once in its mapping (PyYAML silently keeps the last).' },
  'ml-config/empty': { severity: 'error', help: 'The config is not empty: write version, data, training and export.' },
  'ml-config/not-a-mapping': { severity: 'error', help: 'The config is a mapping with version, data, training and export.' },
  'ml-config/missing-key': { severity: 'error', help: 'Every required key of the ml/config.yaml format is present.' },
  'ml-config/unknown-key': {
    severity: 'error',
    help: 'Only keys of the ml/config.yaml format are used (a misspelt key is ignored by training).',
  },
  'ml-config/invalid-type': { severity: 'error', help: 'Each value has the type the format requires (number, text, list, mapping).' },
  'ml-config/invalid-value': { severity: 'error', help: 'Each value is in its allowed range or set.' },
  'ml-config/unknown-algorithm': { severity: 'error', help: 'training.algorithm is one the training script supports.' },
  'ml-config/duplicate-feature': { severity: 'error', help: 'Each feature is listed once in data.features.' },
  'ml-config/duplicate-name': { severity: 'warning', help: 'Each name is listed once in data.categorical and data.ignored.' },
  'ml-config/target-in-features': { severity: 'error', help: 'The target is not also a feature.' },
  'ml-config/target-ignored': { severity: 'error', help: 'The target is not listed in data.ignored.' },
  'ml-config/categorical-not-feature': { severity: 'error', help: 'Every categorical column is a feature.' },
  'ml-config/ignored-feature': { severity: 'error', help: 'No column is both a feature and ignored.' },
  'ml-config/split-sum': { severity: 'error', help: 'data.split fractions (train, valid, test) sum to 1.' },
  'ml-config/threshold-name': { severity: 'error', help: 'Each threshold is a metric name ending in _min or _max (e.g. auc_min).' },
  'ml-config/mojo-path-extension': { severity: 'error', help: 'export.mojo_path ends with .zip (download_mojo writes a zip).' },
  'ml-config/mojo-path-mismatch': { severity: 'error', help: "export.mojo_path is the plan's MOJO file (modelPath)." },
});

export type MlConfigRule = RuleId<typeof rules>;
