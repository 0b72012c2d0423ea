import { CheckRef } from '../plan-schema';

/**
 * Verification lines → checks. `Run \`python skills/<skill>/scripts/<script>.py <paths>\`` is the
 * registered check of that name on those paths; any other `Run \`<cmd>\`` is a `command` check
 * marked `imported` (it waits for `plan approve`);
 * "Verify exit code is 0" is what every check already demands, so it adds nothing; the rest is
 * prose a person confirms, kept in the definition of done.
 *
 * The model layer cannot import the check registry, so the seed scripts are listed here.
 */
export const SCRIPT_CHECKS: Readonly<Record<string, string>> = {
  validate_schema: 'validate-schema',
  lint_endpoints: 'lint-endpoints',
  validate_pipeline: 'validate-pipeline',
  validate_mojo: 'validate-mojo',
  scan_dockerfile: 'scan-dockerfile',
};

export type VerificationLine = { kind: 'check'; check: CheckRef } | { kind: 'exit-code' } | { kind: 'prose'; text: string };

const RUN = /^Run\s+(`+)(.+?)\1\s*\.?$/i;
const SCRIPT = /^python3?\s+(?:\.\/)?skills\/[^\s/]+\/scripts\/([A-Za-z0-9_]+)\.py((?:\s+\S+)*)\s*$/;
const EXIT_CODE = /^(?:verify|check|ensure)\s+(?:that\s+)?(?:the\s+)?exit\s+code\s+is\s+0\.?$/i;

export function classifyVerification(line: string): VerificationLine {
  const text = line.trim();
  if (EXIT_CODE.test(text)) return { kind: 'exit-code' };
  const run = RUN.exec(text);
  if (!run) return { kind: 'prose', text };
  const command = run[2].trim();
  const script = SCRIPT.exec(command);
  if (script && SCRIPT_CHECKS[script[1]]) {
    const args = script[2].trim().split(/\s+/).filter(Boolean);
    // Flags would be the script's own options, which the check may not share: run it as written.
    if (args.length > 0 && !args.some((a) => a.startsWith('-'))) {
      return { kind: 'check', check: { uses: SCRIPT_CHECKS[script[1]], with: { paths: args } } };
    }
  }
  // Someone else's document chose this command: it runs only once a person approves it.
  return { kind: 'check', check: { uses: 'command', with: { command }, imported: true } };
}

/** The checks a task's verification lines stand for, in order. */
export function checksOf(lines: readonly string[]): CheckRef[] {
  return lines.flatMap((l) => {
    const c = classifyVerification(l);
    return c.kind === 'check' ? [c.check] : [];
  });
}

/** The prose verification lines (what a person confirms), in order. */
export function proseOf(lines: readonly string[]): string[] {
  return lines.flatMap((l) => {
    const c = classifyVerification(l);
    return c.kind === 'prose' ? [c.text] : [];
  });
}

/**
 * The definition of done as written in the document: the parser appends the prose verification
 * lines to `done`, so the renderer takes that suffix off again (exactly once) to print the list
 * the author wrote.
 */
export function writtenDone(done: readonly string[], verification: readonly string[] | undefined): string[] {
  if (!verification) return [...done];
  const prose = proseOf(verification);
  if (prose.length === 0 || prose.length > done.length) return [...done];
  const tail = done.slice(done.length - prose.length);
  return tail.every((d, i) => d === prose[i]) ? done.slice(0, done.length - prose.length) : [...done];
}
