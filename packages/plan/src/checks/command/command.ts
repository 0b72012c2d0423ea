import { spawn } from 'node:child_process';
import { CheckDefinition, CheckUsageError, resultOf } from '../contract';

interface CommandOptions {
  command?: string;
  timeout?: number;
}

const OUTPUT_LIMIT = 64 * 1024;

/**
 * Runs `command` through the shell in the plan's folder; exit code 0 passes. The output is kept
 * (its last 64 KiB) in the result's metadata so a failure can be read without re-running.
 */
export const check: CheckDefinition<CommandOptions> = {
  name: 'command',
  summary: 'Runs a shell command in the plan folder; exit code 0 passes',
  pathsDescription: 'none (the command comes from --command)',
  options: [
    { name: 'command', type: 'string', description: 'Shell command to run' },
    { name: 'timeout', type: 'number', description: 'Seconds before the command is killed', default: 300 },
  ],
  async run(_paths, options, context) {
    const command = options.command;
    if (!command || typeof command !== 'string') throw new CheckUsageError('command needs --command "<shell command>".');
    const timeoutMs = Math.max(1, Number(options.timeout ?? 300)) * 1000;
    const started = Date.now();
    const outcome = await new Promise<{
      code: number | null;
      signal: string | null;
      output: string;
      timedOut: boolean;
      spawnError?: string;
    }>((resolve) => {
      let output = '';
      let timedOut = false;
      const child = spawn(command, {
        cwd: context.cwd,
        shell: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
      });
      const keep = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.length > OUTPUT_LIMIT * 2) output = output.slice(-OUTPUT_LIMIT);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => {
        timedOut = true;
        killTree(child.pid);
      }, timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        resolve({ code: null, signal: null, output, timedOut, spawnError: error.message });
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, output: output.slice(-OUTPUT_LIMIT), timedOut });
      });
    });
    const metadata = { command, exitCode: outcome.code, durationMs: Date.now() - started, output: outcome.output };
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
            message: `"${command}" did not finish within ${timeoutMs / 1000}s and was stopped; raise with.timeout or make it faster.`,
            file: context.cwd,
          },
        ],
        metadata,
      );
    }
    if (outcome.code !== 0) {
      const tail = outcome.output.trim().split('\n').slice(-5).join('\n');
      return resultOf(
        'command',
        [
          {
            rule: 'command/exit-code',
            severity: 'error',
            message: `"${command}" exited with ${outcome.code ?? outcome.signal}${tail ? `:\n${tail}` : ''}`,
            file: context.cwd,
          },
        ],
        metadata,
      );
    }
    return resultOf('command', [], metadata);
  },
};

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
