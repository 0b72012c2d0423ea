import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { z } from 'zod';
import { PlanDiagnostic, PlanError, pathToString } from './diagnostics';
import { graphProblems } from './graph';
import { assignItemIds, itemProblems } from './items';
import { Plan, PlanSchema } from './plan-schema';
import { checkTextSize, PLAN_YAML_MAX_BYTES, readSourceFile } from './source-text';
import { yamlShapeProblem, yamlTokenProblem } from './yaml-limits';

export interface LoadResult {
  plan?: Plan;
  diagnostics: PlanDiagnostic[];
}

/** A problem with one `checks[]` entry; `path` is inside the entry (`['uses']`, `['with', 'timeout']`). */
export interface CheckRefIssue {
  path: (string | number)[];
  /** Point at the key (an unknown option) or at its value (a wrong value). */
  at: 'key' | 'value';
  message: string;
}

export interface LoadOptions {
  /** Validates each check entry (name and options); the checks layer supplies it, the model knows no checks. */
  checkRefs?: (uses: string, options: Record<string, unknown> | undefined) => CheckRefIssue[];
}

/** Reads and checks a plan.yaml; never throws for a bad document (diagnostics instead). */
export function loadPlanFile(file: string, displayName: string = file, options: LoadOptions = {}): LoadResult {
  const source = readSourceFile(file, displayName, PLAN_YAML_MAX_BYTES);
  if (source.diagnostic) return { diagnostics: [source.diagnostic] };
  return parsePlanYaml(source.text, displayName, options);
}

/** Like loadPlanFile but returns the Plan or throws a PlanError carrying every diagnostic. */
export function readPlanFile(file: string, displayName: string = file): Plan {
  const { plan, diagnostics } = loadPlanFile(file, displayName);
  if (!plan) throw new PlanError(diagnostics);
  return plan;
}

/** YAML syntax → zod model → graph checks; every diagnostic names file:line:col and the key. */
export function parsePlanYaml(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const tooLarge = checkTextSize(text, file, PLAN_YAML_MAX_BYTES);
  if (tooLarge) return { diagnostics: [tooLarge] };
  const lineCounter = new LineCounter();
  const tokenProblem = yamlTokenProblem(text);
  if (tokenProblem) {
    const before = text.slice(0, tokenProblem.offset);
    const line = before.split('\n').length;
    return { diagnostics: [{ code: 'yaml', file, line, column: before.length - before.lastIndexOf('\n'), message: tokenProblem.message }] };
  }
  const doc = withoutStackTraces(() => parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }));
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.slice(0, MAX_YAML_ERRORS).map((e) => ({
        code: 'yaml' as const,
        file,
        ...at(e.pos[0]),
        message: /call stack/i.test(e.message)
          ? 'The YAML is nested too deeply to read: a plan needs a few levels, not thousands.'
          : `Invalid YAML: ${firstLine(e.message)}`,
      })),
    };
  }
  const shape = yamlShapeProblem(doc);
  if (shape) return { diagnostics: [{ code: 'yaml', file, ...rangeStart(shape.node, at), message: shape.message }] };
  let data: unknown;
  try {
    // yamlShapeProblem bounds what aliases expand to; the library's own cap stays as a backstop.
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { diagnostics: [{ code: 'yaml', file, line: 1, column: 1, message: `The YAML cannot be read: ${(error as Error).message}.` }] };
  }
  if (data === null || data === undefined) {
    return {
      diagnostics: [
        { code: 'schema', file, line: 1, column: 1, message: 'The plan is empty: it needs version, name, kind, title and phases.' },
      ],
    };
  }
  const parsed = PlanSchema.safeParse(data);
  if (!parsed.success) {
    return { diagnostics: parsed.error.issues.map((issue) => schemaDiagnostic(issue, doc.contents, file, at)) };
  }
  const plan = assignItemIds(parsed.data);
  const checkIssues = options.checkRefs ? checkRefDiagnostics(plan, options.checkRefs, doc.contents, file, at) : [];
  const problems = graphProblems(plan);
  const ofItems = itemProblems(plan);
  if (problems.length > 0 || checkIssues.length > 0 || ofItems.length > 0) {
    return {
      diagnostics: [
        ...checkIssues,
        ...ofItems.map((p) => {
          const node = nodeAt(doc.contents, p.path) ?? deepestNode(doc.contents, p.path);
          return { code: 'graph' as const, file, ...rangeStart(node, at), message: p.message, path: pathToString(p.path) };
        }),
        ...problems.map((p) => {
          const path: (string | number)[] = ['phases', p.phaseIndex, 'tasks', p.taskIndex, p.field];
          if (p.dependencyIndex !== undefined && p.dependencyIndex >= 0) path.push(p.dependencyIndex);
          if (p.subPath) path.push(...p.subPath);
          const node = nodeAt(doc.contents, path);
          return { code: 'graph' as const, file, ...rangeStart(node, at), message: p.message, path: pathToString(path) };
        }),
      ],
    };
  }
  return { plan, diagnostics: [] };
}

