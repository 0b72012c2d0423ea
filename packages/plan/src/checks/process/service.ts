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
