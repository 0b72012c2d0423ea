import { allTasks, Plan } from '../plan-schema';
import { renderPlanMarkdown } from '../render-markdown';
import { scanLines } from './blocks';
import { importPlan } from './import-plan';
import { parsePlanMarkdown } from './parse-markdown';
import { exampleValues, SEED_000_VALUES, seedDocuments, sharedSeedsDir } from './seed-documents';
import { fillPlaceholders } from './variables';

/** Conformance over ../shared/seeds (read in place); skipped where the folder is absent. */
const describeWithSharedSeeds = sharedSeedsDir() ? describe : describe.skip;

const docs = seedDocuments();
const seed000 = () => docs.find((d) => d.name.startsWith('000_'))!;
const templates = () => docs.filter((d) => d.name.startsWith('001_'));

function parseSeed(markdown: string, values = exampleValues(markdown)): Plan {
  const { plan, diagnostics } = parsePlanMarkdown(markdown, { file: 'seed.md', name: 'demo', values });
  expect(diagnostics).toEqual([]);
  return plan!;
}

describeWithSharedSeeds('seed 000 (task format)', () => {
  it('reports every unfilled variable when no values are given', () => {
    const { plan, diagnostics } = parsePlanMarkdown(seed000().markdown, { file: 'seed.md', name: 'demo' });
    expect(plan).toBeUndefined();
    expect(new Set(diagnostics.map((d) => d.message.match(/\{\{ (\w+) \}\}/)?.[1]))).toEqual(new Set(Object.keys(SEED_000_VALUES)));
  });

  it('filled, gives the ids, keys, dependencies, estimates, files and checks of the seed', () => {
    const plan = parseSeed(seed000().markdown, SEED_000_VALUES);
    expect(plan.kind).toBe('ml-app');
    expect(plan.phases.map((p) => p.title)).toEqual(['Foundation', 'Data Engineering', 'Machine Learning', 'Serving', 'Deployment']);
    const tasks = allTasks(plan);
    expect(tasks.map((t) => [t.id, t.key, t.estimate, t.dependsOn])).toEqual([
      ['1.1', 'schema', 10, []],
      ['1.2', 'fastapi', 5, []],
      ['2.1', 'pipeline', 15, ['1.1']],
      ['3.1', 'training', 10, ['2.1']],
      ['3.2', 'mojo', 5, ['3.1']],
      ['4.1', 'predict', 10, ['1.2', '3.2']],
      ['5.1', 'docker', 10, ['4.1']],
    ]);
    expect(tasks.map((t) => t.files.length)).toEqual([2, 3, 4, 2, 1, 2, 3]);
    expect(tasks[2].files.map((f) => f.path)).toEqual([
      'pipelines/churn_features/metadata.yaml',
      'pipelines/churn_features/data_loaders/',
      'pipelines/churn_features/transformers/',
      'pipelines/churn_features/data_exporters/',
    ]);
    expect(tasks.every((t) => t.files.every((f) => f.action === 'create'))).toBe(true);
    const checks = Object.fromEntries(tasks.map((t) => [t.key, t.checks]));
    expect(checks).toEqual({
      schema: [{ uses: 'validate-schema', with: { paths: ['schemas/customers.json'] } }],
      fastapi: [{ uses: 'lint-endpoints', with: { paths: ['api/'] } }],
      pipeline: [{ uses: 'validate-pipeline', with: { paths: ['pipelines/churn_features/'] } }],
      training: [],
      mojo: [{ uses: 'validate-mojo', with: { paths: ['models/churn_gbm.zip'] } }],
      predict: [{ uses: 'lint-endpoints', with: { paths: ['api/'] } }],
      docker: [{ uses: 'scan-dockerfile', with: { paths: ['Dockerfile'] } }],
    });
    expect(tasks[3].verification).toEqual(['Script imports successfully', 'Config file has required fields']);
    expect(tasks[3].done).toEqual([
      'Training script ready for execution',
      'MOJO export path configured',
      'Script imports successfully',
      'Config file has required fields',
    ]);
    expect(tasks[0].done).toEqual(['JSON schema passes validation', 'DDL generated successfully', 'All tables have primary keys']);
    expect(plan.requirements!.constraints).toEqual(['Python 3.11', 'H2O MOJO for serving']);
    expect(plan.notes).toBe('Retrain weekly.');
  });

  it('renders back to the filled seed (but trailing spaces) and parses to the same plan', () => {
    const plan = parseSeed(seed000().markdown, SEED_000_VALUES);
    const filled = fillPlaceholders(scanLines(seed000().markdown), SEED_000_VALUES)
      .lines.map((l) => l.text.trimEnd())
      .join('\n');
    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toBe(filled.trimEnd() + '\n');
    expect(parsePlanMarkdown(markdown, { file: 'x', name: 'demo', values: SEED_000_VALUES }).plan).toEqual(plan);
  });

  it('imports with a placeholder for every created file and none for the MOJO zip', () => {
    const result = importPlan(seed000().markdown, { file: 'seed.md', name: 'churn', values: SEED_000_VALUES });
    expect(result.binaries).toEqual(['models/churn_gbm.zip']);
    expect(result.files.filter((f) => f.placeholder).map((f) => f.path)).toContain('pipelines/churn_features/data_loaders/README.md');
    expect(result.files.filter((f) => f.placeholder)).toHaveLength(17 - 1);
  });
});

