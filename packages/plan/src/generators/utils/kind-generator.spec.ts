import { readJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { z } from 'zod';
import type { KindModule } from '../../kinds/kind-module';
import { planFromTemplate } from '../../kinds/plan-from-template';
import { kindGenerator } from './kind-generator';

/** A kind defined here, in the spec, to prove any kind goes through the one writer. */
interface ToyContext {
  name: string;
  title: string;
}
const toyTemplate = (ctx: ToyContext) => `# Implementation Plan: ${ctx.title}

## Overview
A toy service.

## Phase 1: Build (Parallel - Day 1)

### Stream A: Toy Contract
**Estimated Time:** 2 hours
**Dependencies:** None
**Tasks:**
- [ ] Write the   toy CONTRACT (Priority: Critical)
- [ ] Review it with the team (Priority: Low)

## Sequential Integration Points

### Integration 1: Contract Check (After Phase 1)
- [ ] Contract file is in place

## Success Criteria
- [ ] The contract is the single source of truth
`;
const toyOverlay = () => [
  {
    scope: 'stream' as const,
    match: /write the toy contract/,
    proof: { checks: [{ uses: 'files-exist', with: { paths: ['contract/toy.txt'] } }], files: [{ path: 'contract/toy.txt' }] },
  },
  {
    scope: 'integration' as const,
    match: /^contract file/,
    proof: { checks: [{ uses: 'files-exist', with: { paths: ['contract/toy.txt'] } }] },
  },
];
const toyKind: KindModule<{ name: string; title?: string }, ToyContext> = {
  kind: 'custom',
  templateTitle: 'Toy (spec only)',
  streamTitles: ['Toy Contract'],
  optionsSchema: z.object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, { message: 'use kebab-case' }),
    title: z.string().max(40, { message: 'at most 40 characters' }).optional(),
  }),
  context: (o) => ({ name: o.name, title: o.title ?? 'Toy' }),
  contextFromPlan: (plan) => ({ name: plan.name, title: plan.title }),
  plan: (ctx) => planFromTemplate(toyTemplate(ctx), toyOverlay(), { name: ctx.name, kind: 'custom' }),
  overlay: toyOverlay,
  files: (ctx) => new Map([['contract/toy.txt', `the ${ctx.title} contract\n`]]),
  projectTargets: () => ({ serve: { command: 'echo serve' } }),
  packageDependencies: () => ({ devDependencies: { 'left-pad': '1.3.0' } }),
};
const toyGenerator = kindGenerator(toyKind);

describe('kindGenerator: a kind defined in a spec goes through the one writer', () => {
  it('writes plan.yaml with item proofs, PLAN.md, .gitignore, project.json, the files, the manifest and the npm packages', async () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    await toyGenerator(tree, { name: 'toy', directory: 'plans/toy', title: 'Toy Service' });
    const plan = parse(tree.read('plans/toy/plan.yaml', 'utf-8')!);
    expect(tree.read('plans/toy/plan.yaml', 'utf-8')).toMatch(/^# yaml-language-server: \$schema=/);
    const [write, review] = plan.phases[0].tasks[0].items;
    expect(write).toMatchObject({ id: 'A.1', checks: [{ uses: 'files-exist' }], files: [{ path: 'contract/toy.txt', action: 'create' }] });
    expect(review.checks ?? []).toEqual([]);
    expect(plan.integrationPoints[0].items[0].checks).toEqual([{ uses: 'files-exist', with: { paths: ['contract/toy.txt'] } }]);
    expect(plan.successCriteria[0].checks ?? []).toEqual([]);
    expect(tree.read('plans/toy/PLAN.md', 'utf-8')).toMatch(/^# Implementation Plan: Toy Service\n/);
    expect(tree.read('plans/toy/.gitignore', 'utf-8')).toBe('.plan/\n');
    expect(readJson(tree, 'plans/toy/project.json')).toEqual({ name: 'toy', targets: { serve: { command: 'echo serve' } } });
    expect(tree.read('plans/toy/contract/toy.txt', 'utf-8')).toBe('the Toy Service contract\n');
    expect(Object.keys(readJson(tree, 'plans/toy/.plan-manifest.json').files)).toEqual([
      '.gitignore',
      'contract/toy.txt',
      'PLAN.md',
      'plan.yaml',
      'project.json',
    ]);
    expect(readJson(tree, 'plans/toy/.plan-manifest.json').generator).toBe('plan:custom');
    expect(readJson(tree, 'package.json').devDependencies['left-pad']).toBe('1.3.0');
  });

  it('a re-run changes nothing and keeps a user edit; --force overwrites it', async () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    await toyGenerator(tree, { name: 'toy' });
    tree.write('toy/contract/toy.txt', 'mine\n');
    const before = tree.listChanges().map((c) => [c.path, c.content?.toString()]);
    await toyGenerator(tree, { name: 'toy' });
    expect(tree.listChanges().map((c) => [c.path, c.content?.toString()])).toEqual(before);
    await toyGenerator(tree, { name: 'toy', force: true });
    expect(tree.read('toy/contract/toy.txt', 'utf-8')).toBe('the Toy contract\n');
  });

  it('refuses bad options naming the option, before writing anything', async () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    await expect(toyGenerator(tree, { name: 'toy', title: 'x'.repeat(41) })).rejects.toThrow('Invalid --title: at most 40 characters');
    await expect(toyGenerator(tree, { name: 'toy', directory: '../out' })).rejects.toThrow('Invalid directory "../out"');
    expect(tree.exists('toy')).toBe(false);
  });
});
