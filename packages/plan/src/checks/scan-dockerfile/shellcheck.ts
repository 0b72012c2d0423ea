import { spawnSync } from 'node:child_process';
import { ParsedDockerfile, shellOf } from './parse';
import type { Emit } from './rule-types';

/**
 * Optional ShellCheck over shell-form RUN bodies, as warnings (as hadolint does). Used only when
 * a `shellcheck` binary is on PATH; otherwise skipped silently (it is not a dependency).
 */
let available: boolean | undefined;

export function shellcheckAvailable(): boolean {
  if (available === undefined) {
    const probe = spawnSync('shellcheck', ['--version'], { encoding: 'utf8', timeout: 5000 });
    available = probe.status === 0;
  }
  return available;
}

interface ShellcheckComment {
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

export function checkWithShellcheck(parsed: ParsedDockerfile, emit: Emit): void {
  if (!shellcheckAvailable()) return;
  for (const stage of parsed.stages) {
    let shell = 'sh';
    for (const instr of stage.instructions) {
      if (instr.keyword === 'SHELL') {
        // Only POSIX-like shells can be checked; PowerShell/cmd stages are skipped from here on.
        const program = (instr.exec?.[0] ?? '').split('/').pop() ?? '';
        shell = ['sh', 'bash', 'dash', 'ksh'].includes(program) ? program : '';
      }
      if (instr.keyword !== 'RUN' || instr.exec || instr.hasHeredoc || shell === '') continue;
      const script = shellOf(instr, parsed.escapeChar);
      const run = spawnSync('shellcheck', ['-s', shell, '-f', 'json1', '-'], { input: script, encoding: 'utf8', timeout: 20000 });
      let comments: ShellcheckComment[] = [];
      try {
        comments = (JSON.parse(run.stdout || '{}') as { comments?: ShellcheckComment[] }).comments ?? [];
      } catch {
        continue;
      }
      for (const c of comments) {
        const severity = c.level === 'error' || c.level === 'warning' ? 'warning' : 'info';
        // Continuations are joined in the script, so script line n is at least instruction line n.
        emit(`SC${c.code}`, severity, instr, `ShellCheck SC${c.code} in RUN (script line ${c.line}, column ${c.column}): ${c.message}`);
      }
    }
  }
}
