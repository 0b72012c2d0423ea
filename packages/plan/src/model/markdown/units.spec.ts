import { headingOf, scanLines, sectionsAt } from './blocks';
import { resolveDependencyText } from './dependencies';
import { inferKind } from './kind';
import { nodeTaskIds, parseMermaid } from './mermaid';
import { placeholderFor } from './placeholders';
import { estimateMinutes, kebabKey, parseItem, uniqueKeys } from './text';
import { fillPlaceholders, findPlaceholders, normaliseVariableName } from './variables';
import { checksOf, classifyVerification, writtenDone } from './verification';

describe('blocks', () => {
  it('numbers lines, marks fences and ignores headings inside them', () => {
    const lines = scanLines('# T\n```md\n## Not a heading\n```\n## Real\r\ntext');
    expect(lines.map((l) => [l.line, l.inFence])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, false],
      [5, false],
      [6, false],
    ]);
    expect(lines[1].fenceOpen).toBe('md');
    expect(lines[3].fenceClose).toBe(true);
    expect(headingOf(lines[2])).toBeUndefined();
    expect(headingOf(lines[4])).toEqual({ level: 2, title: 'Real', column: 4 });
    const { before, sections } = sectionsAt(lines.slice(1), 2);
    expect(before).toHaveLength(3);
    expect(sections.map((s) => [s.heading.title, s.body.length])).toEqual([['Real', 1]]);
  });

  it('a bare fence does not close a fence of a longer run', () => {
    const lines = scanLines('````\n```\nx\n````');
    expect(lines.map((l) => l.inFence)).toEqual([false, true, true, false]);
  });
});

describe('variables', () => {
  it('finds mustaches and capitalised brackets outside code, and fills them by normalised name', () => {
    const lines = scanLines('# {{ project_name }} for [Client Name]\n- [ ] item [X] [4-8] [link](u) `[Code]`\n```\n[Fenced]\n```');
    expect(findPlaceholders(lines).map((p) => [p.name, p.line, p.column])).toEqual([
      ['project_name', 1, 3],
      ['Client Name', 1, 26],
    ]);
    const { lines: filled, unfilled } = fillPlaceholders(lines, { 'Project Name': 'Shop', client_name: 'ACME' });
    expect(filled[0].text).toBe('# Shop for ACME');
    expect(unfilled).toEqual([]);
    expect(normaliseVariableName('Brief 1-2 sentence')).toBe('brief_1_2_sentence');
  });
});

describe('text', () => {
  it.each([
    ['10 minutes', 10],
    ['[4-8] hours', 480],
    ['4 - 6 hrs', 360],
    ['1.5 hours', 90],
    ['2 days', 960],
    ['1 week', 2400],
    ['30 min', 30],
    ['soon', undefined],
    ['10 parsecs', undefined],
  ])('estimate %s → %s minutes', (text, minutes) => expect(estimateMinutes(text)).toBe(minutes));

  it('makes lower-kebab keys that start with a letter, unique in order', () => {
    expect(kebabKey('API Contract Design')).toBe('api-contract-design');
    expect(kebabKey('CI/CD & Deployment Pipeline')).toBe('ci-cd-deployment-pipeline');
    expect(kebabKey('3D Viewer')).toBe('task-3d-viewer');
    expect(kebabKey('Café')).toBe('cafe');
    expect(kebabKey('!!!')).toBe('task');
    expect(uniqueKeys(['api', 'api', 'web', 'api'])).toEqual(['api', 'api-2', 'web', 'api-3']);
  });

  it('reads checklist items with their checked state and priority', () => {
    expect(parseItem('- [x] Ship it (Priority: Critical)')).toEqual({
      item: { text: 'Ship it', done: true, priority: 'critical', checks: [], files: [] },
    });
    expect(parseItem('  * plain bullet')).toEqual({ item: { text: 'plain bullet', done: false, checks: [], files: [] } });
    expect(parseItem('- [ ] Bad (Priority: Someday)')?.error?.message).toMatch(/Unknown priority "Someday"/);
    expect(parseItem('not an item')).toBeUndefined();
  });
});

