import { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDocument } from 'yaml';
import { prng } from '../../../../tools/fuzz/lib';
import { parseSql } from '../checks/validate-schema/pg-parser';
import { scanLines } from '../model/markdown/blocks';
import { parsePlanMarkdown } from '../model/markdown/parse-markdown';
import { findPlaceholders } from '../model/markdown/variables';
import { hostileStrings } from '../testing/hostile-strings';
import { ciGenerator } from './ci/ci';
import { importGenerator } from './import/import';
import { mlAppGenerator, normalizeOptions } from './ml-app/ml-app';

/**
 * Property test (issue 12): hostile text in every option of every generator either is refused
 * with an error naming the option, writing nothing, or produces files that all parse with the
 * real parser of their language and have exactly the structure of the same plan generated from
 * plain text: no injected statement, key, instruction or task, no file outside the plan folder,
 * and nothing runs (the payloads try to create a marker file; the app and the training script
 * are imported by CPython to prove it).
 */
const SEED = Number(process.env.PLAN_PROPERTY_SEED ?? 20261201);
const CASES = { mlApp: 100, importMarkdown: 50, importTiny: 30, ci: 60 };

const scratch = mkdtempSync(path.join(tmpdir(), 'plan-hostile-'));
const marker = path.join(scratch, 'PAYLOAD-RAN');
const payloads = hostileStrings(marker);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number) => random() < p;
/** One to three payloads, sometimes inside ordinary words. */
function hostile(): string {
  const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(payloads));
  return parts.join(pick(['', ' ', ' text '])) + (chance(0.3) ? ' end' : '');
}

/**
 * Hostile text inside one line of a Markdown document. Line breaks are flattened and a word comes
 * first: a document's own lines are its structure (a `## Phase` line there is a phase), so only
 * what stays inside its line must stay data.
 */
const inline = () => `Text ${hostile().replace(/\r\n|\r|\n/g, ' ')}`;

