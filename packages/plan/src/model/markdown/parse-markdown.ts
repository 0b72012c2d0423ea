import { z } from 'zod';
import { PlanDiagnostic, pathToString } from '../diagnostics';
import { graphProblems } from '../graph';
import { assignItemIds, itemProblems } from '../items';
import { Plan, PlanInput, PlanKind, PlanSchema } from '../plan-schema';
import { sourceText } from '../source-text';
import { scanLines, SourceLine } from './blocks';
import { graphLabel } from './mermaid';
import { DependencyCandidate, resolveDependencyText } from './dependencies';
import { DocumentDraft, parseDocument, PhaseDraft } from './document';
import { inferKind } from './kind';
import { nodeTaskIds, parseMermaid } from './mermaid';
import { Located, Problem, RawTask } from './task-section';
import { kebabKey, uniqueKeys } from './text';
import { fillPlaceholders, normaliseVariableName } from './variables';
import { checksOf, proseOf } from './verification';

/**
 * Markdown plan (seed 000's task format, seed 001's stream format, or a mix) → Plan. Every
 * problem is a PlanDiagnostic at file:line:col; a plan is returned only when there is none.
 * Never throws for any input text.
 */

export interface ParseMarkdownOptions {
  /** Shown in diagnostics. */
  file: string;
  /** The plan name (kebab-case; the Nx project name). */
  name: string;
  /** Values of the template variables: `{{ schema_name }}`, `[Project Name]`. */
  values?: Record<string, string>;
  /** The plan kind; inferred from the document when omitted. */
  kind?: PlanKind;
}

export interface ParseMarkdownResult {
  plan?: Plan;
  diagnostics: PlanDiagnostic[];
}

interface Placed {
  raw: RawTask;
  phaseIndex: number;
  taskIndex: number;
  /** Resolved dependency ids with where each is written. */
  deps: (Located & { id: string })[];
}

/** Bytes (a file as read: strict UTF-8) or text, within the plan-document size cap. */
export function parsePlanMarkdown(input: string | Uint8Array, options: ParseMarkdownOptions): ParseMarkdownResult {
  const source = sourceText(input, options.file);
  if (source.diagnostic) return { diagnostics: [{ ...source.diagnostic, code: 'markdown' }] };
  return parseMarkdownText(source.text, options);
}

function parseMarkdownText(markdown: string, options: ParseMarkdownOptions): ParseMarkdownResult {
  const { file } = options;
  const problems: Problem[] = [];
  const graphIssues: Problem[] = [];
  const scanned = scanLines(markdown);
  const values = options.values ?? {};
  const { lines, unfilled } = fillPlaceholders(scanned, values);
  for (const p of unfilled) {
    problems.push({
      line: p.line,
      column: p.column,
      message: `Unfilled template variable ${p.raw}: give it a value (plan import --var ${normaliseVariableName(p.name) || 'name'}=...).`,
    });
  }
  const draft = parseDocument(lines, problems);
  const placed = placeTasks(draft.phases);
  resolveDependencies(placed, problems);
  const labels = checkExecutionOrder(draft, placed, graphIssues, problems);

  const keys = uniqueKeys(placed.map((p) => kebabKey(labels.get(p.raw.id) ?? p.raw.title)));
  const input: PlanInput = {
    version: 1,
    name: options.name,
    kind:
      options.kind ??
      inferKind(
        kindTexts(scanned, draft),
        placed.map((p) => p.raw.skill ?? ''),
        // Stream headings name the seed-001 template a filled document came from.
        placed.filter((p) => p.raw.format === 'stream').map((p) => p.raw.title),
      ),
    title: draft.title ?? '',
    ...(draft.overview !== undefined ? { overview: draft.overview } : {}),
    ...(draft.requirements ? { requirements: draft.requirements } : {}),
    ...(Object.keys(values).length > 0 ? { variables: { ...values } } : {}),
    phases: draft.phases.map((phase, phaseIndex) => ({
      id: phase.id,
      title: phase.title,
      ...(phase.parallel !== undefined ? { parallel: phase.parallel } : {}),
      ...(phase.window !== undefined ? { window: phase.window } : {}),
      tasks: phase.tasks.map((_, taskIndex) => {
        const index = placed.findIndex((p) => p.phaseIndex === phaseIndex && p.taskIndex === taskIndex);
        return buildTask(placed[index], keys[index], labels.get(placed[index].raw.id), placed);
      }),
    })),
    integrationPoints: draft.integrationPoints,
    ...(draft.executionCommands !== undefined ? { executionCommands: draft.executionCommands } : {}),
    successCriteria: draft.successCriteria,
    ...(draft.notes !== undefined ? { notes: draft.notes } : {}),
  };

  const diagnostics: PlanDiagnostic[] = problems.map((p) => ({
    code: 'markdown',
    file,
    line: p.line,
    column: Math.max(1, p.column),
    message: p.message,
  }));
  diagnostics.push(
    ...graphIssues.map((p) => ({ code: 'graph' as const, file, line: p.line, column: Math.max(1, p.column), message: p.message })),
  );
  const parsed = PlanSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // An empty title was already reported where it is written.
      if (issue.code === 'too_small' && issue.path[issue.path.length - 1] === 'title') continue;
      diagnostics.push(schemaDiagnostic(issue, draft, file));
    }
  } else {
    for (const problem of graphProblems(parsed.data)) {
      const entry = placed.find((p) => p.phaseIndex === problem.phaseIndex && p.taskIndex === problem.taskIndex);
      const at =
        entry && problem.field === 'dependsOn' && problem.dependencyIndex !== undefined && entry.deps[problem.dependencyIndex]
          ? entry.deps[problem.dependencyIndex]
          : (entry?.raw.heading ?? { line: 1, column: 1 });
      diagnostics.push({ code: 'graph', file, line: at.line, column: at.column, message: problem.message });
    }
    // Items get their ids here, so plan.yaml carries them; the only item problems a document can
    // have are about its integration points (an "After" naming no phase, one number twice).
    for (const problem of itemProblems(assignItemIds(parsed.data))) {
      const line = integrationHeadingLine(lines, problem.path) ?? 1;
      diagnostics.push({ code: 'graph', file, line, column: 1, message: problem.message });
    }
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  if (diagnostics.length > 0 || !parsed.success) return { diagnostics };
  return { plan: parsed.data, diagnostics: [] };
}

