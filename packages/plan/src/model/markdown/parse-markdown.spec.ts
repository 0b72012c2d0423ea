import { allTasks } from '../plan-schema';
import { renderPlanMarkdown } from '../render-markdown';
import { parsePlanMarkdown } from './parse-markdown';
import { STREAM_DOCUMENT, STREAM_VALUES, TASK_DOCUMENT, TASK_VALUES } from './sample-documents';

const FILE = 'docs/PLAN.md';

function lineOf(text: string, needle: string, from = 0): number {
  const index = text.indexOf(needle, from);
  if (index < 0) throw new Error(`needle not found: ${needle}`);
  return text.slice(0, index).split('\n').length;
}

function columnOf(text: string, needle: string): number {
  const line = text.split('\n')[lineOf(text, needle) - 1];
  return line.indexOf(needle) + 1;
}

const parseTask = (md = TASK_DOCUMENT, values: Record<string, string> = TASK_VALUES) =>
  parsePlanMarkdown(md, { file: FILE, name: 'churn', values });
const parseStream = (md = STREAM_DOCUMENT, values: Record<string, string> = STREAM_VALUES) =>
  parsePlanMarkdown(md, { file: FILE, name: 'shop', values });

describe('parsePlanMarkdown: task format', () => {
  const { plan, diagnostics } = parseTask();

  it('parses without error and keeps the document facts', () => {
    expect(diagnostics).toEqual([]);
    expect(plan).toMatchObject({
      version: 1,
      name: 'churn',
      title: 'Churn',
      overview: 'Score customer churn nightly.',
      notes: 'Retrain weekly.',
      variables: TASK_VALUES,
    });
    expect(plan!.requirements).toEqual({
      functional: ['Score customers', 'Serve predictions'],
      nonFunctional: ['p95 < 100 ms'],
      constraints: [],
    });
    expect(plan!.phases.map((p) => [p.id, p.title, p.tasks.length])).toEqual([
      ['1', 'Foundation', 2],
      ['2', 'Models', 1],
    ]);
  });

  it('reads every task field; keys come from the mermaid labels', () => {
    const [schema, api, training] = allTasks(plan!);
    expect(schema).toMatchObject({
      id: '1.1',
      key: 'schema',
      label: 'Schema',
      title: 'Design Database Schema',
      assignee: 'Database Architect',
      skill: 'skills/db-architect',
      estimate: 10,
      dependsOn: [],
    });
    expect(schema.estimateText).toBeUndefined();
    expect(schema.files).toEqual([
      { path: 'schemas/customers.json', action: 'create' },
      { path: 'schemas/customers.sql', action: 'create' },
    ]);
    expect(api).toMatchObject({ key: 'api', estimate: 120, estimateText: '1-2 hours' });
    expect(api.files.map((f) => f.action)).toEqual(['create', 'create', 'modify']);
    expect(training).toMatchObject({ key: 'training', label: 'Training', priority: 'high', dependsOn: ['1.1', '1.2'] });
  });

  it('maps verification lines to checks and keeps prose in the definition of done', () => {
    const [schema, api, training] = allTasks(plan!);
    expect(schema.checks).toEqual([{ uses: 'validate-schema', with: { paths: ['schemas/customers.json'] } }]);
    expect(schema.verification).toEqual([
      'Run `python skills/db-architect/scripts/validate_schema.py schemas/customers.json`',
      'Verify exit code is 0',
    ]);
    expect(schema.done).toEqual(['JSON schema passes validation']);
    expect(api.checks).toEqual([{ uses: 'command', with: { command: 'npm test -- --ci' }, imported: true }]);
    expect(api.done).toEqual(['Verify syntax is valid']);
    expect(training.checks).toEqual([]);
    expect(training.done).toEqual(['Model exported', 'Script imports successfully']);
  });

  it('round-trips: the rendering is the filled document, and parses back to the same plan', () => {
    const markdown = renderPlanMarkdown(plan!);
    const filled = TASK_DOCUMENT.replace(/\{\{ (\w+) \}\}/g, (_, k: string) => (TASK_VALUES as Record<string, string>)[k]).replace(
      / +$/gm,
      '',
    );
    expect(markdown).toBe(filled);
    const again = parsePlanMarkdown(markdown, { file: FILE, name: 'churn', values: TASK_VALUES, kind: plan!.kind });
    expect(again.diagnostics).toEqual([]);
    expect(again.plan).toEqual(plan);
  });

  it('reports each unfilled variable at its position, and returns no plan', () => {
    const result = parseTask(TASK_DOCUMENT, { project_name: 'Churn' });
    expect(result.plan).toBeUndefined();
    const names = result.diagnostics.map((d) => d.message.match(/\{\{ (\w+) \}\}/)?.[1]);
    expect(names).toEqual(['entity', 'schema_name', 'schema_name', 'schema_name', 'additional_notes']);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'markdown',
      file: FILE,
      line: lineOf(TASK_DOCUMENT, '{{ entity }}'),
      column: columnOf(TASK_DOCUMENT, '{{ entity }}'),
    });
    expect(result.diagnostics[0].message).toMatch(/--var entity=/);
  });

  it('infers ml-app from seed 000 skills, or takes the kind given', () => {
    const ml = TASK_DOCUMENT.replace('`skills/db-architect`', '`skills/ml-engineer`');
    expect(parseTask(ml).plan!.kind).toBe('ml-app');
    expect(parseTask().plan!.kind).toBe('custom');
    expect(parsePlanMarkdown(TASK_DOCUMENT, { file: FILE, name: 'churn', values: TASK_VALUES, kind: 'web-app' }).plan!.kind).toBe(
      'web-app',
    );
  });
});

