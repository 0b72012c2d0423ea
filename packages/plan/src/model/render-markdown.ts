import { dependencyMap } from './graph';
import { resolveDependencyText } from './markdown/dependencies';
import { graphLabel } from './markdown/mermaid';
import { escapeParagraph, headingText } from './markdown/paragraph';
import { writtenDone } from './markdown/verification';
import { allTasks, IntegrationPoint, Item, Phase, Plan, Task } from './plan-schema';

/**
 * Renders a Plan as Markdown in the seed formats: "Task x.y" tasks in seed 000's task format,
 * lettered "Stream X" tasks in seed 001's stream format. Deterministic: same plan, same bytes.
 */
export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [];
  out.push(headingText(`# Implementation Plan: ${plan.title}`), '');
  if (plan.overview !== undefined) out.push('## Overview', '', escapeParagraph(plan.overview.trim()), '');
  if (plan.requirements) out.push(...rule(), ...renderRequirements(plan.requirements));
  plan.phases.forEach((phase) => {
    if (usesTaskFormat(phase)) out.push(...rule());
    out.push(...renderPhase(plan, phase));
  });
  if (plan.integrationPoints.length > 0) out.push(...renderIntegrationPoints(plan.integrationPoints));
  if (allTasks(plan).some(isTaskFormat)) out.push(...rule(), ...renderExecutionOrder(plan));
  if (plan.executionCommands !== undefined) out.push('## Execution Commands', '```bash', plan.executionCommands.trimEnd(), '```', '');
  if (plan.successCriteria.length > 0) out.push('## Success Criteria', ...plan.successCriteria.map(renderItem), '');
  if (plan.notes !== undefined) out.push(...rule(), '## Notes', '', escapeParagraph(plan.notes.trim(), { endsDocument: true }), '');
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

const rule = () => ['---', ''];

export function isTaskFormat(task: Task): boolean {
  return !/^[A-Z]+$/.test(task.id);
}

function usesTaskFormat(phase: Phase): boolean {
  return phase.tasks.length === 0 || phase.tasks.some(isTaskFormat);
}

function renderRequirements(r: NonNullable<Plan['requirements']>): string[] {
  const cell = (values: string[]) => (values.length ? values.join('; ') : 'None').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    '## Requirements Summary',
    '',
    '| Category | Requirement |',
    '|----------|-------------|',
    `| **Functional** | ${cell(r.functional)} |`,
    `| **Non-Functional** | ${cell(r.nonFunctional)} |`,
    `| **Constraints** | ${cell(r.constraints)} |`,
    '',
  ];
}

function renderPhase(plan: Plan, phase: Phase): string[] {
  const qualifiers = [phase.parallel === true ? 'Parallel' : phase.parallel === false ? 'Sequential' : undefined, phase.window].filter(
    Boolean,
  );
  const heading = `## Phase ${phase.id}: ${phase.title}${qualifiers.length ? ` (${qualifiers.join(' - ')})` : ''}`;
  const out = [headingText(heading), ''];
  for (const task of phase.tasks) out.push(...(isTaskFormat(task) ? renderTask(plan, task) : renderStream(plan, task)));
  return out;
}

function dependencyText(plan: Plan, task: Task, name: (t: Task) => string): string {
  const byKey = new Map(allTasks(plan).map((t) => [t.key, t]));
  const deps = dependencyMap(plan).get(task.key) ?? [];
  if (task.dependsOnText !== undefined && writtenTextStillHolds(plan, task, deps)) return task.dependsOnText;
  return deps.length ? deps.map((k) => name(byKey.get(k)!)).join(', ') : 'None';
}

/** The Dependencies as written (e.g. "OpenAPI Contract, Infrastructure") are kept while they still name exactly `deps`. */
function writtenTextStillHolds(plan: Plan, task: Task, deps: string[]): boolean {
  const tasks = allTasks(plan);
  const candidates = tasks.map((t) => ({ id: t.id, title: t.title, items: t.items.map((i) => i.text) }));
  const keys: string[] = [];
  for (const ref of resolveDependencyText(task.dependsOnText ?? '', candidates, task.id)) {
    const key = tasks.find((t) => t.id === ref.id)?.key;
    if (ref.error || key === undefined) return false;
    if (!keys.includes(key)) keys.push(key);
  }
  return keys.length === deps.length && keys.every((k, i) => k === deps[i]);
}

