import { logger, readNxJson, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { flushChanges, FsTree } from 'nx/src/generators/tree';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { readManifest, sha256 } from '../utils/generation-safety';
import { CI_ROOT, ciGenerator, normalizeCiOptions } from './ci';
import { ACTIONS, AFFECTED_COMMAND, CACHE_SECRETS, REPORT_COMMAND, workflowYaml } from './workflow';

/**
 * GitHub's own workflow parser (@actions/workflow-parser) validates against the Actions workflow
 * schema. It is ESM-only and imports its schema as JSON without an import attribute, which Node 20
 * refuses: a child node process registers a small load hook that serves JSON as an ES module.
 */
const scratch = mkdtempSync(path.join(tmpdir(), 'plan-ci-spec-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function validatorScript(): string {
  const hook = path.join(scratch, 'json-hook.mjs');
  writeFileSync(
    hook,
    `import { readFile } from 'node:fs/promises';
export async function load(url, context, next) {
  if (!url.endsWith('.json')) return next(url, context);
  return { format: 'module', source: 'export default ' + (await readFile(new URL(url), 'utf8')) + ';', shortCircuit: true };
}
`,
  );
  const parser = pathToFileURL(parserEntry()).href;
  const script = path.join(scratch, 'validate.mjs');
  writeFileSync(
    script,
    `import { register } from 'node:module';
import { readFileSync } from 'node:fs';
register(${JSON.stringify(pathToFileURL(hook).href)});
const { parseWorkflow, NoOperationTraceWriter } = await import(${JSON.stringify(parser)});
const out = process.argv.slice(2).map((file) => {
  const result = parseWorkflow({ name: file, content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => e.message);
});
process.stdout.write(JSON.stringify(out));
`,
  );
  return script;
}

/** The package's ESM entry; its exports map has no ./package.json and no require condition. */
function parserEntry(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const entry = path.join(dir, 'node_modules', '@actions', 'workflow-parser', 'dist', 'index.js');
    if (existsSync(entry)) return entry;
    if (path.dirname(dir) === dir) throw new Error('@actions/workflow-parser is not installed (a root devDependency)');
  }
}

let script: string | undefined;
/** Schema errors of each workflow text, in order (one node process for all of them). */
function validate(...workflows: string[]): string[][] {
  script ??= validatorScript();
  const files = workflows.map((text, i) => {
    const file = path.join(scratch, `wf-${Date.now()}-${i}.yml`);
    writeFileSync(file, text);
    return file;
  });
  const run = spawnSync(process.execPath, [script, ...files], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) throw new Error(`workflow validator failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

type Contexts = { github: object; secrets: Record<string, string> };

/** The values GitHub gives each `${{ expr }}` (in `env`, `if`), with the contexts given; one ESM child process for all. */
function evaluate(cases: [template: string, contexts: Contexts][]): string[] {
  const expressions = cases.map(([template, contexts]) => {
    const expression = /^\$\{\{(.*)\}\}$/s.exec(template)?.[1];
    if (expression === undefined) throw new Error(`not a single expression: ${template}`);
    return [expression, contexts];
  });
  const entry = path.join(path.dirname(path.dirname(parserEntry())), '..', 'expressions', 'dist', 'index.js');
  const script = `
const { Lexer, Parser, Evaluator, data } = await import(${JSON.stringify(pathToFileURL(entry).href)});
const toData = (v) => v === null || v === undefined ? new data.Null() : typeof v === 'boolean' ? new data.BooleanData(v)
  : typeof v === 'string' ? new data.StringData(v) : new data.Dictionary(...Object.entries(v).map(([key, value]) => ({ key, value: toData(value) })));
const out = JSON.parse(process.argv[1]).map(([expression, contexts]) => {
  const parsed = new Parser(new Lexer(expression).lex().tokens, Object.keys(contexts), []).parse();
  return new Evaluator(parsed, toData(contexts)).evaluate().coerceString();
});
process.stdout.write(JSON.stringify(out));
`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(expressions)], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (run.status !== 0) throw new Error(`expression evaluator failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const WORKFLOW = '.github/workflows/plan-verify.yml';

/** A workspace on disk (a temp folder), so that a generator run can be flushed like `nx g` does. */
function diskTree(files: Record<string, string> = {}): Tree {
  const tree = new FsTree(mkdtempSync(path.join(scratch, 'ws-')), false);
  tree.write('nx.json', '{}\n');
  tree.write('package.json', '{ "name": "ws", "private": true }\n');
  for (const [file, content] of Object.entries(files)) tree.write(file, content);
  return flush(tree);
}

/** Writes the pending changes to disk and returns a fresh Tree over them (the next `nx g`). */
function flush(tree: Tree): Tree {
  flushChanges(tree.root, tree.listChanges());
  return new FsTree(tree.root, false);
}

function captureWarnings() {
  const lines: string[] = [];
  const original = logger.warn;
  logger.warn = (message: string) => void lines.push(message);
  return { lines, restore: () => (logger.warn = original) };
}

async function generate(tree: Tree, options = {}) {
  await ciGenerator(tree, options);
  return tree.read(WORKFLOW, 'utf8')!;
}

describe('plan:ci workflow', () => {
  let prettierTree: Tree;
  let generated: string;
  beforeAll(async () => {
    prettierTree = createTreeWithEmptyWorkspace({ formatter: 'prettier' } as any);
    generated = await generate(prettierTree);
  });

  it('validates against the GitHub Actions workflow schema, in every option combination', () => {
    const variants = [
      generated,
      workflowYaml({ remoteCache: false, nodeVersion: '22', mainBranch: 'master' }),
      workflowYaml({ remoteCache: true, nodeVersion: 'lts/*', mainBranch: 'release/1.0' }),
      workflowYaml({ remoteCache: true, nodeVersion: '20.x', mainBranch: 'yes' }),
    ];
    expect(validate(...variants)).toEqual(variants.map(() => []));
  });

  it('the validation is real: broken workflows give errors', () => {
    const noRunsOn = generated.replace(/^ {4}runs-on: ubuntu-latest\n/m, '');
    const misspelledOn = generated.replace(/^on:$/m, 'onn:');
    const badPermission = generated.replace('security-events: write', 'security-events: admin');
    expect(noRunsOn).not.toBe(generated);
    expect(misspelledOn).not.toBe(generated);
    expect(badPermission).not.toBe(generated);
    const [a, b, c] = validate(noRunsOn, misspelledOn, badPermission);
    expect(a.join('\n')).toMatch(/Required property is missing: runs-on/);
    expect(b.join('\n')).toMatch(/Unexpected value 'onn'/);
    expect(c.length).toBeGreaterThan(0);
  });

  it('runs nx affected -t verify between the SHAs nx-set-shas found, after a full-history checkout', () => {
    const wf = parse(generated);
    const steps: any[] = wf.jobs.verify.steps;
    const index = (pred: (s: any) => boolean) => steps.findIndex(pred);
    const checkout = index((s) => s.uses === ACTIONS.checkout);
    const setupNode = index((s) => s.uses === ACTIONS.setupNode);
    const npmCi = index((s) => s.run === 'npm ci');
    const shas = index((s) => s.uses === ACTIONS.setShas);
    const affected = index((s) => s.run === AFFECTED_COMMAND);
    expect([checkout, setupNode, npmCi, shas, affected].every((i) => i >= 0)).toBe(true);
    expect([checkout, setupNode, npmCi, shas, affected]).toEqual([...[checkout, setupNode, npmCi, shas, affected]].sort((x, y) => x - y));
    expect(steps[checkout].with['fetch-depth']).toBe(0);
    expect(steps[setupNode].with).toEqual({ 'node-version': '20', cache: 'npm' });
    expect(steps[shas].with['main-branch-name']).toBe('main');
    expect(steps[affected].run).toBe('npx nx affected -t verify --base="$NX_BASE" --head="$NX_HEAD"');
    expect(steps[affected].if).toBeUndefined();
    expect(wf.on.push.branches).toEqual(['main']);
    expect(Object.keys(wf.on)).toEqual(['push', 'pull_request']);
  });

  it('grants exactly the permissions its actions need', () => {
    expect(parse(generated).permissions).toEqual({ contents: 'read', actions: 'read', 'security-events': 'write' });
  });

  it('reports SARIF and uploads it even when verification failed', () => {
    const steps: any[] = parse(generated).jobs.verify.steps;
    const report = steps.find((s) => s.run === REPORT_COMMAND);
    const upload = steps.find((s) => s.uses === ACTIONS.uploadSarif);
    expect(report.if).toBe('always()');
    expect(report.run).toBe('npx --no-install plan report --format sarif --out plan.sarif');
    expect(upload.if).toMatch(/^always\(\) && hashFiles\('plan\.sarif'\) != ''/);
    expect(upload.with).toEqual({ sarif_file: 'plan.sarif', category: 'plan' });
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(report));
  });

  it('passes the remote cache settings only when remoteCache is on', () => {
    expect(Object.keys(parse(generated).jobs.verify.env).sort()).toEqual([
      'NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN',
      'NX_SELF_HOSTED_REMOTE_CACHE_SERVER',
    ]);
    const without = parse(workflowYaml({ remoteCache: false, nodeVersion: '20', mainBranch: 'main' }));
    expect(without.jobs.verify.env).toBeUndefined();
    expect(JSON.stringify(without)).not.toContain('REMOTE_CACHE');
  });

  it('never gives the write token to a pull request from a fork (GitHub expressions evaluated by @actions/expressions)', () => {
    const env: Record<string, string> = parse(generated).jobs.verify.env;
    const all = { [CACHE_SECRETS.server]: 'https://cache', [CACHE_SECRETS.token]: 'WRITE', [CACHE_SECRETS.readOnlyToken]: 'READ' };
    const { [CACHE_SECRETS.readOnlyToken]: _unused, ...noReadOnly } = all;
    const push = { event_name: 'push', event: {} };
    const pr = (fork: boolean) => ({ event_name: 'pull_request', event: { pull_request: { head: { repo: { fork } } } } });
    const scenarios = [
      { github: push, secrets: all },
      { github: pr(false), secrets: all },
      { github: pr(true), secrets: all },
      { github: pr(true), secrets: noReadOnly },
      { github: pr(true), secrets: {} }, // GitHub's default: no secrets for forks
      { github: push, secrets: noReadOnly },
    ];
    const values = evaluate(
      scenarios.flatMap((c) => [[env[CACHE_SECRETS.server], c] as [string, Contexts], [env[CACHE_SECRETS.token], c] as [string, Contexts]]),
    );
    expect(scenarios.map((_, i) => values.slice(2 * i, 2 * i + 2))).toEqual([
      ['https://cache', 'WRITE'],
      ['https://cache', 'WRITE'],
      ['https://cache', 'READ'],
      ['', ''],
      ['', ''],
      ['https://cache', 'WRITE'],
    ]);
  });

  it('uploads SARIF except from forks (whose token cannot write security events)', () => {
    const upload = parse(generated).jobs.verify.steps.find((s: any) => s.uses === ACTIONS.uploadSarif);
    const condition = upload.if.replace(/^always\(\) && hashFiles\('plan\.sarif'\) != '' && /, '');
    const pr = (fork: boolean) => ({ event_name: 'pull_request', event: { pull_request: { head: { repo: { fork } } } } });
    expect(
      evaluate([{ event_name: 'push', event: {} }, pr(false), pr(true)].map((github) => [`\${{ ${condition} }}`, { github, secrets: {} }])),
    ).toEqual(['true', 'true', 'false']);
  });

  it('pins the action majors', () => {
    const uses = parse(generated)
      .jobs.verify.steps.map((s: any) => s.uses)
      .filter(Boolean);
    expect(uses).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', 'nrwl/nx-set-shas@v4', 'github/codeql-action/upload-sarif@v3']);
  });
});

describe('plan:ci generator', () => {
  it('is idempotent and registers the plugin once (prettier)', async () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'prettier' } as any);
    const first = await generate(tree);
    const nxJson = tree.read('nx.json', 'utf8');
    expect(await generate(tree)).toBe(first);
    expect(tree.read('nx.json', 'utf8')).toBe(nxJson);
    expect(readNxJson(tree)!.plugins!.filter((p) => (typeof p === 'string' ? p : p.plugin) === 'plan')).toEqual([
      { plugin: 'plan', options: {} },
    ]);
  });

  it('writes the template bytes unchanged without a formatter, and prettier keeps its meaning', async () => {
    const raw = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    const text = await generate(raw, { skipFormat: true });
    expect(text).toBe(workflowYaml({ remoteCache: true, nodeVersion: '20', mainBranch: 'main' }));
    const formatted = await generate(createTreeWithEmptyWorkspace({ formatter: 'prettier' } as any));
    expect(parse(formatted)).toEqual(parse(text));
  });

  it('honours name, nodeVersion, mainBranch and remoteCache', async () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    await ciGenerator(tree, { name: 'checks.yml', nodeVersion: 22, mainBranch: 'trunk', remoteCache: false, skipFormat: true });
    expect(tree.exists(WORKFLOW)).toBe(false);
    const wf = parse(tree.read('.github/workflows/checks.yml', 'utf8')!);
    expect(wf.on.push.branches).toEqual(['trunk']);
    expect(wf.jobs.verify.steps.find((s: any) => s.uses === ACTIONS.setupNode).with['node-version']).toBe('22');
    expect(wf.jobs.verify.steps.find((s: any) => s.uses === ACTIONS.setShas).with['main-branch-name']).toBe('trunk');
    expect(wf.jobs.verify.env).toBeUndefined();
  });

  it('rejects options that would break the file or the workflow', () => {
    expect(() => normalizeCiOptions({ name: '../evil' })).toThrow(/Invalid --name/);
    expect(() => normalizeCiOptions({ nodeVersion: '20; rm -rf /' })).toThrow(/Invalid --nodeVersion/);
    expect(() => normalizeCiOptions({ mainBranch: 'has space' })).toThrow(/Invalid --mainBranch/);
    expect(() => normalizeCiOptions({ mainBranch: '-x' })).toThrow(/Invalid --mainBranch/);
    expect(normalizeCiOptions({})).toEqual({
      name: 'plan-verify',
      remoteCache: true,
      nodeVersion: '20',
      mainBranch: 'main',
      skipFormat: false,
      force: false,
    });
  });

  it('goes through the manifest: a re-run changes nothing, an edit is kept and reported, --force overwrites', async () => {
    let tree = diskTree();
    const first = await generate(tree, { skipFormat: true });
    expect(readManifest(tree, CI_ROOT)!.files).toEqual({ 'workflows/plan-verify.yml': sha256(first) });
    tree = flush(tree);
    await ciGenerator(tree, { skipFormat: true });
    // What --dry-run would list: nothing at all.
    expect(tree.listChanges().map((c) => c.path)).toEqual([]);

    const edited = first.replace('cancel-in-progress: true', 'cancel-in-progress: false');
    tree.write(WORKFLOW, edited);
    tree = flush(tree);
    const warnings = captureWarnings();
    try {
      await ciGenerator(tree, { skipFormat: true, nodeVersion: '22' });
    } finally {
      warnings.restore();
    }
    expect(warnings.lines.join('\n')).toMatch(/kept \.github\/workflows\/plan-verify\.yml: changed by the user/);
    expect(tree.read(WORKFLOW, 'utf8')).toBe(edited);
    expect(tree.listChanges().map((c) => c.path)).toEqual([]);

    await ciGenerator(tree, { skipFormat: true, nodeVersion: '22', force: true });
    expect(tree.read(WORKFLOW, 'utf8')).toBe(workflowYaml({ remoteCache: true, nodeVersion: '22', mainBranch: 'main' }));
    expect(
      tree
        .listChanges()
        .map((c) => c.path)
        .sort(),
    ).toEqual(['.github/.plan-manifest.json', WORKFLOW]);
  });

  it('records the formatted bytes, so a re-run under the workspace formatter finds the file unchanged', async () => {
    let tree = diskTree({ '.prettierrc': JSON.stringify({ singleQuote: true }) });
    const first = await generate(tree);
    expect(first).toContain("node-version: '20'");
    expect(readManifest(tree, CI_ROOT)!.files['workflows/plan-verify.yml']).toBe(sha256(first));
    tree = flush(tree);
    await ciGenerator(tree);
    expect(tree.listChanges().map((c) => c.path)).toEqual([]);
  });

  it('keeps the record of every workflow it wrote, under any name', async () => {
    const tree = diskTree();
    await ciGenerator(tree, { skipFormat: true });
    await ciGenerator(tree, { name: 'checks', skipFormat: true });
    expect(Object.keys(readManifest(tree, CI_ROOT)!.files)).toEqual(['workflows/checks.yml', 'workflows/plan-verify.yml']);
    tree.write(WORKFLOW, 'mine\n');
    await ciGenerator(tree, { skipFormat: true });
    expect(tree.read(WORKFLOW, 'utf8')).toBe('mine\n');
  });

  it('quotes branch names YAML would read as something else', () => {
    for (const mainBranch of ['yes', 'on', '1.0', 'null']) {
      const wf = parse(workflowYaml({ remoteCache: false, nodeVersion: '20', mainBranch }));
      expect(wf.on.push.branches).toEqual([mainBranch]);
    }
  });
});
