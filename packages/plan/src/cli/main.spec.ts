import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from './main';
import { diamondPlan, seed000ShapePlan, toYaml } from '../testing/sample-plans';
import { captureIO } from '../testing/capture-io';

function cli(cwd: string) {
  const io = captureIO(cwd);
  return { io, run: (...argv: string[]) => main(argv, io) };
}

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-cli-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('plan CLI', () => {
  const diamondFiles = Object.fromEntries(['base', 'left', 'right', 'join', 'ship'].map((k) => [`d/src/${k}.txt`, k]));

  it('validate: 0 for a valid plan, 1 with located errors', async () => {
    const plan = diamondPlan();
    const root = workspace({
      'd/plan.yaml': toYaml(plan),
      'bad/plan.yaml': toYaml({
        ...plan,
        phases: [{ id: '1', title: 'P', tasks: [{ id: '1.1', key: 'a', title: 'A', dependsOn: ['nope'] }] }],
      }),
    });
    const ok = cli(root);
    expect(await ok.run('validate', 'd')).toBe(0);
    expect(ok.io.stdout).toMatch(/d\/plan.yaml: valid \(4 phase\(s\), 5 task\(s\)\)/);
    const bad = cli(root);
    expect(await bad.run('validate', 'bad/plan.yaml')).toBe(1);
    expect(bad.io.stderr).toMatch(/^bad\/plan\.yaml:\d+:\d+ +error +Task 1\.1 depends on "nope"/m);
  });

  it('graph: text, mermaid and json', async () => {
    const root = workspace({ 'p/plan.yaml': toYaml(seed000ShapePlan()) });
    const text = cli(root);
    expect(await text.run('graph', 'p')).toBe(0);
    expect(text.io.stdout).toContain('wave 1: schema (1.1, 10 min), fastapi (1.2, 5 min)');
    expect(text.io.stdout).toContain('critical path: schema → pipeline → training → mojo → predict → docker (60 min)');
    const mermaid = cli(root);
    await mermaid.run('graph', 'p', '--format', 'mermaid');
    expect(mermaid.io.stdout.split('\n')[0]).toBe('graph LR');
    expect(mermaid.io.stdout).toContain('T3.2 --> T4.1');
    const json = cli(root);
    await json.run('graph', 'p', '--format=json');
    expect(JSON.parse(json.io.stdout).criticalPath).toEqual({
      keys: ['schema', 'pipeline', 'training', 'mojo', 'predict', 'docker'],
      minutes: 60,
    });
  });

  it('verify: runs in order, reports failures and blocked tasks', async () => {
    const root = workspace({ 'd/plan.yaml': toYaml(diamondPlan()), ...diamondFiles, 'd/src/left.txt': '' });
    const c = cli(root);
    expect(await c.run('verify', 'd')).toBe(1);
    expect(c.io.stdout).toMatch(/✔ 1\.1 base: verified/);
    expect(c.io.stdout).toMatch(/✖ 2\.1 left: failed: d\/src\/left\.txt File is empty/);
    expect(c.io.stdout).toMatch(/… 3\.1 join: blocked by left/);
    expect(c.io.stdout).toMatch(/… 4\.1 ship: blocked by join/);
    expect(c.io.stdout).toMatch(/2\/5 task\(s\) verified/);
    const only = cli(root);
    expect(await only.run('verify', 'd', '--task', 'right')).toBe(0);
    expect(only.io.stdout).toMatch(/2\/2 task\(s\) verified/);
  });

  it('verify --format json prints the check results', async () => {
    const root = workspace({ 'd/plan.yaml': toYaml(diamondPlan()), ...diamondFiles });
    const c = cli(root);
    expect(await c.run('verify', 'd', '--format', 'json', '--task', 'base')).toBe(0);
    const parsed = JSON.parse(c.io.stdout);
    expect(parsed.check).toBe('files-exist');
    expect(parsed.ok).toBe(true);
  });

  it('runs a check with json and sarif output and exit codes', async () => {
    const root = workspace({ 'a.txt': 'x' });
    const json = cli(root);
    expect(await json.run('files-exist', 'a.txt', 'missing.txt', '--format', 'json')).toBe(1);
    expect(JSON.parse(json.io.stdout)).toMatchObject({
      check: 'files-exist',
      ok: false,
      findings: [{ rule: 'files/missing', severity: 'error', file: 'missing.txt' }],
    });
    const sarif = cli(root);
    expect(await sarif.run('files-exist', 'missing.txt', '--format', 'sarif')).toBe(1);
    const log = JSON.parse(sarif.io.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results[0]).toMatchObject({
      ruleId: 'files/missing',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'missing.txt' } } }],
    });
    const ok = cli(root);
    expect(await ok.run('files-exist', 'a.txt')).toBe(0);
    expect(ok.io.stdout).toContain('files-exist: ok');
  });

  it('command check: exit code and timeout', async () => {
    const root = workspace({});
    const pass = cli(root);
    expect(await pass.run('command', '--command', 'exit 0')).toBe(0);
    const fail = cli(root);
    expect(await fail.run('command', '--command', 'echo boom; exit 3', '--format', 'json')).toBe(1);
    expect(JSON.parse(fail.io.stdout).findings[0].message).toMatch(/exited with 3:\nboom/);
    const slow = cli(root);
    expect(await slow.run('command', '--command', 'sleep 5', '--timeout', '1', '--format', 'json')).toBe(1);
    expect(JSON.parse(slow.io.stdout).findings[0].rule).toBe('command/timeout');
  });

  it('usage errors exit 2 without a stack trace', async () => {
    const root = workspace({ 'd/plan.yaml': toYaml(diamondPlan()) });
    for (const argv of [
      ['nope'],
      ['graph', 'd', '--format', 'xml'],
      ['graph', 'd', '--bogus'],
      ['validate', 'missing'],
      ['files-exist'],
      ['verify', 'd', '--task', 'nope'],
      [],
    ]) {
      const c = cli(root);
      expect(await c.run(...argv)).toBe(2);
      expect(c.io.stderr + c.io.stdout).not.toMatch(/\n\s+at /);
    }
  });

  it('prints --help for every command and check', async () => {
    for (const name of ['validate', 'graph', 'verify', 'render', 'files-exist', 'command']) {
      const c = cli(process.cwd());
      expect(await c.run(name, '--help')).toBe(0);
      expect(c.io.stdout).toMatch(new RegExp(`^Usage: plan ${name}`));
    }
  });
});
