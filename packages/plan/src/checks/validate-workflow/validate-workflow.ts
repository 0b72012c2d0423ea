import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { readInput, sortFindings } from '../contract-files/read-input';
import { readYaml } from '../contract-files/yaml-source';
import { needsFindings } from './needs';
import { rules, WorkflowRule } from './rule-catalogue';
import { parseWorkflows, ParsedWorkflow } from './parser-child';

/**
 * GitHub Actions workflows as GitHub reads them: structure per the Actions workflow schema,
 * `needs` naming jobs that exist (and no cycles), known events, and the syntax and context names
 * of every `${{ }}` expression, all judged by GitHub's own parser (@actions/workflow-parser).
 */
export const check: CheckDefinition<Record<string, never>, WorkflowRule> = {
  name: 'validate-workflow',
  rules,
  summary: "GitHub Actions workflows: structure, events, needs naming existing jobs, ${{ }} expression syntax (GitHub's parser)",
  pathsDescription: '.github/workflows/*.yml files',
  options: [],
  async run(paths, _options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-workflow needs at least one workflow file.');
    const findings: Finding<WorkflowRule>[] = [];
    const inputs: { given: string; content: string }[] = [];
    const files: Record<string, unknown>[] = [];
    for (const given of paths) {
      const input = await readInput(given, context.cwd, 'workflow');
      if ('finding' in input) {
        findings.push(input.finding);
        files.push({ file: given, error: 'unreadable' });
      } else inputs.push({ given, content: input.text });
    }
    if (inputs.length > 0) {
      let parsed: ParsedWorkflow[];
      try {
        parsed = await parseWorkflows(inputs.map((i) => ({ name: i.given, content: i.content })));
      } catch (error) {
        // The check could not judge these files: say so, never pass.
        for (const { given } of inputs) {
          findings.push({
            rule: 'workflow/parser-failed',
            severity: 'error',
            message: `Could not run GitHub's workflow parser: ${(error as Error).message}`,
            file: given,
          });
          files.push({ file: given, error: 'parser failed' });
        }
        return resultOf('validate-workflow', sortFindings(findings), { files });
      }
      inputs.forEach(({ given, content }, i) => {
        const result = parsed[i];
        const onLines = eventLines(content);
        for (const e of result.errors) {
          const finding: Finding<WorkflowRule> = {
            rule: ruleOf(e.message, e.line, onLines),
            severity: 'error',
            message: messageOf(e.message),
            file: given,
          };
          if (e.line) {
            finding.line = e.line;
            finding.column = e.column ?? 1;
          }
          findings.push(finding);
        }
        const yaml = readYaml(content, given, { rule: 'workflow', reader: 'GitHub' });
        if (yaml.findings.length === 0 && yaml.documents[0]) {
          findings.push(
            ...needsFindings(
              yaml.documents[0],
              given,
              result.errors.map((e) => e.message),
            ),
          );
        }
        files.push({
          file: given,
          events: result.events,
          jobs: result.jobs.map((j) => j.id),
          needs: Object.fromEntries(result.jobs.map((j) => [j.id, j.needs])),
        });
      });
    }
    return resultOf('validate-workflow', sortFindings(findings), { files });
  },
};

const EXPRESSION =
  /Unrecognized named-value|Unexpected symbol|Unrecognized function|Unexpected end of expression|Expected .*(?:after|before)|Too (?:few|many) parameters|Unclosed|Exceeded max expression|Unexpected type of value|Invalid format string|Unexpected character/i;

function ruleOf(message: string, line: number | undefined, onLines: [number, number] | undefined): WorkflowRule {
  if (/depends on unknown job|dependency cycle|no dependencies|needs/i.test(message)) return 'workflow/needs';
  if (EXPRESSION.test(message)) return 'workflow/expression';
  if (line !== undefined && onLines && line >= onLines[0] && line <= onLines[1]) return 'workflow/event';
  if (
    /YAML|indent|flow (?:sequence|mapping)|block (?:sequence|mapping)|Map keys must be unique|Implicit keys|Nested mappings/i.test(message)
  )
    return 'workflow/yaml-syntax';
  return 'workflow/schema';
}

function messageOf(raw: string): string {
  const first = raw.split('\n')[0].trim().replace(/\.$/, '');
  const unexpected = /^Unexpected value '(.*)'$/.exec(first);
  if (unexpected) return `Unexpected value '${unexpected[1]}': GitHub does not accept this key here (check its spelling and indentation).`;
  return `${first}.`;
}

/** First and last line of the `on:` section, to tell event errors from others. */
function eventLines(content: string): [number, number] | undefined {
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(content, { lineCounter });
    if (!isMap(doc.contents)) return undefined;
    for (const pair of doc.contents.items) {
      const key = pair.key;
      if (!isScalar(key) || (key.value !== 'on' && key.value !== true)) continue;
      const start = key.range?.[0];
      const value = pair.value as { range?: [number, number, number] } | null;
      const end = value?.range?.[1] ?? key.range?.[1];
      if (start === undefined || end === undefined) return undefined;
      return [lineCounter.linePos(start).line, lineCounter.linePos(Math.max(start, end - 1)).line];
    }
  } catch {
    return undefined;
  }
  return undefined;
}
