import { Finding } from '../contract';
import type { DataContractRule } from './rule-catalogue';
import { readInput } from '../contract-files/read-input';
import { readYaml, ValuePath } from '../contract-files/yaml-source';

/**
 * Sample records with positions: `.ndjson`/`.jsonl` hold one JSON record per line; a `.json` file
 * holds one record, or an array of records.
 */
export interface SampleRecord {
  file: string;
  /** Human label, e.g. `line 3` or `[2]`. */
  label: string;
  value: unknown;
  locate(path: ValuePath): { line: number; column: number };
}

export async function readSamples(given: string, cwd: string): Promise<{ records: SampleRecord[]; findings: Finding<DataContractRule>[] }> {
  const input = await readInput(given, cwd, 'data-contract');
  if ('finding' in input) return { records: [], findings: [input.finding] };
  const text = input.text;
  const findings: Finding<DataContractRule>[] = [];
  const records: SampleRecord[] = [];
  const syntax = (line: number, column: number, message: string) =>
    findings.push({ rule: 'data-contract/sample-syntax', severity: 'error', message, file: given, line, column });

  if (/\.(nd)?jsonl?$/i.test(given) && !/\.json$/i.test(given)) {
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      const parsed = strictJson(raw);
      if ('error' in parsed)
        return syntax(i + 1, 1, `Line ${i + 1} is not a JSON record: ${parsed.error}. Write one JSON object per line.`);
      const doc = readYaml(raw, given, { rule: 'data-contract', reader: 'JSON' }).documents[0];
      records.push({
        file: given,
        label: `line ${i + 1}`,
        value: parsed.value,
        locate: (path) => {
          const pos = doc ? doc.locate(path) : { line: 1, column: 1 };
          return { line: i + 1, column: pos.column };
        },
      });
    });
    return { records, findings };
  }

  const parsed = strictJson(text);
  if ('error' in parsed) {
    const source = readYaml(text, given, { rule: 'data-contract', reader: 'JSON' });
    const at = source.findings[0] ?? { line: 1, column: 1 };
    syntax(at.line ?? 1, at.column ?? 1, `Not valid JSON: ${parsed.error}. Fix the sample file.`);
    return { records, findings };
  }
  const doc = readYaml(text, given, { rule: 'data-contract', reader: 'JSON' }).documents[0];
  const locateIn = (prefix: ValuePath) => (path: ValuePath) => (doc ? doc.locate([...prefix, ...path]) : { line: 1, column: 1 });
  if (Array.isArray(parsed.value)) {
    parsed.value.forEach((value, i) => records.push({ file: given, label: `[${i}]`, value, locate: locateIn([i]) }));
  } else {
    records.push({ file: given, label: 'the record', value: parsed.value, locate: locateIn([]) });
  }
  return { records, findings };
}

function strictJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: String((error as Error).message).replace(/\.$/, '') };
  }
}
