/**
 * The columns of a dataset as its JSON Schema contract declares them (top-level properties of an
 * object schema), with the DuckDB type each lands in. Shared by the data checks: data-quality loads
 * samples with them, pipeline-run loads what its connectors accept.
 */
export interface Column {
  name: string;
  /** The DuckDB type the value is cast to (TRY_CAST: a value that does not fit becomes NULL). */
  duckType: string;
  required: boolean;
}

export function columnsOf(schema: unknown): Column[] {
  if (!isObj(schema) || !isObj(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    duckType: duckTypeOf(property),
    required: required.has(name),
  }));
}

function duckTypeOf(property: unknown): string {
  if (!isObj(property)) return 'VARCHAR';
  const types = (Array.isArray(property.type) ? property.type : [property.type]).filter((t) => t !== 'null');
  const type = types.length === 1 ? types[0] : undefined;
  switch (type) {
    case 'integer':
      return 'BIGINT';
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return property.format === 'date-time' ? 'TIMESTAMPTZ' : property.format === 'date' ? 'DATE' : 'VARCHAR';
    default:
      // Objects, arrays and unions stay JSON text: quality rules compare them as text.
      return 'VARCHAR';
  }
}

/** The logical family of a DuckDB type, to compare an output column with its contract. */
export function typeFamily(duckType: string): 'string' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'date' | 'other' {
  const t = duckType.toUpperCase();
  if (/^(VARCHAR|TEXT|STRING|UUID|JSON)/.test(t)) return 'string';
  if (/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)\b/.test(t)) return 'integer';
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)/.test(t)) return 'number';
  if (t === 'BOOLEAN') return 'boolean';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'DATE') return 'date';
  return 'other';
}

export function isObj(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