function renderTask(plan: Plan, task: Task): string[] {
  const out = [headingText(`### Task ${task.id}: ${task.title}`)];
  if (task.assignee) out.push(`- **Assignee**: ${task.assignee}`);
  if (task.skill) out.push(`- **Skill**: ${code(task.skill)}`);
  const estimate = task.estimateText ?? (task.estimate !== undefined ? `${task.estimate} minutes` : undefined);
  if (estimate) out.push(`- **Estimated Time**: ${estimate}`);
  if (task.priority) out.push(`- **Priority**: ${capitalise(task.priority)}`);
  if (task.files.length) {
    out.push('- **Files**:', ...task.files.map((f) => `  - \`${f.path}\` (${f.action.toUpperCase()})`));
  }
  out.push(`- **Dependencies**: ${dependencyText(plan, task, (t) => (isTaskFormat(t) ? `Task ${t.id}` : t.title))}`);
  const verification = task.verification ?? task.checks.map(describeCheck);
  if (verification.length) out.push('- **Verification**:', ...verification.map((v) => `  - ${v}`));
  const done = writtenDone(task.done, task.verification);
  if (done.length) out.push('- **Definition of Done**:', ...done.map((d) => `  - ${d}`));
  if (task.items.length) out.push('- **Tasks**:', ...task.items.map((i) => `  ${renderItem(i)}`));
  out.push('');
  return out;
}

function renderStream(plan: Plan, task: Task): string[] {
  const out = [headingText(`### Stream ${task.id}: ${task.title}`)];
  if (task.assignee) out.push(`**Assignee:** ${task.assignee}`);
  if (task.skill) out.push(`**Skill:** ${code(task.skill)}`);
  const estimate = task.estimateText ?? (task.estimate !== undefined ? `${task.estimate} minutes` : undefined);
  if (estimate) out.push(`**Estimated Time:** ${estimate}`);
  if (task.priority) out.push(`**Priority:** ${capitalise(task.priority)}`);
  out.push(`**Dependencies:** ${dependencyText(plan, task, (t) => t.title)}`);
  if (task.files.length) {
    out.push('**Files:**', ...task.files.map((f) => `- \`${f.path}\` (${f.action.toUpperCase()})`));
  }
  if (task.items.length) out.push('**Tasks:**', ...task.items.map(renderItem));
  if (task.verification?.length) out.push('**Verification:**', ...task.verification.map((v) => `- ${v}`));
  const done = writtenDone(task.done, task.verification);
  if (done.length) out.push('**Definition of Done:**', ...done.map((d) => `- ${d}`));
  out.push('');
  return out;
}

function renderItem(item: Item): string {
  return `- [${item.done ? 'x' : ' '}] ${item.text}${item.priority ? ` (Priority: ${capitalise(item.priority)})` : ''}`;
}

function renderIntegrationPoints(points: IntegrationPoint[]): string[] {
  const out = ['## Sequential Integration Points', ''];
  for (const point of points) {
    const when = point.after.length ? `After ${point.after.join(', ')}` : 'Final';
    out.push(`### Integration ${point.id}: ${point.title} (${when})`, ...point.items.map(renderItem), '');
  }
  return out;
}

/** Seed 000's mermaid graph: edges in plan order, each node labelled where it first appears. */
export function renderExecutionOrder(plan: Plan): string[] {
  const tasks = allTasks(plan);
  const deps = dependencyMap(plan);
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const labelled = new Set<string>();
  const node = (t: Task) => {
    const id = `T${t.id}`;
    if (labelled.has(t.key)) return id;
    labelled.add(t.key);
    return `${id}[${isTaskFormat(t) ? 'Task' : 'Stream'} ${t.id}: ${graphLabel(t.label ?? t.title)}]`;
  };
  const lines: string[] = [];
  for (const source of tasks) {
    for (const target of tasks) {
      if ((deps.get(target.key) ?? []).includes(source.key)) lines.push(`    ${node(source)} --> ${node(byKey.get(target.key)!)}`);
    }
  }
  for (const t of tasks) if (!labelled.has(t.key)) lines.push(`    ${node(t)}`);
  return ['## Execution Order', '', '```mermaid', 'graph LR', ...lines, '```', ''];
}

function describeCheck(check: Task['checks'][number]): string {
  const paths = check.with?.paths;
  const list = Array.isArray(paths) ? paths.join(' ') : typeof paths === 'string' ? paths : '';
  if (check.uses === 'command' && typeof check.with?.command === 'string') return `Run \`${check.with.command}\``;
  return `Run \`plan ${check.uses}${list ? ` ${list}` : ''}\``;
}

/** Inline code, unless the text holds a backtick (which would end the span early). */
function code(text: string): string {
  return text.includes('`') ? text : `\`${text}\``;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