/** Per template: phases, streams, checklist items per stream, integration points with their items, success criteria. */
const EXPECTED = [
  { kind: 'web-app', phases: 2, streams: [5, 5, 5, 6, 6, 5], integration: [3, 3, 3], success: 5 },
  { kind: 'api-service', phases: 3, streams: [6, 5, 5, 6, 5, 5, 5], integration: [3, 3, 3], success: 5 },
  { kind: 'mobile-app', phases: 2, streams: [6, 5, 6, 6, 6, 6, 5], integration: [3, 4, 4], success: 5 },
  { kind: 'data-pipeline', phases: 2, streams: [6, 6, 6, 6, 6, 6, 6], integration: [3, 4, 4], success: 5 },
  { kind: 'ml-platform', phases: 2, streams: [6, 6, 6, 6, 6, 6, 6, 6], integration: [3, 4, 4], success: 5 },
  { kind: 'microservices', phases: 3, streams: [6, 6, 6, 6, 6, 5, 6, 6, 5, 5], integration: [4, 4, 4], success: 6 },
];

describeWithSharedSeeds('seed 001 (stream format, six templates)', () => {
  it('holds six templates', () => expect(templates()).toHaveLength(6));

  it.each(EXPECTED.map((e, i) => [i + 1, e] as const))(
    'template %i parses with every phase, stream, item, integration point and criterion',
    (n, expected) => {
      const plan = parseSeed(templates()[n - 1].markdown);
      expect(plan.kind).toBe(expected.kind);
      expect(plan.phases).toHaveLength(expected.phases);
      expect(allTasks(plan).map((t) => t.items.length)).toEqual(expected.streams);
      expect(allTasks(plan).every((t) => t.items.every((i) => i.priority !== undefined && !i.done))).toBe(true);
      expect(plan.integrationPoints.map((p) => p.items.length)).toEqual(expected.integration);
      expect(plan.integrationPoints.map((p) => p.after)).toEqual([['Phase 1'], ['Phase 2'], n === 2 || n === 6 ? ['Phase 3'] : []]);
      expect(plan.successCriteria).toHaveLength(expected.success);
      expect(plan.executionCommands).toMatch(/^# Phase 1/);
      expect(plan.phases[0]).toMatchObject({ id: '1', parallel: true });
    },
  );

  it('template 1: windows, estimates, keys and dependencies by name', () => {
    const plan = parseSeed(templates()[0].markdown);
    expect(plan.phases.map((p) => [p.title, p.parallel, p.window])).toEqual([
      ['Contract & Environment Setup', true, 'Day 1-2'],
      ['Parallel Implementation', undefined, 'Day 2-5'],
    ]);
    const tasks = allTasks(plan);
    expect(tasks.map((t) => t.key)).toEqual([
      'api-contract-design',
      'development-environment',
      'project-scaffolding',
      'backend-implementation',
      'frontend-implementation',
      'e2e-testing-framework',
    ]);
    expect(tasks.map((t) => t.estimate)).toEqual([480, 360, 300, undefined, undefined, undefined]);
    expect(tasks[0].estimateText).toBe('[4-8] hours');
    expect(tasks.map((t) => t.dependsOn)).toEqual([[], [], [], ['A', 'B'], ['A'], ['A', 'B']]);
    expect(tasks[0].items[0]).toEqual({
      id: 'A.1',
      text: 'Create OpenAPI 3.0 specification with all endpoints',
      priority: 'critical',
      done: false,
      checks: [],
      files: [],
    });
  });

  it('template 2: "OpenAPI Contract, Infrastructure" are streams A and B; phase 3 is sequential', () => {
    const plan = parseSeed(templates()[1].markdown);
    const d = allTasks(plan).find((t) => t.id === 'D')!;
    expect(d).toMatchObject({ key: 'core-api-implementation', dependsOn: ['A', 'B'], dependsOnText: 'OpenAPI Contract, Infrastructure' });
    expect(plan.phases[2]).toMatchObject({ title: 'Production Readiness', parallel: false, window: 'Day 4-5' });
  });

  it.each([1, 2, 3, 4, 5, 6])('template %i round-trips through the renderer', (n) => {
    const markdown = templates()[n - 1].markdown;
    const values = exampleValues(markdown);
    const plan = parseSeed(markdown, values);
    const rendered = renderPlanMarkdown(plan);
    const filled = fillPlaceholders(scanLines(markdown), values)
      .lines.map((l) => l.text)
      .join('\n');
    const squeeze = (s: string) => s.replace(/\n{2,}/g, '\n').trim();
    expect(squeeze(rendered)).toBe(squeeze(filled));
    expect(parsePlanMarkdown(rendered, { file: 'x', name: 'demo', values, kind: plan.kind }).plan).toEqual(plan);
  });
});
