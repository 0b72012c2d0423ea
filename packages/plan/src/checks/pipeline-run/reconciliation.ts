import { Finding } from '../contract';
import { readInput } from '../contract-files/read-input';
import { readYaml, YamlDocument } from '../contract-files/yaml-source';
import { isObj } from '../data-pipeline/columns';

/**
 * quality/reconciliation.yaml: source and output measures that must agree after a run, each a
 * SQL query returning one value over the landed sources and the model outputs, e.g. distinct
 * users in `events` = rows of `user_activity`, total value in = total value out.
 */
export interface Reconciliation {
  name: string;
  source: string;
  output: string;
  tolerance: number;
  line: number;
  column: number;
}

export async function readReconciliation(
  given: string,
  cwd: string,
): Promise<{ rules: Reconciliation[]; doc?: YamlDocument; findings: Finding[] }> {
  const input = await readInput(given, cwd, 'pipeline');
  if ('finding' in input) return { rules: [], findings: [input.finding] };
  const source = readYaml(input.text, given, { rule: 'pipeline', reader: 'the reconciliation reader' });
  if (source.findings.length > 0) return { rules: [], findings: source.findings };
  const doc = source.documents[0];
  const list = isObj(doc?.value) ? doc.value.reconciliation : undefined;
  const findings: Finding[] = [];
  const rules: Reconciliation[] = [];
  if (!Array.isArray(list) || list.length === 0) {
    findings.push({
      rule: 'pipeline/reconciliation',
      severity: 'error',
      message: '`reconciliation` must list { name, source, output } pairs of SQL measures.',
      file: given,
      ...(doc ? doc.locate(['reconciliation']) : { line: 1, column: 1 }),
    });
    return { rules, findings };
  }
  list.forEach((raw, i) => {
    const pos = doc.locate(['reconciliation', i]);
    if (!isObj(raw) || typeof raw.name !== 'string' || typeof raw.source !== 'string' || typeof raw.output !== 'string') {
      findings.push({
        rule: 'pipeline/reconciliation',
        severity: 'error',
        message: 'A reconciliation needs `name`, `source` (SQL over the sources) and `output` (SQL over the outputs).',
        file: given,
        ...pos,
      });
      return;
    }
    const tolerance = typeof raw.tolerance === 'number' && raw.tolerance >= 0 ? raw.tolerance : 0;
    rules.push({ name: raw.name, source: raw.source, output: raw.output, tolerance, ...pos });
  });
  return { rules, doc, findings };
}
