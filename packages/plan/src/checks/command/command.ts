import { CheckDefinition, CheckUsageError, resultOf } from '../contract';
import { confinedEnv, runConfined } from '../process/confined';
import { failuresIn } from './failures';
import { CommandRule, rules } from './rule-catalogue';

interface CommandOptions {
  command?: string;
  timeout?: unknown;
  env?: unknown;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A positive, finite number of seconds. The option schema (builtin.ts) rejects other values at
 * the option's position in plan.yaml first; this guards direct calls (never "within NaNs").
 */
function timeoutSeconds(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0) {
    throw new CheckUsageError(
      `command: the timeout option (with.timeout, --timeout) must be a positive number of seconds, e.g. \`timeout: 300\` (got ${JSON.stringify(raw) ?? String(raw)}).`,
    );
  }
  return raw;
}

function envNames(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some((name) => typeof name !== 'string' || !ENV_NAME.test(name))) {
    throw new CheckUsageError(
      `command: the env option (with.env, --env) must list names of environment variables to pass to the command, e.g. \`env: [DATABASE_URL]\` (got ${JSON.stringify(raw)}).`,
    );
  }
  return raw as string[];
}

/**
 * Runs `command` through the shell in the plan's folder; exit code 0 passes. The command runs
 * confined: PATH, HOME, locale and TMPDIR only, plus the variables `with.env` names (so no
 * credential of the calling process leaks unless asked for), in its own process group, which is
 * killed with everything it started when it ends or times out. The output is kept (its last
 * 64 KiB) in the result's metadata so a failure can be read without re-running.
 */
export const check: CheckDefinition<CommandOptions, CommandRule> = {
  name: 'command',
  rules,
  summary: 'Runs a shell command in the plan folder; exit code 0 passes',
  pathsDescription: 'none (the command comes from --command)',
  options: [
    { name: 'command', type: 'string', description: 'Shell command to run' },
    { name: 'timeout', type: 'number', description: 'Seconds before the command and everything it started are killed', default: 300 },
    {
      name: 'env',
      type: 'string[]',
      description: 'Names of environment variables passed to the command (otherwise only PATH, HOME, LANG, LC_*, TMPDIR)',
    },
  ],
  async run(_paths, options, context) {
    const command = options.command;
    if (!command || typeof command !== 'string') throw new CheckUsageError('command needs --command "<shell command>".');
    const seconds = timeoutSeconds(options.timeout === undefined ? 300 : options.timeout);
    const pass = envNames(options.env);
    const started = Date.now();
    const outcome = await runConfined({
      command,
      shell: true,
      cwd: context.cwd,
      env: confinedEnv({ pass }),
      timeoutMs: seconds * 1000,
    });
    const metadata = { command, exitCode: outcome.code, durationMs: Date.now() - started, output: outcome.output, env: pass };
    if (outcome.spawnError) {
      return resultOf(
        'command',
        [{ rule: 'command/spawn', severity: 'error', message: `Could not start "${command}": ${outcome.spawnError}`, file: context.cwd }],
        metadata,
      );
    }
    if (outcome.timedOut) {
      return resultOf(
        'command',
        [
          {
            rule: 'command/timeout',
            severity: 'error',
            message: `"${command}" did not finish within ${seconds}s and was stopped with everything it started; raise with.timeout or make it faster.`,
            file: context.cwd,
          },
        ],
        metadata,
      );
    }
    if (outcome.code !== 0) {
      const exited = `"${command}" exited with ${outcome.code ?? outcome.signal}`;
      // A test or compiler failure the output names (file, line) is the finding; else the output's last lines.
      const failures = failuresIn(outcome.output, context.cwd);
      if (failures.length > 0) {
        return resultOf(
          'command',
          failures.map((f) => ({
            rule: 'command/exit-code' as const,
            severity: 'error' as const,
            message: `${exited}: ${f.message}`,
            file: f.file ?? context.cwd,
            ...(f.line ? { line: f.line, ...(f.column ? { column: f.column } : {}) } : {}),
          })),
          metadata,
        );
      }
      const tail = outcome.output.trim().split('\n').slice(-5).join('\n');
      return resultOf(
        'command',
        [{ rule: 'command/exit-code', severity: 'error', message: `${exited}${tail ? `:\n${tail}` : ''}`, file: context.cwd }],
        metadata,
      );
    }
    return resultOf('command', [], metadata);
  },
};