describe('verification', () => {
  it('maps seed scripts to registered checks, other Run lines to command, folds exit code', () => {
    expect(classifyVerification('Run `python skills/data-engineer/scripts/validate_pipeline.py pipelines/p/`')).toEqual({
      kind: 'check',
      check: { uses: 'validate-pipeline', with: { paths: ['pipelines/p/'] } },
    });
    expect(classifyVerification('Run `python skills/x/scripts/unknown_tool.py a`')).toEqual({
      kind: 'check',
      check: { uses: 'command', with: { command: 'python skills/x/scripts/unknown_tool.py a' }, imported: true },
    });
    expect(classifyVerification('Run `python skills/x/scripts/scan_dockerfile.py --strict Dockerfile`').kind).toBe('check');
    expect(classifyVerification('Run `make test`')).toEqual({
      kind: 'check',
      check: { uses: 'command', with: { command: 'make test' }, imported: true },
    });
    expect(classifyVerification('Verify exit code is 0')).toEqual({ kind: 'exit-code' });
    expect(classifyVerification('No security errors')).toEqual({ kind: 'prose', text: 'No security errors' });
    expect(checksOf(['Run `python skills/a/scripts/validate_mojo.py m.zip n.zip`', 'prose'])).toEqual([
      { uses: 'validate-mojo', with: { paths: ['m.zip', 'n.zip'] } },
    ]);
  });

  it('takes the prose suffix off the definition of done exactly once', () => {
    expect(writtenDone(['a', 'p'], ['Run `x`', 'p'])).toEqual(['a']);
    expect(writtenDone(['p', 'p'], ['p'])).toEqual(['p']);
    expect(writtenDone(['a', 'b'], ['p'])).toEqual(['a', 'b']);
    expect(writtenDone(['a'], undefined)).toEqual(['a']);
  });
});

describe('dependencies', () => {
  const streams = [
    { id: 'A', title: 'OpenAPI Contract & Mocking', items: ['Set up automated API mocking service'] },
    { id: 'B', title: 'Infrastructure & Environment', items: ['Configure authentication service'] },
    { id: 'C', title: 'Backend API', items: [] },
    { id: 'D', title: 'Frontend API', items: [] },
  ];
  it('resolves titles, abbreviations, checklist names and ids, with offsets', () => {
    const refs = resolveDependencyText('OpenAPI Contract, Infrastructure,Mocking Service, Stream C, Frontend API', streams, 'X');
    expect(refs.map((r) => [r.name, r.offset, r.id])).toEqual([
      ['OpenAPI Contract', 0, 'A'],
      ['Infrastructure', 18, 'B'],
      ['Mocking Service', 33, 'A'],
      ['Stream C', 50, 'C'],
      ['Frontend API', 60, 'D'],
    ]);
    expect(resolveDependencyText('None', streams)).toEqual([]);
  });

  it('reports unknown and ambiguous names; a parenthetical does not split the list', () => {
    const [unknown, ambiguous, qualified] = resolveDependencyText('Billing, API, Infrastructure (basic, early)', streams, 'X');
    expect(unknown.error).toMatch(/^names no stream/);
    expect(ambiguous.error).toBe('is ambiguous: it could be "Backend API" or "Frontend API"; write the full title.');
    expect(qualified).toMatchObject({ name: 'Infrastructure (basic, early)', id: 'B' });
  });
});

describe('mermaid', () => {
  it('reads labelled nodes, chains and bare node ids', () => {
    const graph = parseMermaid(scanLines('graph LR\n  T1.1[Task 1.1: Schema] --> T1.2 --> T2.1["Task 2.1: Train"]\n  %% comment\n  T3.1'));
    expect(graph.problems).toEqual([]);
    expect(graph.edges.map((e) => [e.from.nodeId, e.to.nodeId, e.line])).toEqual([
      ['T1.1', 'T1.2', 2],
      ['T1.2', 'T2.1', 2],
    ]);
    expect(graph.nodes.find((n) => n.nodeId === 'T2.1')).toMatchObject({ taskId: '2.1', label: 'Train' });
    expect([...nodeTaskIds(graph, new Set(['1.1', '1.2', '2.1', '3.1'])).entries()]).toEqual([
      ['T1.1', '1.1'],
      ['T2.1', '2.1'],
      ['T1.2', '1.2'],
      ['T3.1', '3.1'],
    ]);
  });

  it('reports an arrow without a node', () => {
    expect(parseMermaid(scanLines('graph LR\nT1.1 -->'))).toMatchObject({ edges: [], problems: [{ line: 2 }] });
  });
});

describe('kind and placeholders', () => {
  it('infers the kind from title, overview or skills', () => {
    expect(inferKind(['[Mobile App Name]'], [])).toBe('mobile-app');
    expect(inferKind(['[Project Name]', '[Brief description of the web application]'], [])).toBe('web-app');
    expect(inferKind(['Churn'], ['skills/ml-engineer'])).toBe('ml-app');
    expect(inferKind(['Thing'], [])).toBe('custom');
  });

  it('writes a comment in the language of the file, a README in folders, nothing for binaries', () => {
    expect(placeholderFor('api/main.py')?.content).toMatch(/^# Placeholder created by `plan import`/);
    expect(placeholderFor('Dockerfile')?.content).toMatch(/^# /);
    expect(placeholderFor('schemas/a.sql')?.content).toMatch(/^-- /);
    expect(placeholderFor('web/app.ts')?.content).toMatch(/^\/\/ /);
    expect(JSON.parse(placeholderFor('schemas/a.json')!.content)).toEqual({ $comment: expect.stringMatching(/needs content/) });
    expect(placeholderFor('pipelines/p/loaders/')).toMatchObject({ path: 'pipelines/p/loaders/README.md' });
    expect(placeholderFor('models/m.zip')).toBeUndefined();
  });
});