/** The line of the n-th "### Integration" heading, for problems at integrationPoints[n]. */
function integrationHeadingLine(lines: SourceLine[], path: (string | number)[]): number | undefined {
  if (path[0] !== 'integrationPoints' || typeof path[1] !== 'number') return undefined;
  return lines.filter((l) => /^\s{0,3}###\s+Integration\b/i.test(l.text))[path[1]]?.line;
}

function placeTasks(phases: PhaseDraft[]): Placed[] {
  return phases.flatMap((phase, phaseIndex) => phase.tasks.map((raw, taskIndex) => ({ raw, phaseIndex, taskIndex, deps: [] })));
}

function candidates(placed: Placed[]): DependencyCandidate[] {
  return placed.map((p) => ({ id: p.raw.id, title: p.raw.title, items: p.raw.items.map((i) => i.text) }));
}

function what(raw: RawTask): string {
  return `${raw.format === 'task' ? 'Task' : 'Stream'} ${raw.id}`;
}

function resolveDependencies(placed: Placed[], problems: Problem[]): void {
  const all = candidates(placed);
  for (const entry of placed) {
    for (const segment of entry.raw.dependencies ?? []) {
      for (const ref of resolveDependencyText(segment.text, all, entry.raw.id)) {
        const at = { line: segment.line, column: segment.column + ref.offset };
        if (ref.error || ref.id === undefined)
          problems.push({ ...at, message: `${what(entry.raw)} depends on "${ref.name}", which ${ref.error ?? 'is unknown.'}` });
        else if (!entry.deps.some((d) => d.id === ref.id)) entry.deps.push({ ...at, id: ref.id });
      }
    }
  }
}

/**
 * Reads ## Execution Order and holds it against the Dependencies fields: an edge the fields do not
 * have, or a dependency the graph does not draw, is an error naming both lines. Returns the task
 * labels the graph gives (task id → label).
 */
function checkExecutionOrder(draft: DocumentDraft, placed: Placed[], graphIssues: Problem[], problems: Problem[]): Map<string, string> {
  const labels = new Map<string, string>();
  if (!draft.mermaid) return labels;
  const graph = parseMermaid(draft.mermaid.lines);
  problems.push(...graph.problems);
  const ids = new Set(placed.map((p) => p.raw.id));
  const nodeIds = nodeTaskIds(graph, ids);
  const labelLine = new Map<string, number>();
  for (const node of graph.nodes) {
    const id = nodeIds.get(node.nodeId);
    if (id === undefined || !ids.has(id)) {
      problems.push({
        line: node.line,
        column: node.column,
        message: `The execution-order graph names ${node.nodeId}${node.taskId ? ` (Task ${node.taskId})` : ''}, which is no task of this plan.`,
      });
      continue;
    }
    if (node.label === undefined) continue;
    const earlier = labels.get(id);
    if (earlier === undefined) {
      labels.set(id, node.label);
      labelLine.set(id, node.line);
    } else if (earlier !== node.label) {
      problems.push({
        line: node.line,
        column: node.column,
        message: `Task ${id} is labelled "${node.label}" here but "${earlier}" at line ${labelLine.get(id)}: use one label.`,
      });
    }
  }
  const drawn = new Map<string, { from: string; line: number; column: number }[]>();
  for (const edge of graph.edges) {
    const from = nodeIds.get(edge.from.nodeId);
    const to = nodeIds.get(edge.to.nodeId);
    if (from === undefined || to === undefined || !ids.has(from) || !ids.has(to)) continue;
    const list = drawn.get(to) ?? [];
    if (!list.some((e) => e.from === from)) list.push({ from, line: edge.line, column: edge.from.column });
    drawn.set(to, list);
  }
  const byId = new Map<string, Placed>();
  for (const p of placed) if (!byId.has(p.raw.id)) byId.set(p.raw.id, p);
  const name = (id: string) => (byId.get(id) ? what(byId.get(id)!.raw) : id);
  for (const entry of placed) {
    if (byId.get(entry.raw.id) !== entry) continue; // a duplicate id is reported by the graph checks
    const edges = drawn.get(entry.raw.id) ?? [];
    const fieldLine = entry.raw.dependencies?.[0]?.line ?? entry.raw.heading.line;
    for (const dep of entry.deps) {
      if (!edges.some((e) => e.from === dep.id)) {
        graphIssues.push({
          line: dep.line,
          column: dep.column,
          message: `The Dependencies of ${what(entry.raw)} (line ${dep.line}) list ${name(dep.id)}, but the execution-order graph (line ${draft.mermaid.line}) has no edge T${dep.id} --> T${entry.raw.id}: add the edge or remove the dependency.`,
        });
      }
    }
    for (const edge of edges) {
      if (!entry.deps.some((d) => d.id === edge.from)) {
        graphIssues.push({
          line: edge.line,
          column: edge.column,
          message: `The execution-order graph (line ${edge.line}) has ${name(edge.from)} --> ${what(entry.raw)}, but the Dependencies of ${what(entry.raw)} (line ${fieldLine}) do not list ${name(edge.from)}: add it there or remove the edge.`,
        });
      }
    }
  }
  return labels;
}

/** How the renderer writes a task's dependencies; the text as written is kept only when it differs. */
function canonicalDependencies(entry: Placed, placed: Placed[]): string {
  const streamStyle = /^[A-Z]+$/.test(entry.raw.id);
  const names = entry.deps.map((d) => {
    const dep = placed.find((p) => p.raw.id === d.id)!;
    return !streamStyle && !/^[A-Z]+$/.test(dep.raw.id) ? `Task ${dep.raw.id}` : dep.raw.title;
  });
  return names.length ? names.join(', ') : 'None';
}

function buildTask(
  entry: Placed,
  key: string,
  label: string | undefined,
  placed: Placed[],
): PlanInput['phases'][number]['tasks'] extends (infer T)[] | undefined ? T : never {
  const raw = entry.raw;
  const verification = raw.verification && raw.verification.length > 0 ? raw.verification : undefined;
  const written = raw.dependencies?.map((s) => s.text).join(', ');
  const dependsOnText = written !== undefined && written !== canonicalDependencies(entry, placed) ? written : undefined;
  return {
    id: raw.id,
    key,
    title: raw.title,
    // A label the graph would write for the title anyway is the title (graphLabel: one rule for both).
    ...(label !== undefined && label !== graphLabel(raw.title) ? { label } : {}),
    ...(raw.assignee !== undefined ? { assignee: raw.assignee } : {}),
    ...(raw.skill !== undefined ? { skill: raw.skill } : {}),
    ...(raw.estimate !== undefined ? { estimate: raw.estimate } : {}),
    ...(raw.estimateText !== undefined ? { estimateText: raw.estimateText } : {}),
    ...(raw.priority !== undefined ? { priority: raw.priority } : {}),
    dependsOn: entry.deps.map((d) => d.id),
    ...(dependsOnText !== undefined ? { dependsOnText } : {}),
    files: raw.files,
    checks: checksOf(verification ?? []),
    ...(verification ? { verification } : {}),
    // Prose verification ("Verify syntax is valid") is something a person confirms: part of done.
    done: [...raw.done, ...proseOf(verification ?? [])],
    items: raw.items,
  };
}

/** Title and overview as written (the seed 001 placeholders name the kind) and as filled. */
function kindTexts(scanned: SourceLine[], draft: DocumentDraft): (string | undefined)[] {
  const rawTitle = scanned[draft.titleLine - 1]?.text.replace(/^\s*#\s*/, '');
  const overviewAt = scanned.findIndex((l) => /^\s*##\s+overview\s*$/i.test(l.text));
  const rawOverview =
    overviewAt >= 0
      ? scanned
          .slice(overviewAt + 1, overviewAt + 6)
          .map((l) => l.text)
          .join(' ')
      : undefined;
  return [rawTitle, rawOverview, draft.title, draft.overview];
}

function schemaDiagnostic(issue: z.core.$ZodIssue, draft: DocumentDraft, file: string): PlanDiagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  let at: Located = { line: draft.titleLine, column: 1 };
  if (path[0] === 'phases' && typeof path[1] === 'number') {
    const phase = draft.phases[path[1]];
    if (phase) at = { line: phase.line, column: 1 };
    const task = typeof path[3] === 'number' ? phase?.tasks[path[3]] : undefined;
    if (task) at = task.heading;
    if (task && path[4] === 'files' && typeof path[5] === 'number' && task.fileLines[path[5]]) at = task.fileLines[path[5]];
  }
  const where = pathToString(path) || '(plan)';
  const message =
    path[0] === 'phases' && path.length === 1
      ? 'A plan needs at least one phase: add "## Phase 1: <title>" with its tasks.'
      : `${where}: ${issue.message}`;
  return { code: 'markdown', file, line: at.line, column: at.column, message, path: where };
}
