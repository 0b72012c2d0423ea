import { PUBLISHED_NAME } from '../utils/package-info';
import type { Finding, Severity } from './contract';

/**
 * The rule catalogue of a check: every rule id it may report, declared once, with its default
 * severity and a line of help. SARIF output carries the help (tool.driver.rules), `plan <check>
 * --list-rules` prints it, and the ids become a type, so a finding with a misspelt rule is a
 * compile error. runCheck rejects at run time any finding whose rule its check does not declare
 * (checks registered at run time are not type-checked).
 *
 * How a check adopts it (see checks/README.md):
 *
 *   // checks/my-check/rule-catalogue.ts
 *   export const rules = defineRules({
 *     'my/missing': { severity: 'error', help: 'Every listed thing exists.' },
 *     'SC*': { severity: 'warning', help: 'ShellCheck finding.', uri: 'https://www.shellcheck.net/wiki/{id}' },
 *   });
 *   export type MyRule = RuleId<typeof rules>;   // 'my/missing' | `SC${string}`
 *
 *   // checks/my-check/my-check.ts
 *   export const check: CheckDefinition<MyOptions, MyRule> = { name: 'my-check', rules, ..., run() {...} };
 *
 * A key ending in `*` declares a family (ids an external tool numbers, e.g. ShellCheck's SC codes).
 * Without `uri`, the help URI is the check's row in the README's check table on the package page.
 */
export interface RuleHelp {
  /** The severity the rule reports by default (SARIF defaultConfiguration.level). */
  severity: Severity;
  /** One line: what the rule demands and how to satisfy it. */
  help: string;
  /** More help; `{id}` is replaced by the reported id (for families). Default: the check's README anchor. */
  uri?: string;
}

export type RuleCatalogue = Readonly<Record<string, RuleHelp>>;

/** The ids a catalogue declares, as a type: a family `SC*` stands for every id starting with `SC`. */
export type RuleId<C> = IdOf<keyof C & string>;
type IdOf<K extends string> = K extends `${infer Prefix}*` ? `${Prefix}${string}` : K;

/** The part of a rule id after a prefix: `RuleSuffix<'compose/port' | 'x/y', 'compose/'>` is `'port'` (for helpers that prefix). */
export type RuleSuffix<R extends string, Prefix extends string> = R extends `${Prefix}${infer Rest}` ? Rest : never;

/** Declares a catalogue, keeping its keys literal so that `RuleId<typeof rules>` is a union. */
export function defineRules<const C extends Record<string, RuleHelp>>(rules: C): C {
  for (const [id, spec] of Object.entries(rules)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9/._-]*\*?$/.test(id))
      throw new Error(`Rule id "${id}" must be letters, digits, / . _ - (a family ends in *).`);
    if (spec.help.trim() === '') throw new Error(`Rule "${id}" needs a line of help.`);
  }
  return rules;
}

/** The declaration of a reported id: its exact entry, else the longest family prefix it starts with. */
export function ruleOf(catalogue: RuleCatalogue, id: string): { key: string; spec: RuleHelp } | undefined {
  if (id.includes('*')) return undefined; // a family's key is not a reportable id
  if (Object.prototype.hasOwnProperty.call(catalogue, id)) return { key: id, spec: catalogue[id] };
  let best: { key: string; spec: RuleHelp } | undefined;
  for (const [key, spec] of Object.entries(catalogue)) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    if (id.startsWith(prefix) && id.length > prefix.length && (!best || prefix.length > best.key.length - 1)) best = { key, spec };
  }
  return best;
}

/** The rule ids of findings that the catalogue does not declare (sorted, each once). */
export function undeclaredRules(catalogue: RuleCatalogue | undefined, findings: readonly Finding[]): string[] {
  const undeclared = new Set<string>();
  for (const f of findings) if (!catalogue || !ruleOf(catalogue, f.rule)) undeclared.add(f.rule);
  return [...undeclared].sort();
}

/** The anchor of a check's row in the README's check table (`<a id="check-<name>">`). */
export function checkAnchor(check: string): string {
  return `check-${check.replace(/[^A-Za-z0-9-]/g, '-').toLowerCase()}`;
}

/** Where to read more about a rule: its own URI, else its check's row in the README on the package page. */
export function helpUriOf(check: string, id: string, spec: RuleHelp): string {
  if (spec.uri) return spec.uri.split('{id}').join(encodeURIComponent(id));
  return `https://www.npmjs.com/package/${PUBLISHED_NAME}#${checkAnchor(check)}`;
}

/** One row of `plan <check> --list-rules --json`. */
export interface RuleListing {
  id: string;
  severity: Severity;
  help: string;
  helpUri: string;
}

export function listRules(check: string, catalogue: RuleCatalogue): RuleListing[] {
  return Object.entries(catalogue)
    .map(([id, spec]) => ({ id, severity: spec.severity, help: spec.help, helpUri: helpUriOf(check, id, spec) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}