describe('parsePlanMarkdown: stream format', () => {
  const { plan, diagnostics } = parseStream();

  it('parses phases with window and parallel marker, streams, checklists and integration points', () => {
    expect(diagnostics).toEqual([]);
    expect(plan).toMatchObject({ title: 'Corner Shop', kind: 'web-app', overview: 'A small web application for Corner Shop.' });
    expect(plan!.phases.map((p) => [p.id, p.title, p.parallel, p.window])).toEqual([
      ['1', 'Contract & Environment Setup', true, 'Day 1-2'],
      ['2', 'Implementation', false, 'Day 2-5'],
    ]);
    const [a, b, c, d] = allTasks(plan!);
    expect(a).toMatchObject({ id: 'A', key: 'api-contract-design', estimate: 480, estimateText: '[4-8] hours', dependsOn: [] });
    expect(a.items).toEqual([
      { id: 'A.1', text: 'Create OpenAPI 3.0 specification', priority: 'critical', done: false, checks: [], files: [] },
      { id: 'A.2', text: 'Set up API mocking service', priority: 'high', done: true, checks: [], files: [] },
    ]);
    expect(b).toMatchObject({ key: 'development-environment', estimate: 960, estimateText: '2 days' });
    expect(c).toMatchObject({ key: 'backend-implementation', dependsOn: ['A', 'B'], dependsOnText: 'API Contract, Environment Setup' });
    expect(c.items[0].text).toBe('Implement endpoints with FastAPI');
    expect(d).toMatchObject({ dependsOn: ['A'], dependsOnText: 'API Contract Design, Mock API Service' });
    expect(d.items[1]).toEqual({ id: `${d.id}.2`, text: 'Connect to the mock API', done: false, checks: [], files: [] });
    expect(plan!.integrationPoints).toEqual([
      {
        id: '1',
        title: 'Contract Validation',
        after: ['Phase 1'],
        items: [
          { id: 'integration-1.1', text: 'Backend endpoints match the specification', done: false, checks: [], files: [] },
          { id: 'integration-1.2', text: 'Frontend talks to the mock API', done: true, checks: [], files: [] },
        ],
      },
      {
        id: '2',
        title: 'Production Readiness',
        after: [],
        items: [{ id: 'integration-2.1', text: 'Deployed', done: false, checks: [], files: [] }],
      },
    ]);
    expect(plan!.executionCommands).toBe('# Phase 1\nclaude --parallel \\\n  "create the spec" \\\n  "set up docker-compose"');
    expect(plan!.successCriteria.map((i) => i.text)).toEqual(['Contract implemented and tested', 'Environment works']);
  });

  it('round-trips: rendering keeps the written dependencies and parses back to the same plan', () => {
    const markdown = renderPlanMarkdown(plan!);
    expect(markdown).toContain('**Dependencies:** API Contract, Environment Setup\n');
    expect(markdown).toContain('## Phase 2: Implementation (Sequential - Day 2-5)');
    expect(markdown).toContain('**Estimated Time:** [4-8] hours');
    const again = parsePlanMarkdown(markdown, { file: FILE, name: 'shop', values: STREAM_VALUES, kind: plan!.kind });
    expect(again.diagnostics).toEqual([]);
    expect(again.plan).toEqual(plan);
  });

  it('reports unfilled bracket placeholders but not checkboxes, links or estimate ranges', () => {
    const result = parseStream(STREAM_DOCUMENT.replace('Environment works', 'See [the docs](https://x.test)'), {});
    expect(result.diagnostics.map((d) => d.message.match(/variable (\[[^\]]+\])/)?.[1])).toEqual([
      '[Shop Name]',
      '[Shop Name]',
      '[Backend Framework]',
    ]);
  });

  it('an unresolvable dependency name is an error at its line and column', () => {
    const md = STREAM_DOCUMENT.replace('API Contract, Environment Setup', 'API Contract, Payment Gateway');
    const result = parseStream(md);
    expect(result.plan).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'markdown',
      line: lineOf(md, 'Payment Gateway'),
      column: columnOf(md, 'Payment Gateway'),
    });
    expect(result.diagnostics[0].message).toMatch(/Stream C depends on "Payment Gateway", which names no stream/);
  });

  it('an ambiguous dependency name is an error naming the candidates', () => {
    const md = STREAM_DOCUMENT.replace(
      '**Estimated Time:** 2 days\n**Dependencies:** None',
      '**Estimated Time:** 2 days\n**Dependencies:** Implementation',
    );
    const result = parseStream(md);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0].line).toBe(lineOf(md, '**Dependencies:** Implementation'));
    expect(result.diagnostics[0].message).toBe(
      'Stream B depends on "Implementation", which is ambiguous: it could be "Backend Implementation" or "Frontend Implementation"; write the full title.',
    );
  });
});

