import { CheckOptionSpec, CheckUsageError } from '../contract';
import { confinedEnv, ConfinedService, startConfined } from './confined';
import { httpCall, portOpen } from './http-call';

export interface ServiceOptions {
  command: string;
  port: number;
  cwd: string;
  readyPath: string;
  readyTimeoutMs: number;
  /** Variable names the user passes through explicitly. */
  env: string[];
}

/** The options of a check that starts the service it tests (contract-test, load-test), as `--help` lists them. */
export const SERVICE_OPTIONS = {
  command: {
    name: 'command',
    type: 'string',
    description: 'Shell command that starts the service in the plan folder (it gets PORT and HOST=127.0.0.1)',
  },
  port: { name: 'port', type: 'number', description: 'Loopback port the service listens on' },
  timeout: { name: 'timeout', type: 'number', description: 'Seconds the service has to answer its first request', default: 30 },
  readyPath: { name: 'readyPath', type: 'string', description: 'Path polled until the service answers (any status)', default: '/' },
  env: { name: 'env', type: 'string[]', description: 'Names of environment variables passed to the service (others are not)' },
} satisfies Record<string, CheckOptionSpec>;

/** The command and port a service-starting check was given; a usage error names the check and the option. */
export function commandAndPort(check: string, options: { command?: unknown; port?: unknown }): { command: string; port: number } {
  const command = typeof options.command === 'string' ? options.command.trim() : '';
  if (!command) throw new CheckUsageError(`${check} needs --command "<shell command that starts the service>".`);
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new CheckUsageError(`${check} needs --port <1-65535>, the loopback port the service listens on.`);
  return { command, port };
}

export type StartOutcome =
  { service: ConfinedService; readyMs: number } | { problem: 'port-in-use' | 'exited' | 'not-ready'; message: string };

/**
 * Starts the service (shell command, minimal environment with PORT and HOST set, own process
 * group) and polls GET readyPath until any HTTP answer. A port already taken is refused first:
 * otherwise the check would test whatever else listens there. On failure the service is stopped.
 */
export async function startService(options: ServiceOptions): Promise<StartOutcome> {
  if (await portOpen(options.port)) {
    return { problem: 'port-in-use', message: `something already listens on 127.0.0.1:${options.port}: stop it or choose another port` };
  }
  const env = confinedEnv({ set: { PORT: String(options.port), HOST: '127.0.0.1' }, pass: options.env });
  const service = startConfined({ command: options.command, shell: true, cwd: options.cwd, env });
  const started = Date.now();
  while (Date.now() - started < options.readyTimeoutMs) {
    const exit = service.exit();
    if (exit) {
      await service.stop();
      const how = exit.spawnError ?? (exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`);
      return { problem: 'exited', message: `the service exited before answering (${how})${outputTail(service)}` };
    }
    const reply = await httpCall(options.port, 'GET', options.readyPath, { timeoutMs: 1000 });
    if (!('error' in reply)) return { service, readyMs: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await service.stop();
  return {
    problem: 'not-ready',
    message: `the service did not answer GET ${options.readyPath} on 127.0.0.1:${options.port} within ${options.readyTimeoutMs / 1000} s: does it listen on $PORT?${outputTail(service)}`,
  };
}

function outputTail(service: ConfinedService): string {
  const lines = service.output().trim().split('\n').slice(-8).join('\n');
  return lines ? `; its last output:\n${lines}` : '';
}
