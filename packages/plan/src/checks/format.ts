import { escapeControl, UNSAFE_CHARACTERS } from '../model/diagnostics';
import { PUBLISHED_NAME } from '../utils/package-info';
import { CheckResult, Finding } from './contract';
import { PLAN_RULES } from './plan-rules';
import { helpUriOf, RuleCatalogue, ruleOf } from './rule-catalogue';

export type OutputFormat = 'text' | 'json' | 'sarif';
export const OUTPUT_FORMATS: OutputFormat[] = ['text', 'json', 'sarif'];

/** The finding with its message and file name safe to print (control and bidi characters escaped). */
function printable(f: Finding): Finding {
  return { ...f, message: escapeControl(f.message), file: escapeControl(f.file) };
}

/** Every result with printable findings: each format below prints through this. */
function printableResults(results: CheckResult[]): CheckResult[] {
  return results.map((r) => ({ ...r, findings: r.findings.map(printable) }));
}

function location(f: Finding): string {
  if (f.line === undefined) return f.file;
  return `${f.file}:${f.line}:${f.column ?? 1}`;
}

/** `file:line:col  severity  message  (rule)`, one finding per line, then a summary line. */
export function formatText(given: CheckResult[]): string {
  const results = printableResults(given);
  const lines: string[] = [];
  for (const r of results) {
    for (const f of r.findings) lines.push(`${location(f)}  ${f.severity}  ${f.message}  (${f.rule})`);
  }
  for (const r of results) {
    const errors = r.findings.filter((f) => f.severity === 'error').length;
    const warnings = r.findings.filter((f) => f.severity === 'warning').length;
    lines.push(`${r.check}: ${r.ok ? 'ok' : 'failed'} (${errors} error(s), ${warnings} warning(s))`);
  }
  return lines.join('\n') + '\n';
}

/** One CheckResult as JSON, or an array when several checks ran. */
export function formatJson(given: CheckResult[]): string {
  const results = printableResults(given);
  return JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n';
}

/** A file name as a relative URI: forward slashes, unsafe characters percent-encoded. */
function uriOf(file: string): string {
  return file
    .replace(UNSAFE_CHARACTERS, (c) => encodeURIComponent(c))
    .split('\\')
    .join('/');
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** The rule catalogue of a check by name (undefined when it has none, e.g. a result of a check no longer registered). */
export type CatalogueOf = (check: string) => RuleCatalogue | undefined;

/** A SARIF reportingDescriptor: the rule's help from its check's catalogue (or plan's own rules), the bare id when undeclared. */
function sarifRule(check: string, id: string, catalogue: RuleCatalogue | undefined) {
  const declared = (catalogue && ruleOf(catalogue, id)) || ruleOf(PLAN_RULES, id);
  if (!declared) return { id };
  const { spec } = declared;
  const help = escapeControl(spec.help);
  return {
    id,
    shortDescription: { text: help },
    help: { text: help },
    helpUri: helpUriOf(check, id, spec),
    defaultConfiguration: { level: SARIF_LEVEL[spec.severity] },
  };
}

/** SARIF 2.1.0: one run per check, so code-scanning groups findings by tool; rules carry their catalogue's help. */
export function formatSarif(given: CheckResult[], toolVersion: string, catalogueOf: CatalogueOf = () => undefined): string {
  const runs = given.map((raw) => {
    const r = { ...raw, findings: raw.findings.map((f) => ({ ...printable(f), file: uriOf(f.file) })) };
    const ruleIds = [...new Set(raw.findings.map((f) => f.rule))].sort();
    const catalogue = catalogueOf(r.check);
    return {
      tool: {
        driver: {
          name: `plan ${r.check}`,
          version: toolVersion,
          informationUri: `https://www.npmjs.com/package/${PUBLISHED_NAME}`,
          rules: ruleIds.map((id) => sarifRule(r.check, id, catalogue)),
        },
      },
      results: r.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: f.file },
              ...(f.line !== undefined
                ? {
                    region: {
                      startLine: f.line,
                      startColumn: f.column ?? 1,
                      ...(f.endLine !== undefined ? { endLine: f.endLine } : {}),
                      ...(f.endColumn !== undefined ? { endColumn: f.endColumn } : {}),
                    },
                  }
                : {}),
            },
          },
        ],
      })),
    };
  });
  return JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs }, null, 2) + '\n';
}

export function formatResults(results: CheckResult[], format: OutputFormat, toolVersion: string, catalogueOf?: CatalogueOf): string {
  if (format === 'json') return formatJson(results);
  if (format === 'sarif') return formatSarif(results, toolVersion, catalogueOf);
  return formatText(results);
}

/** 0 when every result is ok, 1 when any has an error finding. (2 is for usage/internal errors.) */
export function exitCodeOf(results: CheckResult[]): 0 | 1 {
  return results.every((r) => r.ok) ? 0 : 1;
}
