import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { importGenerator } from './import';
import { mlAppGenerator } from '../ml-app/ml-app';
import { readNxJson } from '@nx/devkit';

const tree = () => createTreeWithEmptyWorkspace({ formatter: 'none' } as any);

describe('plan:import generator', () => {
  it("imports a seed 000 document into the same task graph and checks as plan:ml-app, with the skills' files", async () => {
    const t = tree();
    await mlAppGenerator(t, { name: 'churn', python: 'python3' });
    await importGenerator(t, { file: 'churn/PLAN.md', name: 'imported', directory: 'imported', python: 'python3' });
    const original = parse(t.read('churn/plan.yaml', 'utf-8')!);
    const imported = parse(t.read('imported/plan.yaml', 'utf-8')!);
    // Each plan names its own train target; everything else must be identical.
    const shape = (plan: any, name: string) =>
      JSON.parse(
        JSON.stringify(
          plan.phases
            .flatMap((p: any) => p.tasks)
            .map((task: any) => ({ id: task.id, key: task.key, dependsOn: task.dependsOn ?? [], files: task.files, checks: task.checks })),
        )
          .split(`nx run ${name}:`)
          .join('nx run <plan>:'),
      );
    expect(imported.kind).toBe('ml-app');
    expect(shape(imported, 'imported')).toEqual(shape(original, 'churn'));
    // Real files from the skills, not placeholders.
    expect(t.read('imported/api/main.py', 'utf-8')).toBe(t.read('churn/api/main.py', 'utf-8'));
    expect(t.read('imported/schemas/churn.sql', 'utf-8')).toBe(t.read('churn/schemas/churn.sql', 'utf-8'));
    expect(t.exists('imported/pipelines/churn_etl/data_loaders/README.md')).toBe(false);
    expect(readNxJson(t)!.plugins).toEqual([{ plugin: 'plan', options: {} }]);
  });

  it('writes placeholders for plans without skill templates and nothing when the document has errors', async () => {
    const t = tree();
    t.write(
      'docs/PLAN.md',
      '# Implementation Plan: Tiny\n\n## Phase 1: Only\n\n### Task 1.1: Write notes\n- **Estimated Time**: 5 minutes\n- **Files**:\n  - `notes/intro.md` (CREATE)\n- **Dependencies**: None\n\n### Task 1.2: Review\n- **Files**:\n  - `notes/review.md` (CREATE)\n- **Dependencies**: Task 1.1\n',
    );
    await importGenerator(t, { file: 'docs/PLAN.md', name: 'tiny', directory: 'tiny' });
    expect(t.read('tiny/notes/intro.md', 'utf-8')).toMatch(/plan import/);
    expect(parse(t.read('tiny/plan.yaml', 'utf-8')!).phases[0].tasks.map((x: any) => x.key)).toHaveLength(2);

    const broken = tree();
    broken.write('docs/PLAN.md', '# Implementation Plan: Broken\n\n## Phase 1: Only\n\n### Task 1.1: A\n- **Dependencies**: Task 9.9\n');
    await expect(importGenerator(broken, { file: 'docs/PLAN.md', name: 'broken', directory: 'broken' })).rejects.toThrow(
      /docs\/PLAN\.md:6:\d+/,
    );
    expect(broken.children('').includes('broken')).toBe(false);
  });

  it('--file takes an absolute path, as plan import does: inside the workspace through the tree, outside from disk', async () => {
    const doc =
      '# Implementation Plan: Tiny\n\n## Phase 1: Only\n\n### Task 1.1: Write notes\n- **Files**:\n  - `notes/intro.md` (CREATE)\n- **Dependencies**: None\n';
    const t = tree();
    t.write('docs/PLAN.md', doc);
    await importGenerator(t, { file: path.join(t.root, 'docs', 'PLAN.md'), name: 'inside', directory: 'inside' });
    expect(parse(t.read('inside/plan.yaml', 'utf-8')!).title).toBe('Tiny');
    const outside = path.join(mkdtempSync(path.join(tmpdir(), 'plan-abs-')), 'PLAN.md');
    writeFileSync(outside, doc.replace('Tiny', 'Elsewhere'));
    await importGenerator(t, { file: outside, name: 'outside', directory: 'outside' });
    expect(parse(t.read('outside/plan.yaml', 'utf-8')!).title).toBe('Elsewhere');
    expect(t.read('outside/plan.yaml', 'utf-8')).toContain(`# Imported from ${outside.split(path.sep).join('/')}`);
    await expect(importGenerator(t, { file: path.join(tmpdir(), 'no-such-plan.md'), name: 'none' })).rejects.toThrow(
      /Cannot read .*no-such-plan\.md/,
    );
  });
});
