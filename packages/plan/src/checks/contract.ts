/**
 * The checks contract (architecture.md): every check is a function from paths and options to a
 * CheckResult. The Nx executor, the CLI and `plan verify` all call checks through this contract.
 */
import type { RuleCatalogue } from './rule-catalogue';

export type Severity = 'error' | 'warning' | 'info';

/** `R` is the union of a check's declared rule ids (rule-catalogue.ts), so a misspelt rule does not compile. */
export interface Finding<R extends string = string> {
  /** Stable rule id, e.g. `schema/primary-key`, `DL3002`, `mojo/zip-slip`; declared in the check's rule catalogue. */
  rule: R;
  severity: Severity;
  /** What is wrong and how to fix it. */
  message: string;
  /** The path as the caller gave it (relative paths stay relative). */
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface CheckResult<R extends string = string> {
  check: string;
  /** true when no finding has severity `error`. */
  ok: boolean;
  findings: Finding<R>[];
  metadata?: Record<string, unknown>;
}

export interface CheckContext {
  /** Folder that relative paths are resolved against. */
  cwd: string;
  /** Progress lines for long work (the CLI prints them on stderr). */
  log?: (message: string) => void;
}

export type CheckOptionType = 'string' | 'boolean' | 'number' | 'string[]';

/** Describes one option so the CLI can parse `--name value` and print `--help`. */
export interface CheckOptionSpec {
  name: string;
  type: CheckOptionType;
  description: string;
  default?: unknown;
}

export interface CheckDefinition<Options = Record<string, unknown>, R extends string = string> {
  name: string;
  /**
   * Every rule the check may report (rule-catalogue.ts): SARIF rule help, `--list-rules`, and runCheck
   * rejects findings with undeclared ids. Required: a check without a catalogue does not type-check.
   */
  rules: RuleCatalogue;
  /** One line for `plan --help`. */
  summary: string;
  /** What a path argument is, for `--help` (e.g. "schemas/*.json or *.sql files"). */
  pathsDescription: string;
  options: CheckOptionSpec[];
  run(paths: string[], options: Options, context: CheckContext): Promise<CheckResult<R>>;
  /** Releases engines held for reuse (e.g. PGlite), so the process can exit at once. */
  dispose?(): Promise<void>;
}

/** Thrown for a usage problem (bad option, no paths): the CLI exits 2 with the message. */
export class CheckUsageError extends Error {
  override name = 'CheckUsageError';
}

export function resultOf<R extends string = string>(
  check: string,
  findings: Finding<R>[],
  metadata?: Record<string, unknown>,
): CheckResult<R> {
  const result: CheckResult<R> = { check, ok: !findings.some((f) => f.severity === 'error'), findings };
  if (metadata !== undefined) result.metadata = metadata;
  return result;
}
