import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckUsageError } from '../contract';
import { parseCheckedPlanYaml } from '../check-options';
import { runCheck } from '../run-check';
import { check } from './command';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'plan-command-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (options: Record<string, unknown>) => runCheck('command', [], options, { cwd: dir });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) [ZX]/.test(stat);
}

async function dies(pid: number): Promise<boolean> {
  const until = Date.now() + 3000;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

describe('command: timeout', () => {
  it.each([['abc'], [0], [-5], [Number.NaN], [Number.POSITIVE_INFINITY], [''], [null], [true], ['5']])(
    'timeout %p is a usage error naming the option, not an instant kill',
    async (timeout) => {
      // Through runCheck (CLI, plan verify, executor) the option schema answers first...
      await expect(run({ command: 'exit 0', timeout })).rejects.toThrow(/Option "timeout" of check "command"/);
      // ...and the check itself refuses it when called directly.
      const direct = check.run([], { command: 'exit 0', timeout }, { cwd: dir });
      await expect(direct).rejects.toBeInstanceOf(CheckUsageError);
      await expect(direct).rejects.toThrow(/the timeout option \(with\.timeout, --timeout\) must be a positive number of seconds/);
    },
  );

  it('in plan.yaml, a bad timeout is reported at the option by plan validate', () => {
    const yaml = [
      'version: 1',
      'name: t',
      'kind: custom',
      'title: T',
      'phases:',
      "  - id: '1'",
      '    title: P',
      '    tasks:',
      "      - id: '1.1'",
      '        key: a',
      '        title: A',
      '        checks:',
      '          - uses: command',
      '            with: { command: make test, timeout: abc }',
      '',
    ].join('\n');
    const { diagnostics } = parseCheckedPlanYaml(yaml, 'plan.yaml');
    expect(diagnostics).toEqual([expect.objectContaining({ line: 14, message: expect.stringContaining('"timeout"') })]);
  });

  it('on timeout the command and the background job it started are killed, and the finding says so', async () => {
    const pidFile = path.join(dir, 'bg.pid');
    const started = Date.now();
    const result = await run({ command: `sleep 300 & echo $! > '${pidFile}'; sleep 300`, timeout: 0.5 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'command/timeout', message: expect.stringContaining('within 0.5s and was stopped') }),
    ]);
    expect(await dies(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });

  it('a background job left by a command that passed is killed when the check ends', async () => {
    const pidFile = path.join(dir, 'bg.pid');
    const result = await run({ command: `sleep 300 & echo $! > '${pidFile}'; echo ok` });
    expect(result.ok).toBe(true);
    expect(result.metadata?.output).toBe('ok\n');
    expect(await dies(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });
});

describe('command: environment', () => {
  const SECRETS = { NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'nx-secret', GITHUB_TOKEN: 'gh-secret', AWS_SECRET_ACCESS_KEY: 'aws' };
  let saved: NodeJS.ProcessEnv;
  beforeEach(() => {
    saved = { ...process.env };
    Object.assign(process.env, SECRETS, { PLAN_SPEC_SETTING: 'visible' });
  });
  afterEach(() => {
    for (const key of [...Object.keys(SECRETS), 'PLAN_SPEC_SETTING']) if (!(key in saved)) delete process.env[key];
  });

  const seen = async (options: Record<string, unknown>) => {
    const result = await run({ command: `node -e "process.stdout.write(JSON.stringify(process.env))"`, ...options });
    expect(result.ok).toBe(true);
    return JSON.parse(String(result.metadata?.output)) as Record<string, string>;
  };

  it('gets PATH and HOME but none of our tokens or other variables', async () => {
    const env = await seen({});
    expect(Object.keys(env).filter((k) => k in SECRETS || k === 'PLAN_SPEC_SETTING')).toEqual([]);
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.HOME).toBe(process.env.HOME);
  });

  it('gets exactly the variables with.env names, a token included', async () => {
    const env = await seen({ env: ['PLAN_SPEC_SETTING', 'GITHUB_TOKEN'] });
    expect(env).toMatchObject({ PLAN_SPEC_SETTING: 'visible', GITHUB_TOKEN: 'gh-secret' });
    expect(env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).toBeUndefined();
  });

  it('with.env must be a list of variable names', async () => {
    await expect(run({ command: 'true', env: 'GITHUB_TOKEN' })).rejects.toThrow(/Option "env" of check "command"/);
    await expect(run({ command: 'true', env: ['NOT A NAME'] })).rejects.toBeInstanceOf(CheckUsageError);
    await expect(check.run([], { command: 'true', env: 'GITHUB_TOKEN' }, { cwd: dir })).rejects.toThrow(
      /the env option \(with\.env, --env\) must list names/,
    );
  });
});

it('command is registered with its options', () => {
  expect(check.options.map((o) => o.name)).toEqual(['command', 'timeout', 'env']);
});