/** Every task's check entries through the given validator, each issue at its key or value in the YAML. */
function checkRefDiagnostics(
  plan: Plan,
  validate: NonNullable<LoadOptions['checkRefs']>,
  root: unknown,
  file: string,
  at: (offset: number) => { line: number; column: number },
): PlanDiagnostic[] {
  const out: PlanDiagnostic[] = [];
  const visit = (checks: Plan['phases'][number]['tasks'][number]['checks'], base: (string | number)[]) =>
    checks.forEach((ref, c) => {
      for (const issue of validate(ref.uses, ref.with)) {
        const path = [...base, 'checks', c, ...issue.path];
        const node = (issue.at === 'key' ? keyNodeAt(root, path) : undefined) ?? nodeAt(root, path) ?? deepestNode(root, path);
        out.push({ code: 'check', file, ...rangeStart(node, at), message: issue.message, path: pathToString(path) });
      }
    });
  plan.phases.forEach((phase, p) =>
    phase.tasks.forEach((task, t) => {
      visit(task.checks, ['phases', p, 'tasks', t]);
      // Items carry checks too (issue 10): the same validation, at the item's entry.
      task.items.forEach((item, i) => visit(item.checks, ['phases', p, 'tasks', t, 'items', i]));
    }),
  );
  plan.integrationPoints.forEach((point, n) => point.items.forEach((item, i) => visit(item.checks, ['integrationPoints', n, 'items', i])));
  plan.successCriteria.forEach((item, i) => visit(item.checks, ['successCriteria', i]));
  return out;
}

/** The key node of the last path part (a mapping key), or undefined. */
function keyNodeAt(root: unknown, path: readonly (string | number)[]): Node | undefined {
  const parent = nodeAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
  return isNode(pair?.key) ? pair.key : undefined;
}

function schemaDiagnostic(
  issue: z.core.$ZodIssue,
  root: unknown,
  file: string,
  at: (offset: number) => { line: number; column: number },
): PlanDiagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const fullPath = pathToString([...path, key]);
    return {
      code: 'schema',
      file,
      ...rangeStart(keyNodeAt(root, [...path, key]) ?? nodeAt(root, path), at),
      path: fullPath,
      message: `Unknown key "${key}"${suggest(key)} at ${fullPath}: remove it or fix its spelling.`,
    };
  }
  const node = nodeAt(root, path);
  const missing = !isNode(node) || node === root ? deepestNode(root, path) : node;
  const where = pathToString(path) || '(root)';
  const message = issue.code === 'invalid_type' && node === undefined ? `Missing required key "${where}".` : `${where}: ${issue.message}`;
  return { code: 'schema', file, ...rangeStart(missing, at), path: where, message };
}

const KNOWN_KEYS = [
  'version',
  'name',
  'kind',
  'title',
  'overview',
  'requirements',
  'variables',
  'itemTargets',
  'phases',
  'tasks',
  'integrationPoints',
  'successCriteria',
  'notes',
  'id',
  'key',
  'label',
  'assignee',
  'skill',
  'estimate',
  'priority',
  'dependsOn',
  'dependsOnText',
  'files',
  'checks',
  'verification',
  'done',
  'items',
  'path',
  'action',
  'producedBy',
  'inputs',
  'uses',
  'with',
  'imported',
  'text',
  'after',
  'parallel',
  'window',
  'unprovable',
];

function suggest(key: string): string {
  const hit = KNOWN_KEYS.find((k) => k.toLowerCase() === key.toLowerCase().replace(/[-_]/g, ''));
  return hit ? ` (did you mean "${hit}"?)` : '';
}

/** The YAML node at a model path, or undefined when the path does not exist in the document. */
function nodeAt(root: unknown, path: readonly (string | number)[]): Node | undefined {
  let node: unknown = root;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === part);
      node = pair?.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
    } else {
      return undefined;
    }
    if (node === undefined || node === null) return undefined;
  }
  return isNode(node) ? node : undefined;
}

/** The deepest existing node along a path (where a missing key should have been). */
function deepestNode(root: unknown, path: readonly (string | number)[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAt(root, path.slice(0, n));
    if (node) return node;
  }
  return isNode(root) ? root : undefined;
}

function rangeStart(
  node: Node | undefined | unknown,
  at: (offset: number) => { line: number; column: number },
): { line: number; column: number } {
  if (isNode(node) && node.range) return at(node.range[0]);
  return { line: 1, column: 1 };
}

/** More YAML syntax errors than this are not read by anyone: the first ones say what is wrong. */
const MAX_YAML_ERRORS = 20;

/** The parser makes an Error per syntax error; capturing a stack for each made hostile files slow. */
function withoutStackTraces<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
