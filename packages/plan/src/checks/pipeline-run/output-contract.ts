import { Finding } from '../contract';
import { readInput } from '../contract-files/read-input';
import { readYaml, ValuePath, YamlDocument } from '../contract-files/yaml-source';
import { isObj } from '../data-pipeline/columns';

/**
 * What an output must meet, read from its ODCS data contract (the first schema object's
 * properties): each column's logical type, whether it is required (no nulls), unique or part of
 * the primary key, with the line of each property for findings.
 */
export interface ContractColumn {
  name: string;
  logicalType?: string;
  required: boolean;
  unique: boolean;
  primaryKey: boolean;
  at: ValuePath;
}

export interface OutputContract {
  file: string;
  doc: YamlDocument;
  columns: ContractColumn[];
}

export async function readOutputContract(given: string, cwd: string): Promise<{ contract?: OutputContract; findings: Finding[] }> {
  const input = await readInput(given, cwd, 'pipeline');
  if ('finding' in input) return { findings: [input.finding] };
  const source = readYaml(input.text, given, { rule: 'pipeline', reader: 'an ODCS reader' });
  if (source.findings.length > 0) return { findings: source.findings };
  const doc = source.documents[0];
  const schema = isObj(doc?.value) && Array.isArray(doc.value.schema) ? doc.value.schema[0] : undefined;
  if (!isObj(schema) || !Array.isArray(schema.properties)) {
    return {
      findings: [
        {
          rule: 'pipeline/output-contract',
          severity: 'error',
          message: 'The output contract has no `schema[0].properties`: an ODCS contract must list the columns of the output.',
          file: given,
          ...(doc ? doc.locate(['schema']) : { line: 1, column: 1 }),
        },
      ],
    };
  }
  const columns: ContractColumn[] = [];
  schema.properties.forEach((p: unknown, i: number) => {
    if (!isObj(p) || typeof p.name !== 'string') return;
    columns.push({
      name: p.name,
      logicalType: typeof p.logicalType === 'string' ? p.logicalType : undefined,
      required: p.required === true || p.primaryKey === true,
      unique: p.unique === true,
      primaryKey: p.primaryKey === true,
      at: ['schema', 0, 'properties', i],
    });
  });
  return { contract: { file: given, doc, columns }, findings: [] };
}

/** Whether a DuckDB type family satisfies an ODCS logical type. */
export function fitsLogicalType(family: string, logicalType: string | undefined): boolean {
  switch (logicalType) {
    case undefined:
      return true;
    case 'string':
      return family === 'string';
    case 'integer':
      return family === 'integer';
    case 'number':
      return family === 'number' || family === 'integer';
    case 'boolean':
      return family === 'boolean';
    case 'timestamp':
      return family === 'timestamp';
    case 'date':
      return family === 'date';
    default:
      return true;
  }
}
