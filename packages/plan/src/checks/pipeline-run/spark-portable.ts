/**
 * The models run on DuckDB here and on Spark SQL where users outgrow one machine, so they are held
 * to what both dialects read alike. Each construct below is DuckDB-only (or reads differently in
 * Spark); a model using one is reported at its position with the portable spelling.
 */
const NOT_PORTABLE: { pattern: RegExp; use: string }[] = [
  { pattern: /::\s*[A-Za-z]/g, use: 'CAST(x AS type) instead of x::type' },
  { pattern: /\bQUALIFY\b/gi, use: 'a subquery filtering on row_number() instead of QUALIFY' },
  { pattern: /\*\s*EXCLUDE\s*\(/gi, use: 'an explicit column list instead of * EXCLUDE (...)' },
  { pattern: /\bstrftime\s*\(/gi, use: 'date_format(ts, pattern) is Spark; use CAST(ts AS DATE) or date_trunc for portable grouping' },
  { pattern: /\bepoch_ms\s*\(/gi, use: 'CAST and date_trunc instead of epoch_ms()' },
  {
    pattern: /\b(list|struct_pack|list_value)\s*\(/gi,
    use: 'collect_list/struct are Spark names: keep nested values out of portable models',
  },
  {
    pattern: /\bread_(json|json_auto|csv|csv_auto|parquet|ndjson)\s*\(/gi,
    use: 'a source table of the pipeline (file reading belongs to the connectors)',
  },
];

export function portabilityProblems(sql: string): { offset: number; construct: string; use: string }[] {
  const masked = maskCommentsAndStrings(sql);
  const problems: { offset: number; construct: string; use: string }[] = [];
  for (const rule of NOT_PORTABLE) {
    for (const m of masked.matchAll(rule.pattern)) problems.push({ offset: m.index ?? 0, construct: m[0].trim(), use: rule.use });
  }
  return problems.sort((a, b) => a.offset - b.offset);
}

/** The SQL with comments and string literals blanked (same length), so patterns only see code. */
function maskCommentsAndStrings(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, (m) => m.replace(/[^\n]/g, ' '));
}