describe('parsePlanMarkdown: malformed documents', () => {
  it('a duplicate task id is a graph error at the second heading', () => {
    const md = TASK_DOCUMENT.replace('### Task 1.2: Scaffold API', '### Task 1.1: Scaffold API');
    const result = parseTask(md);
    expect(result.plan).toBeUndefined();
    const dup = result.diagnostics.find((d) => /Duplicate task id "1.1"/.test(d.message));
    expect(dup).toMatchObject({ code: 'graph', line: lineOf(md, '### Task 1.1: Scaffold API'), column: 10 });
  });

  it('a cycle is a graph error at the dependency that closes it', () => {
    const md = STREAM_DOCUMENT.replace(
      '### Stream A: API Contract Design\n**Estimated Time:** [4-8] hours\n**Dependencies:** None',
      '### Stream A: API Contract Design\n**Estimated Time:** [4-8] hours\n**Dependencies:** Backend Implementation',
    );
    const result = parseStream(md);
    expect(result.plan).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: 'graph' });
    expect(result.diagnostics[0].message).toMatch(/Dependency cycle: (A → C → A|C → A → C)/);
    expect([
      lineOf(md, '**Dependencies:** Backend Implementation'),
      lineOf(md, '**Dependencies:** API Contract, Environment Setup'),
    ]).toContain(result.diagnostics[0].line);
  });

  it('a mermaid edge the Dependencies do not list is an error naming both lines', () => {
    const md = TASK_DOCUMENT.replace('    T1.2[Task 1.2: API] --> T2.1\n', '    T1.2[Task 1.2: API] --> T2.1\n    T1.1 --> T1.2\n');
    const result = parseTask(md);
    expect(result.plan).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    const edgeLine = lineOf(md, '    T1.1 --> T1.2');
    const depLine = lineOf(md, '- **Dependencies**: None', md.indexOf('### Task 1.2'));
    expect(result.diagnostics[0]).toMatchObject({ code: 'graph', line: edgeLine, column: 5 });
    expect(result.diagnostics[0].message).toBe(
      `The execution-order graph (line ${edgeLine}) has Task 1.1 --> Task 1.2, but the Dependencies of Task 1.2 (line ${depLine}) do not list Task 1.1: add it there or remove the edge.`,
    );
  });

  it('a dependency the mermaid graph does not draw is an error naming both lines', () => {
    const md = TASK_DOCUMENT.replace('    T1.2[Task 1.2: API] --> T2.1\n', '    T1.2[Task 1.2: API]\n');
    const result = parseTask(md);
    expect(result.diagnostics).toHaveLength(1);
    const depLine = lineOf(md, '- **Dependencies**: Task 1.1, Task 1.2');
    expect(result.diagnostics[0]).toMatchObject({
      code: 'graph',
      line: depLine,
      column: columnOf(md, 'Task 1.1, Task 1.2') + 'Task 1.1, '.length,
    });
    expect(result.diagnostics[0].message).toMatch(
      new RegExp(
        `Dependencies of Task 2.1 \\(line ${depLine}\\) list Task 1.2, but the execution-order graph \\(line ${lineOf(md, '```mermaid')}\\) has no edge T1.2 --> T2.1`,
      ),
    );
  });

  it('an unknown task reference, an unknown section, a bad priority and stray text are located errors', () => {
    const md = TASK_DOCUMENT.replace('Task 1.1, Task 1.2', 'Task 1.1, Task 9.9')
      .replace('- **Priority**: High', '- **Priority**: Urgent')
      .replace('## Notes', '## Risks')
      .replace('- **Assignee**: FastAPI Pro', '- **Assignee**: FastAPI Pro\nSome stray prose');
    const result = parseTask(md);
    const messages = result.diagnostics.map((d) => `${d.line}: ${d.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${lineOf(md, 'Some stray prose')}: Unexpected text in Task 1.2`)),
        expect.stringMatching(new RegExp(`^${lineOf(md, 'Urgent')}: Unknown priority "Urgent"`)),
        expect.stringMatching(new RegExp(`^${lineOf(md, 'Task 9.9')}: Task 2.1 depends on "Task 9.9", which names no task`)),
        expect.stringMatching(new RegExp(`^${lineOf(md, '## Risks')}: Unknown section "Risks"`)),
      ]),
    );
    expect(result.plan).toBeUndefined();
  });

  it('a document without title or phases says what is missing', () => {
    expect(parsePlanMarkdown('', { file: FILE, name: 'x' }).diagnostics.map((d) => d.message)).toEqual([
      'A plan starts with its title: "# Implementation Plan: <title>".',
      'A plan needs at least one phase: add "## Phase 1: <title>" with its tasks.',
    ]);
  });

  it('a path outside the plan folder is a schema error at the file line', () => {
    const md = TASK_DOCUMENT.replace('`api/main.py` (CREATE)', '`../etc/passwd` (CREATE)');
    const result = parseTask(md);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'markdown',
      line: lineOf(md, '../etc/passwd'),
      path: 'phases[0].tasks[1].files[0].path',
    });
  });
});
