import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Workspace } from './utils/workspace';

/**
 * Issue 12 with the real nx CLI: `plan:ci` is as safe to re-run as every generator (manifest,
 * kept edits, --force, exact --dry-run), and hostile text in a Markdown plan or an option
 * produces inert files: the FastAPI task's health probe imports the app and nothing runs.
 */
const WORKFLOW = '.github/workflows/plan-verify.yml';

describe('generation safety (packed plugin, real nx)', () => {
  let ws: Workspace;
  let marker: string;

  beforeAll(() => {
    ws = Workspace.create('safety');
    marker = path.join(ws.root, 'PAYLOAD-RAN');
    ws.commit('workspace');
  });

  it('plan:ci: a re-run changes nothing, an edit is kept and reported, --dry-run is exact, --force overwrites', () => {
    const first = ws.nx('g', 'plan:ci', '--no-interactive');
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/CREATE \.github\/workflows\/plan-verify\.yml/);
    expect(first.output).toMatch(/CREATE \.github\/\.plan-manifest\.json/);
    const generated = ws.read(WORKFLOW);

    const again = ws.nx('g', 'plan:ci', '--no-interactive');
    expect(again.code).toBe(0);
    expect(again.output).not.toMatch(/(CREATE|UPDATE) \.github/);
    expect(again.output).toMatch(/plan-verify\.yml is up to date/);

    const edited = generated.replace('cancel-in-progress: true', 'cancel-in-progress: false');
    expect(edited).not.toBe(generated);
    ws.write(WORKFLOW, edited);
    const dry = ws.nx('g', 'plan:ci', '--nodeVersion=22', '--dry-run', '--no-interactive');
    expect(dry.code).toBe(0);
    expect(dry.output).toMatch(/kept \.github\/workflows\/plan-verify\.yml: changed by the user .*--force/);
    expect(dry.output).not.toMatch(/UPDATE \.github\/workflows/);
    const kept = ws.nx('g', 'plan:ci', '--nodeVersion=22', '--no-interactive');
    expect(kept.code).toBe(0);
    expect(ws.read(WORKFLOW)).toBe(edited);

    const forcedDry = ws.nx('g', 'plan:ci', '--nodeVersion=22', '--force', '--dry-run', '--no-interactive');
    expect(forcedDry.output).toMatch(/UPDATE \.github\/workflows\/plan-verify\.yml/);
    expect(ws.read(WORKFLOW)).toBe(edited);
    const forced = ws.nx('g', 'plan:ci', '--nodeVersion=22', '--force', '--no-interactive');
    expect(forced.code).toBe(0);
    expect(ws.read(WORKFLOW)).toMatch(/node-version: ["']22["']/);
    expect(ws.read(WORKFLOW)).toContain('cancel-in-progress: true');
  });

  it('a Markdown title that would run code is data: the health probe imports the app and nothing runs', () => {
    expect(ws.nx('g', 'plan:ml-app', 'seed', '--no-interactive').code).toBe(0);
    const title = `x"""; __import__("os").system("touch ${marker}"); """`;
    ws.write('doc/PLAN.md', ws.read('seed/PLAN.md').replace(/^# Implementation Plan: .*$/m, `# Implementation Plan: ${title}`));
    const imported = ws.nx('g', 'plan:import', '--file=doc/PLAN.md', '--name=imported', '--directory=imported', '--no-interactive');
    expect(imported.code).toBe(0);
    expect(ws.read('imported/api/main.py')).toContain('title="x\\"\\"\\"; __import__(\\"os\\")');
    const probe = ws.nx('run', 'imported:fastapi', '--skip-nx-cache');
    expect(probe.output).not.toMatch(/syntax-error/);
    expect(probe.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('options are checked before anything is written: a clear error, no stack trace, no file', () => {
    const run = ws.nx('g', 'plan:ml-app', 'evil', '--projectName=two\nlines', '--no-interactive');
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('Invalid --projectName: it must be one line; remove the line break (U+000A) at character 4.');
    expect(run.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(existsSync(path.join(ws.root, 'evil'))).toBe(false);
    const schema = ws.nx('g', 'plan:ml-app', 'evil', '--schemaName=x;drop', '--no-interactive');
    expect(schema.code).not.toBe(0);
    expect(schema.output).toMatch(/schemaName/);
    expect(existsSync(path.join(ws.root, 'evil'))).toBe(false);
  });
});
