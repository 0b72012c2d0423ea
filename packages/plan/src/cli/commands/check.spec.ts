import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import '../../checks/builtin';
import { getCheck } from '../../checks/registry';
import { captureIO } from '../../testing/capture-io';
import { checkCommand } from './check';

function cli(cwd = tmpdir()) {
  const io = captureIO(cwd);
  return { io, run: async (name: string, ...args: string[]) => checkCommand(await getCheck(name), args, io) };
}

describe('plan <check> --list-rules', () => {
  it('prints the rule catalogue as text: id, default severity, help', async () => {
    const c = cli();
    expect(await c.run('files-exist', '--list-rules')).toBe(0);
    expect(c.io.stdout).toMatch(/^files\/empty +error +A file is empty/m);
    expect(c.io.stdout).toMatch(/^3 rule\(s\)\. More: https:\/\/www\.npmjs\.com\/package\/@nx-plan\/plan#check-files-exist$/m);
  });

  it('prints it as JSON with --json', async () => {
    const c = cli();
    expect(await c.run('command', '--list-rules', '--json')).toBe(0);
    const listed = JSON.parse(c.io.stdout);
    expect(listed.check).toBe('command');
    expect(listed.rules.map((r: { id: string }) => r.id)).toEqual(['command/exit-code', 'command/spawn', 'command/timeout']);
    expect(listed.rules[0]).toEqual({
      id: 'command/exit-code',
      severity: 'error',
      help: expect.stringContaining('non-zero'),
      helpUri: 'https://www.npmjs.com/package/@nx-plan/plan#check-command',
    });
  });

  it('usage errors: paths with --list-rules, --json without it', async () => {
    await expect(cli().run('files-exist', '--list-rules', 'a.txt')).rejects.toThrow(/--list-rules takes no paths/);
    await expect(cli().run('files-exist', 'a.txt', '--json')).rejects.toThrow(/--json goes with --list-rules/);
  });

  it('SARIF output of a check carries its rules with help', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'plan-rules-'));
    writeFileSync(path.join(root, 'empty.txt'), '');
    const c = cli(root);
    expect(await c.run('files-exist', 'empty.txt', 'missing.txt', '--format', 'sarif')).toBe(1);
    const rules = JSON.parse(c.io.stdout).runs[0].tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(['files/empty', 'files/missing']);
    expect(rules[1]).toMatchObject({ defaultConfiguration: { level: 'error' }, helpUri: expect.stringMatching(/#check-files-exist$/) });
  });
});