const TEXT_OPTIONS = [
  'projectName',
  'projectDescription',
  'functionalRequirements',
  'nonFunctionalRequirements',
  'constraints',
  'additionalNotes',
] as const;
const NAME_OPTIONS = ['schemaName', 'pipelineName', 'modelName'] as const;
/** An error that names what the user gave and what is allowed. */
const CLEAR_ERROR = /^(Invalid (--\w+|name|directory|plan name|[a-z_]+ \()|doc\/PLAN\.md has errors; nothing was written)/;

const emptyTree = () => createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
const changedPaths = (tree: Tree) => tree.listChanges().map((c) => `${c.type} ${c.path}`);

interface Outcome {
  label: string;
  /** Plan-relative path → content, of a successful run. */
  files?: Map<string, string>;
  /** The same generator on plain text, for the structure comparison. */
  reference?: Map<string, string>;
  error?: string;
}

/** Runs a generator; on success returns the files under `root`, after checking nothing else was written. */
async function run(label: string, tree: Tree, root: string, generate: () => Promise<unknown>, allowedOutside: string[] = []) {
  const before = new Set(changedPaths(tree));
  try {
    await generate();
  } catch (error) {
    const message = (error as Error).message;
    expect({ label, message, clear: CLEAR_ERROR.test(message) }).toEqual({ label, message, clear: true });
    expect({ label, changes: changedPaths(tree).filter((c) => !before.has(c)) }).toEqual({ label, changes: [] });
    return { label, error: message } as Outcome;
  }
  const files = new Map<string, string>();
  const prefix = root === '.' ? '' : `${root}/`;
  for (const change of tree.listChanges()) {
    if (before.has(`${change.type} ${change.path}`) && (prefix === '' || !change.path.startsWith(prefix))) continue;
    if (allowedOutside.includes(change.path)) continue;
    expect({ label, path: change.path, inside: change.path.startsWith(prefix) }).toEqual({ label, path: change.path, inside: true });
    files.set(change.path.slice(prefix.length), change.content!.toString('utf8'));
  }
  return { label, files } as Outcome;
}

/** Keys, array lengths and value types of parsed data: what an injection would change. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

/** Equal structures, or a failure that names the case first (a long diff would hide it). */
function expectSameShape(label: string, file: string, actual: unknown, expected: unknown): void {
  const [a, e] = [shape(actual), shape(expected)];
  if (JSON.stringify(a) !== JSON.stringify(e))
    expect({ label, file, structure: 'differs from the plain-text plan' }).toEqual({ label, file });
  expect(a).toEqual(e);
}

const outcomes: Outcome[] = [];

describe(`hostile input to every generator (seed ${SEED})`, () => {
  beforeAll(async () => {
    // plan:ml-app: every option, free text mostly hostile, names sometimes.
    for (let i = 0; i < CASES.mlApp; i++) {
      const name = chance(0.1) ? hostile() : pick(['churn', 'fraud-detection', 'x']);
      const options: Record<string, unknown> = { name, python: chance(0.1) ? hostile() : 'python3' };
      for (const key of TEXT_OPTIONS) if (chance(0.7)) options[key] = hostile();
      for (const key of NAME_OPTIONS) if (chance(0.1)) options[key] = hostile();
      if (chance(0.1)) options.directory = hostile();
      let root: string;
      try {
        root = normalizeOptions(options as any).directory;
      } catch {
        root = '.';
      }
      const tree = emptyTree();
      const outcome = await run(`ml-app #${i} ${JSON.stringify(options)}`, tree, root, () => mlAppGenerator(tree, options as any), [
        'nx.json',
      ]);
      if (outcome.files) {
        const plain = emptyTree();
        const plainOptions: Record<string, unknown> = { ...options, directory: 'ref' };
        for (const key of TEXT_OPTIONS) delete plainOptions[key];
        await mlAppGenerator(plain, plainOptions as any);
        outcome.reference = (await run('reference', plain, 'ref', async () => undefined)).files;
      }
      outcomes.push(outcome);
    }

    // plan:import of a seed 000 document whose title, overview, notes, task titles and --var values are hostile.
    const seedTree = emptyTree();
    await mlAppGenerator(seedTree, { name: 'seed', python: 'python3' });
    const seedMarkdown = seedTree.read('seed/PLAN.md', 'utf8')!;
    // The plain-text import, with or without --var values (they add the plan's variables).
    const importReference = async (vars: string[]) => {
      const tree = emptyTree();
      tree.write('doc/PLAN.md', seedMarkdown);
      await importGenerator(tree, { file: 'doc/PLAN.md', name: 'imported', directory: 'imported', python: 'python3', var: vars });
      return (await run('reference', tree, 'imported', async () => undefined)).files!;
    };
    const VAR_KEYS = ['project_name', 'constraints', 'additional_notes'];
    const importReferences = [await importReference([]), await importReference(VAR_KEYS.map((k) => `${k}=plain text`))];
    for (let i = 0; i < CASES.importMarkdown; i++) {
      let doc = seedMarkdown;
      if (chance(0.8)) doc = doc.replace(/^# Implementation Plan: .*$/m, () => `# Implementation Plan: ${inline()}`);
      if (chance(0.5)) doc = doc.replace(/(## Overview\n\n)[^\n]*/, (_m, head) => head + inline());
      if (chance(0.5)) doc = doc.replace(/(## Notes\n\n)[^\n]*/, (_m, head) => head + inline());
      if (chance(0.3)) doc = doc.replace(/^(### Task 1\.1: ).*$/m, (_m, head) => head + inline());
      const vars = chance(0.4) ? VAR_KEYS.map((k) => `${k}=${hostile()}`) : [];
      const tree = emptyTree();
      tree.write('doc/PLAN.md', doc);
      const outcome = await run(
        `import #${i} ${JSON.stringify({ doc: doc.slice(0, 300), vars })}`,
        tree,
        'imported',
        () => importGenerator(tree, { file: 'doc/PLAN.md', name: 'imported', directory: 'imported', python: 'python3', var: vars }),
        ['nx.json'],
      );
      if (outcome.files) outcome.reference = importReferences[vars.length ? 1 : 0];
      outcomes.push(outcome);
    }

    // Issue 12 as reported: the Markdown title payload, and --projectName with \x, """ and a newline.
    const payloadDoc = seedMarkdown.replace(
      /^# Implementation Plan: .*$/m,
      `# Implementation Plan: x"""; __import__("os").system("touch ${marker}"); """`,
    );
    const acceptanceTree = emptyTree();
    acceptanceTree.write('doc/PLAN.md', payloadDoc);
    const issueImport = await run(
      'issue 12: Markdown title payload',
      acceptanceTree,
      'imported',
      () => importGenerator(acceptanceTree, { file: 'doc/PLAN.md', name: 'imported', directory: 'imported', python: 'python3' }),
      ['nx.json'],
    );
    issueImport.reference = importReferences[0];
    outcomes.push(issueImport);
    for (const projectName of ['a\\x b', 'say """hi""" \\', 'two\nlines\nRUN touch ' + marker]) {
      const tree = emptyTree();
      const outcome = await run(
        `issue 12: --projectName ${JSON.stringify(projectName)}`,
        tree,
        'churn',
        () => mlAppGenerator(tree, { name: 'churn', python: 'python3', projectName }),
        ['nx.json'],
      );
      const plain = emptyTree();
      await mlAppGenerator(plain, { name: 'churn', python: 'python3', directory: 'ref' });
      if (outcome.files) outcome.reference = (await run('reference', plain, 'ref', async () => undefined)).files;
      outcomes.push(outcome);
    }

    // plan:import of a plan without skill templates: hostile titles and file paths become placeholders.
    for (let i = 0; i < CASES.importTiny; i++) {
      const doc = [
        `# Implementation Plan: ${inline()}`,
        '',
        `## Phase 1: ${chance(0.5) ? inline() : 'Only'}`,
        '',
        `### Task 1.1: ${inline()}`,
        '- **Files**:',
        `  - \`${chance(0.5) ? inline() : 'notes'}/${inline()}.md\` (CREATE)`,
        `  - \`${inline()}.py\` (CREATE)`,
        '- **Dependencies**: None',
        '',
      ].join('\n');
      const tree = emptyTree();
      tree.write('doc/PLAN.md', doc);
      outcomes.push(
        await run(
          `import-tiny #${i} ${JSON.stringify(doc)}`,
          tree,
          'tiny',
          () => importGenerator(tree, { file: 'doc/PLAN.md', name: 'tiny', directory: 'tiny' }),
          ['nx.json'],
        ),
      );
    }

    // plan:ci: hostile name, node version and branch.
    const ciReference = new Map<boolean, Map<string, string>>();
    for (const remoteCache of [true, false]) {
      const tree = emptyTree();
      ciReference.set(
        remoteCache,
        (await run('reference', tree, '.github', () => ciGenerator(tree, { remoteCache, skipFormat: true }), ['nx.json'])).files!,
      );
    }
    for (let i = 0; i < CASES.ci; i++) {
      const remoteCache = chance(0.5);
      const options = {
        remoteCache,
        skipFormat: true,
        ...(chance(0.3) ? { name: hostile() } : {}),
        ...(chance(0.3) ? { nodeVersion: hostile() } : {}),
        ...(chance(0.3) ? { mainBranch: hostile() } : {}),
      };
      const tree = emptyTree();
      const outcome = await run(`ci #${i} ${JSON.stringify(options)}`, tree, '.github', () => ciGenerator(tree, options), ['nx.json']);
      if (outcome.files) {
        // The reference is named plan-verify.yml; compare the one workflow either way.
        const [[, workflow]] = [...outcome.files].filter(([p]) => p.startsWith('workflows/'));
        outcome.files = new Map([['workflow.yml', workflow]]);
        outcome.reference = new Map([['workflow.yml', ciReference.get(remoteCache)!.get('workflows/plan-verify.yml')!]]);
      }
      outcomes.push(outcome);
    }
  }, 120_000);

  it('runs enough cases of each kind, and enough of them are accepted to mean something', () => {
    const count = (prefix: string, accepted: boolean) =>
      outcomes.filter((o) => o.label.startsWith(prefix) && (o.files !== undefined) === accepted).length;
    expect(outcomes).toHaveLength(CASES.mlApp + CASES.importMarkdown + CASES.importTiny + CASES.ci + 4);
    for (const kind of ['ml-app', 'import #', 'import-tiny', 'ci']) expect(count(kind, true)).toBeGreaterThanOrEqual(5);
    // And hostile input is refused somewhere too: the rules are exercised.
    expect(count('ml-app', false)).toBeGreaterThanOrEqual(5);
    expect(count('ci', false)).toBeGreaterThanOrEqual(5);
  });

  it('issue 12: the Markdown payload and --projectName with \\x or """ generate inert files; a newline is refused', () => {
    const issue = outcomes.filter((o) => o.label.startsWith('issue 12'));
    expect(issue.map((o) => (o.files ? 'generated' : o.error))).toEqual([
      'generated',
      'generated',
      'generated',
      'Invalid --projectName: it must be one line; remove the line break (U+000A) at character 4.',
    ]);
    // The title reaches the app as data: its docstring and FastAPI title hold it verbatim (CPython checks below).
    expect(issue[0].files!.get('api/main.py')).toContain('title="x\\"\\"\\"; __import__(\\"os\\").system(');
  });

  it('every generated file has the same set of files as the plain-text plan', () => {
    for (const o of outcomes.filter((o) => o.reference)) {
      expect({ label: o.label, files: [...o.files!.keys()].sort() }).toEqual({ label: o.label, files: [...o.reference!.keys()].sort() });
    }
  });

  it('YAML and JSON parse and keep the structure of the plain-text plan', () => {
    for (const o of outcomes.filter((o) => o.files)) {
      for (const [file, content] of o.files!) {
        const reference = o.reference?.get(file);
        if (/\.ya?ml$/.test(file)) {
          // plan.yaml is read by plan's own loader (YAML 1.2); every other file also by YAML 1.1 readers
          // (PyYAML in Mage and ml/train.py, Docker Compose, GitHub).
          for (const version of file === 'plan.yaml' ? (['1.2'] as const) : (['1.1', '1.2'] as const)) {
            const doc = parseDocument(content, { version, uniqueKeys: true });
            expect({ label: o.label, file, errors: doc.errors.map((e) => e.message) }).toEqual({ label: o.label, file, errors: [] });
            if (reference !== undefined) expectSameShape(o.label, file, doc.toJS(), parseDocument(reference, { version }).toJS());
          }
        } else if (file.endsWith('.json')) {
          const parsed = JSON.parse(content);
          if (reference !== undefined) expectSameShape(o.label, file, parsed, JSON.parse(reference));
        } else if (reference !== undefined && !/\.(py|sql|md)$/.test(file) && file !== 'Dockerfile') {
          // Line-oriented files (.env.example, .gitignore, requirements.txt, CSV): no line added or removed.
          expect({ label: o.label, file, lines: content.split('\n').length }).toEqual({
            label: o.label,
            file,
            lines: reference.split('\n').length,
          });
        }
      }
    }
  });

  it('every Dockerfile has exactly the instructions of the template (dockerfile-ast)', () => {
    for (const o of outcomes.filter((o) => o.reference?.has('Dockerfile'))) {
      const instructions = (text: string) =>
        DockerfileParser.parse(text)
          .getInstructions()
          .map((i) => `${i.getKeyword()} ${i.getArgumentsContent()}`);
      const directives = (text: string) =>
        DockerfileParser.parse(text)
          .getDirectives()
          .map((d) => `${d.getName()}=${d.getValue()}`);
      expect({ label: o.label, instructions: instructions(o.files!.get('Dockerfile')!) }).toEqual({
        label: o.label,
        instructions: instructions(o.reference!.get('Dockerfile')!),
      });
      expect({ label: o.label, directives: directives(o.files!.get('Dockerfile')!) }).toEqual({
        label: o.label,
        directives: ['syntax=docker/dockerfile:1'],
      });
    }
  });

  it('every SQL file parses with PostgreSQL’s parser (libpg-query) into the statements of the plain-text plan', async () => {
    for (const o of outcomes.filter((o) => o.files)) {
      for (const [file, content] of o.files!) {
        if (!file.endsWith('.sql')) continue;
        const parsed = await parseSql(content);
        expect({ label: o.label, file, ok: parsed.ok }).toEqual({ label: o.label, file, ok: true });
        const reference = o.reference?.get(file);
        if (parsed.ok && reference !== undefined) {
          const kinds = async (sql: string) => ((await parseSql(sql)) as { statements: { kind: string }[] }).statements.map((s) => s.kind);
          expect({ label: o.label, file, kinds: parsed.statements.map((s) => s.kind) }).toEqual({
            label: o.label,
            file,
            kinds: await kinds(reference),
          });
        }
      }
    }
  });

  it('every PLAN.md imports back into the same phases and tasks', () => {
    for (const o of outcomes.filter((o) => o.files?.has('PLAN.md'))) {
      const markdown = o.files!.get('PLAN.md')!;
      // Text that looks like a seed-format variable ({{ x }}, [Name]) reads as one: the formats have no
      // escape for them. Filling each with itself keeps the text and tests the structure.
      const values = Object.fromEntries(findPlaceholders(scanLines(markdown)).map((p) => [p.name, p.raw]));
      const again = parsePlanMarkdown(markdown, { file: 'PLAN.md', name: 'again', values });
      expect({ label: o.label, diagnostics: again.diagnostics.map((d) => d.message) }).toEqual({ label: o.label, diagnostics: [] });
      const planYaml = parseDocument(o.files!.get('plan.yaml')!).toJS();
      const tasks = (plan: any) => plan.phases.map((p: any) => [p.id, p.tasks.map((t: any) => t.id)]);
      expect({ label: o.label, tasks: tasks(again.plan) }).toEqual({ label: o.label, tasks: tasks(planYaml) });
    }
  });

  it('every Python file compiles with CPython and has the syntax tree of the plain-text plan (string constants aside)', () => {
    const pairs = outcomes.flatMap((o) =>
      [...(o.files ?? [])]
        .filter(([file]) => file.endsWith('.py'))
        .map(([file, content]) => ({ label: `${o.label} ${file}`, source: content, reference: o.reference?.get(file) ?? null })),
    );
    const script = `
import ast, json, sys
class Mask(ast.NodeTransformer):
    def visit_Constant(self, node):
        return ast.Constant(value="S") if isinstance(node.value, str) else node
def shape(source):
    return ast.dump(Mask().visit(ast.parse(source)))
failures = []
for case in json.load(sys.stdin):
    try:
        compile(case["source"], case["label"], "exec")
        if case["reference"] is not None and shape(case["source"]) != shape(case["reference"]):
            failures.append([case["label"], "syntax tree differs from the plain-text plan"])
    except Exception as error:
        failures.append([case["label"], repr(error)])
print(json.dumps(failures))
`;
    const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(pairs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(pairs.length).toBeGreaterThan(100);
  });

  const servingPython = ['/usr/bin/python3', 'python3'].find(
    (p) => spawnSync(p, ['-c', 'import fastapi, yaml'], { stdio: 'ignore' }).status === 0,
  );
  (servingPython ? it : it.skip)('nothing runs: CPython imports every generated app and training script, and no payload fires', () => {
    const dirs: string[] = [];
    for (const [i, o] of outcomes.entries()) {
      if (!o.files?.has('api/main.py')) continue;
      const dir = path.join(scratch, `case-${i}`);
      for (const [file, content] of o.files) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), content);
      }
      dirs.push(dir);
    }
    const script = `
import importlib, json, sys
failures = []
for d in json.load(sys.stdin):
    sys.path.insert(0, d)
    try:
        for module in ("api.main", "ml.train"):
            importlib.import_module(module)
    except Exception as error:
        failures.append([d, repr(error)])
    finally:
        sys.path.remove(d)
        for name in [m for m in sys.modules if m.split(".")[0] in ("api", "ml")]:
            del sys.modules[name]
print(json.dumps(failures))
`;
    const run = spawnSync(servingPython!, ['-c', script], { input: JSON.stringify(dirs), encoding: 'utf8', cwd: scratch });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(dirs.length).toBeGreaterThan(20);
    expect(existsSync(marker)).toBe(false);
  });
});
