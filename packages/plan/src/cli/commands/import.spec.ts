import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadPlanFile } from '../../model/loader';
import { TASK_DOCUMENT } from '../../model/markdown/sample-documents';
import { UsageError } from '../io';
import { importCommand } from './import';
import { captureIO } from '../../testing/capture-io';

function cli(cwd: string) {
  const io = captureIO(cwd);
  return { io, run: (...argv: string[]) => importCommand(argv, io) };
}

const VARS = [
  '--var',
  'project_name=Churn',
  '--var',
  'entity=customer',
  '--var',
  'schema_name=customers',
  '--var',
  'additional_notes=Retrain weekly.',
];

function workspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-import-'));
  mkdirSync(path.join(root, 'docs'));
  writeFileSync(path.join(root, 'docs', 'PLAN.md'), TASK_DOCUMENT);
  return root;
}

describe('plan import', () => {
  it('writes plan.yaml, PLAN.md and marked placeholders, and lists what needs content', async () => {
    const root = workspace();
    const { io, run } = cli(root);
    expect(await run('docs/PLAN.md', '--name', 'churn', '--directory', 'plans/churn', ...VARS)).toBe(0);
    const dir = path.join(root, 'plans', 'churn');
    const loaded = loadPlanFile(path.join(dir, 'plan.yaml'));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.plan).toMatchObject({ name: 'churn', title: 'Churn' });
    expect(readFileSync(path.join(dir, 'PLAN.md'), 'utf8')).toMatch(/^# Implementation Plan: Churn\n/);
    expect(readFileSync(path.join(dir, 'api/main.py'), 'utf8')).toBe('# Placeholder created by `plan import`: this file needs content.\n');
    expect(existsSync(path.join(dir, 'api/README.md'))).toBe(true);
    expect(existsSync(path.join(dir, 'models/model.zip'))).toBe(false);
    expect(io.stdout).toContain('wrote plans/churn/plan.yaml and plans/churn/PLAN.md (plan "churn", custom, 2 phase(s), 3 task(s))');
    expect(io.stdout).toContain('created 4 placeholder(s); these files need content:\n  plans/churn/schemas/customers.json\n');
    expect(io.stdout).toContain('  plans/churn/models/model.zip  (binary: not created)\n');
  });

  it('prints located errors and writes nothing when the document has errors', async () => {
    const root = workspace();
    const { io, run } = cli(root);
    expect(await run('docs/PLAN.md', '--name', 'churn', '--directory', 'out', '--var', 'project_name=Churn')).toBe(1);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
    const line = TASK_DOCUMENT.split('\n').findIndex((l) => l.includes('{{ entity }}')) + 1;
    expect(io.stderr).toContain(`docs/PLAN.md:${line}:7  error  Unfilled template variable {{ entity }}`);
    expect(io.stderr).toMatch(/docs\/PLAN.md: \d+ error\(s\); nothing written\n$/);
  });

  it('writes through the manifest like nx g plan:import: an existing file is kept and reported, a re-run changes nothing, --force overwrites', async () => {
    const root = workspace();
    mkdirSync(path.join(root, 'out', 'api'), { recursive: true });
    writeFileSync(path.join(root, 'out', 'api', 'main.py'), 'real code\n');
    const first = cli(root);
    expect(await first.run('docs/PLAN.md', '--name', 'churn', '--directory', 'out', ...VARS)).toBe(0);
    expect(first.io.stderr).toContain(
      'kept out/api/main.py: it exists and differs from what plan import writes (use --force to overwrite)',
    );
    expect(readFileSync(path.join(root, 'out', 'api', 'main.py'), 'utf8')).toBe('real code\n');
    expect(existsSync(path.join(root, 'out', 'plan.yaml'))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(root, 'out', '.plan-manifest.json'), 'utf8'));
    expect(manifest.generator).toBe('plan:import');
    expect(Object.keys(manifest.files)).toContain('plan.yaml');
    expect(Object.keys(manifest.files)).not.toContain('api/main.py');

    writeFileSync(path.join(root, 'out', 'PLAN.md'), 'my notes\n');
    const again = cli(root);
    expect(await again.run('docs/PLAN.md', '--name', 'churn', '--directory', 'out', ...VARS)).toBe(0);
    expect(again.io.stdout).toMatch(/created 0, updated 0, unchanged \d+, kept 2 file\(s\) in out\n/);
    expect(readFileSync(path.join(root, 'out', 'PLAN.md'), 'utf8')).toBe('my notes\n');

    const dry = cli(root);
    expect(await dry.run('docs/PLAN.md', '--name', 'churn', '--directory', 'out', '--force', '--dry-run', ...VARS)).toBe(0);
    expect(dry.io.stderr).toContain('would overwrite out/api/main.py (--force)');
    expect(readFileSync(path.join(root, 'out', 'api', 'main.py'), 'utf8')).toBe('real code\n');

    const forced = cli(root);
    expect(await forced.run('docs/PLAN.md', '--name', 'churn', '--directory', 'out', '--force', ...VARS)).toBe(0);
    expect(readFileSync(path.join(root, 'out', 'api', 'main.py'), 'utf8')).toMatch(/Placeholder/);
    expect(readFileSync(path.join(root, 'out', 'PLAN.md'), 'utf8')).toMatch(/^# Implementation Plan: Churn\n/);
  });

  it('--dry-run writes nothing and says what it would write', async () => {
    const root = workspace();
    const { io, run } = cli(root);
    expect(await run('docs/PLAN.md', '--directory', 'plans/churn-model', '--dry-run', ...VARS)).toBe(0);
    expect(existsSync(path.join(root, 'plans'))).toBe(false);
    expect(io.stdout).toContain('would write plans/churn-model/plan.yaml and plans/churn-model/PLAN.md (plan "churn-model"');
    expect(io.stdout).toContain('would create 4 placeholder(s)');
  });

  it('usage errors: no input, no directory, bad --var, bad --kind, missing file', async () => {
    const root = workspace();
    const { run } = cli(root);
    await expect(run('--directory', 'x')).rejects.toThrow(UsageError);
    await expect(run('docs/PLAN.md')).rejects.toThrow(/--directory/);
    await expect(run('docs/PLAN.md', '--directory', 'x', '--var', 'novalue')).rejects.toThrow(/key=value/);
    await expect(run('docs/PLAN.md', '--directory', 'x', '--kind', 'game')).rejects.toThrow(/--kind must be one of/);
    await expect(run('docs/NOPE.md', '--directory', 'x')).rejects.toThrow(/No Markdown plan at docs\/NOPE.md/);
    await expect(run('docs/PLAN.md', '--directory', 'x', '--name', 'Bad Name')).rejects.toThrow(/kebab-case/);
  });

  it('--help prints the usage', async () => {
    const { io, run } = cli(workspace());
    expect(await run('--help')).toBe(0);
    expect(io.stdout).toMatch(/^Usage: plan import <PLAN.md> --directory <dir>/);
  });
});
