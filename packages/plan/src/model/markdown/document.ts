import { Item, Plan } from '../plan-schema';
import { headingOf, isBlank, isRule, SourceLine, sectionsAt } from './blocks';
import { parseTaskSection, Problem, RawTask } from './task-section';
import { unescapeParagraph } from './paragraph';
import { parseItem } from './text';

/**
 * The document level of both formats: title, overview, requirements table, phases (with their
 * window and parallel marker), integration points, execution order, execution commands, success
 * criteria and notes. Produces drafts with source positions; parse-markdown.ts resolves them.
 */

export interface PhaseDraft {
  id: string;
  title: string;
  parallel?: boolean;
  window?: string;
  line: number;
  tasks: RawTask[];
}

export interface DocumentDraft {
  title?: string;
  titleLine: number;
  overview?: string;
  requirements?: NonNullable<Plan['requirements']>;
  phases: PhaseDraft[];
  integrationPoints: Plan['integrationPoints'];
  executionCommands?: string;
  successCriteria: Item[];
  notes?: string;
  /** The mermaid block of ## Execution Order: its lines and where it opens. */
  mermaid?: { lines: SourceLine[]; line: number };
}

const PHASE = /^Phase\s+([A-Za-z0-9][\w.-]*)\s*:\s*(.*)$/i;
const INTEGRATION = /^Integration\s+([A-Za-z0-9][\w.-]*)\s*:\s*(.*)$/i;
const TITLE_PREFIX = /^Implementation\s+Plan\s*:\s*/i;

type SectionKind = 'overview' | 'requirements' | 'phase' | 'integration' | 'order' | 'commands' | 'success' | 'notes';

function sectionKind(title: string): SectionKind | undefined {
  if (/^overview$/i.test(title)) return 'overview';
  if (/^requirements(\s+summary)?$/i.test(title)) return 'requirements';
  if (PHASE.test(title)) return 'phase';
  if (/^(sequential\s+)?integration\s+points$/i.test(title)) return 'integration';
  if (/^execution\s+order$/i.test(title)) return 'order';
  if (/^execution\s+commands$/i.test(title)) return 'commands';
  if (/^success\s+criteria$/i.test(title)) return 'success';
  if (/^notes$/i.test(title)) return 'notes';
  return undefined;
}

/** Body text without the blank lines and rules around it. */
export function textOf(body: SourceLine[]): string {
  let start = 0;
  let end = body.length;
  while (start < end && (isBlank(body[start]) || isRule(body[start]))) start++;
  while (end > start && (isBlank(body[end - 1]) || isRule(body[end - 1]))) end--;
  return body
    .slice(start, end)
    .map((l) => l.text)
    .join('\n')
    .trim()
    .replace(/\n{3,}/g, '\n\n'); // the renderer keeps at most one blank line in a row
}

export function titleOf(heading: string): string {
  return heading.replace(TITLE_PREFIX, '').trim();
}

function onlySpacing(lines: SourceLine[], where: string, problems: Problem[]): void {
  const stray = lines.find((l) => !isBlank(l) && !isRule(l));
  if (stray)
    problems.push({
      line: stray.line,
      column: stray.text.search(/\S/) + 1,
      message: `Unexpected text ${where}: put it in a section (## Overview, ## Notes, ...).`,
    });
}

function items(body: SourceLine[], where: string, problems: Problem[]): Item[] {
  const out: Item[] = [];
  for (const line of body) {
    if (isBlank(line) || isRule(line)) continue;
    const parsed = parseItem(line.text);
    if (parsed?.item) out.push(parsed.item);
    else if (parsed?.error) problems.push({ line: line.line, column: parsed.error.column, message: parsed.error.message });
    else
      problems.push({ line: line.line, column: line.text.search(/\S/) + 1, message: `Expected a checklist item "- [ ] ..." in ${where}.` });
  }
  return out;
}

function parseRequirements(body: SourceLine[], problems: Problem[]): NonNullable<Plan['requirements']> {
  const requirements = { functional: [] as string[], nonFunctional: [] as string[], constraints: [] as string[] };
  for (const line of body) {
    if (isBlank(line) || isRule(line)) continue;
    const text = line.text.trim();
    if (!text.startsWith('|')) {
      problems.push({
        line: line.line,
        column: line.text.search(/\S/) + 1,
        message: 'Expected a row of the requirements table: | **Functional** | ... |.',
      });
      continue;
    }
    const cells = text
      .replace(/^\|/, '')
      .replace(/(?<!\\)\|\s*$/, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    if (cells.every((c) => /^:?-+:?$/.test(c)) || /^category$/i.test(cells[0] ?? '')) continue;
    const category = (cells[0] ?? '')
      .replace(/\*\*|__/g, '')
      .trim()
      .toLowerCase();
    const value = cells.slice(1).join(' | ').trim();
    const list = /^none$/i.test(value) || value === '' ? [] : value.split(/\s*;\s*/).filter((v) => v !== '');
    if (category === 'functional') requirements.functional = list;
    else if (/^non[- ]?functional$/.test(category)) requirements.nonFunctional = list;
    else if (category === 'constraints' || category === 'constraint') requirements.constraints = list;
    else
      problems.push({
        line: line.line,
        column: line.text.indexOf(cells[0] ?? '') + 1,
        message: `Unknown requirement category "${cells[0]}": use Functional, Non-Functional or Constraints.`,
      });
  }
  return requirements;
}

function parsePhase(title: string, headingLine: SourceLine, headingColumn: number, body: SourceLine[], problems: Problem[]): PhaseDraft {
  const m = PHASE.exec(title)!;
  let rest = m[2].trim();
  const phase: PhaseDraft = { id: m[1].replace(/\.+$/, ''), title: rest, line: headingLine.line, tasks: [] };
  const q = /\s*\(([^()]*)\)\s*$/.exec(rest);
  if (q && q[1].trim() !== '') {
    const parts = q[1].split(/\s+-\s+/).map((p) => p.trim());
    if (/^parallel$/i.test(parts[0])) {
      phase.parallel = true;
      parts.shift();
    } else if (/^sequential$/i.test(parts[0])) {
      phase.parallel = false;
      parts.shift();
    }
    const window = parts.join(' - ').trim();
    if (window !== '') phase.window = window;
    rest = rest.slice(0, q.index).trim();
    phase.title = rest;
  }
  if (phase.title === '')
    problems.push({ line: headingLine.line, column: headingColumn, message: `Phase ${phase.id} has no title: write one after the colon.` });
  const { before, sections, after } = sectionsAt(body, 3);
  onlySpacing(before, `in Phase ${phase.id} before its first task`, problems);
  onlySpacing(after, `in Phase ${phase.id}`, problems);
  for (const section of sections) {
    const task = parseTaskSection(section.heading.title, section.headingLine, section.heading.column, section.body, problems);
    if (task) phase.tasks.push(task);
    else
      problems.push({
        line: section.headingLine.line,
        column: section.heading.column,
        message: `Unknown heading "${section.heading.title}" in Phase ${phase.id}: tasks are "### Task 1.1: Title" or "### Stream A: Title".`,
      });
  }
  return phase;
}

function parseIntegrationPoints(body: SourceLine[], problems: Problem[]): Plan['integrationPoints'] {
  const { before, sections, after } = sectionsAt(body, 3);
  onlySpacing(before, 'before the first integration point', problems);
  onlySpacing(after, 'in the integration points', problems);
  const points: Plan['integrationPoints'] = [];
  for (const section of sections) {
    const m = INTEGRATION.exec(section.heading.title);
    if (!m) {
      problems.push({
        line: section.headingLine.line,
        column: section.heading.column,
        message: `Unknown heading "${section.heading.title}": integration points are "### Integration 1: Title (After Phase 1)".`,
      });
      continue;
    }
    let title = m[2].trim();
    let after: string[] = [];
    const q = /\s*\((After\s+([^()]*)|Final)\)\s*$/i.exec(title);
    if (q) {
      after = q[2] !== undefined ? q[2].split(/\s*,\s*/).filter((a) => a !== '') : [];
      title = title.slice(0, q.index).trim();
    }
    if (title === '')
      problems.push({
        line: section.headingLine.line,
        column: section.heading.column,
        message: `Integration ${m[1]} has no title: write one after the colon.`,
      });
    points.push({ id: m[1].replace(/\.+$/, ''), title, after, items: items(section.body, `Integration ${m[1]}`, problems) });
  }
  return points;
}

/** The lines of the first fenced block of a section, and the text outside it. */
function fenced(
  body: SourceLine[],
  info: RegExp | undefined,
  what: string,
  problems: Problem[],
): { lines: SourceLine[]; line: number } | undefined {
  let block: { lines: SourceLine[]; line: number } | undefined;
  let collecting = false;
  for (const line of body) {
    if (line.fenceOpen !== undefined) {
      if (block || (info && !info.test(line.fenceOpen))) {
        problems.push({
          line: line.line,
          column: 1,
          message: block
            ? `${what} holds one code block: merge them.`
            : `${what} expects a \`\`\`${info?.source.replace(/[^a-z]/g, '')} block.`,
        });
      } else {
        block = { lines: [], line: line.line };
        collecting = true;
      }
      continue;
    }
    if (line.fenceClose) {
      collecting = false;
      continue;
    }
    if (line.inFence) {
      if (collecting) block!.lines.push(line);
      continue;
    }
    if (!isBlank(line) && !isRule(line))
      problems.push({
        line: line.line,
        column: line.text.search(/\S/) + 1,
        message: `Unexpected text in ${what}: only the code block belongs here.`,
      });
  }
  return block;
}

export function parseDocument(lines: SourceLine[], problems: Problem[]): DocumentDraft {
  const draft: DocumentDraft = { titleLine: 1, phases: [], integrationPoints: [], successCriteria: [] };
  const first = lines.findIndex((l) => !isBlank(l));
  const heading = first >= 0 ? headingOf(lines[first]) : undefined;
  let rest = lines;
  if (heading && heading.level === 1) {
    draft.title = titleOf(heading.title);
    draft.titleLine = lines[first].line;
    rest = lines.slice(first + 1);
    if (draft.title === '')
      problems.push({
        line: lines[first].line,
        column: heading.column,
        message: 'The plan has no title: write "# Implementation Plan: <title>".',
      });
  } else {
    problems.push({
      line: first >= 0 ? lines[first].line : 1,
      column: 1,
      message: 'A plan starts with its title: "# Implementation Plan: <title>".',
    });
  }
  const { before, sections, after } = sectionsAt(rest, 2);
  onlySpacing(before, 'between the title and the first section', problems);
  if (after.length > 0) {
    const h = after.find((l) => headingOf(l)) ?? after[0];
    problems.push({
      line: h.line,
      column: 1,
      message: 'A plan document has one "# " title: make this heading "## ..." or start another document.',
    });
  }
  const seen = new Map<SectionKind, number>();
  for (const section of sections) {
    const kind = sectionKind(section.heading.title);
    const at = { line: section.headingLine.line, column: section.heading.column };
    if (!kind) {
      problems.push({
        ...at,
        message: `Unknown section "${section.heading.title}": sections are Overview, Requirements Summary, Phase N: ..., Sequential Integration Points, Execution Order, Execution Commands, Success Criteria and Notes (put free text in Notes).`,
      });
      continue;
    }
    if (kind !== 'phase' && seen.has(kind)) {
      problems.push({
        ...at,
        message: `"${section.heading.title}" appears twice (first at line ${seen.get(kind)}): merge the two sections.`,
      });
      continue;
    }
    seen.set(kind, at.line);
    switch (kind) {
      case 'overview':
        draft.overview = unescapeParagraph(textOf(section.body));
        break;
      case 'requirements':
        draft.requirements = parseRequirements(section.body, problems);
        break;
      case 'phase':
        draft.phases.push(parsePhase(section.heading.title, section.headingLine, section.heading.column, section.body, problems));
        break;
      case 'integration':
        draft.integrationPoints = parseIntegrationPoints(section.body, problems);
        break;
      case 'order': {
        const block = fenced(section.body, /^mermaid\b/i, 'Execution Order', problems);
        if (block) draft.mermaid = block;
        else problems.push({ ...at, message: 'Execution Order needs a ```mermaid graph of the task dependencies.' });
        break;
      }
      case 'commands': {
        const block = fenced(section.body, undefined, 'Execution Commands', problems);
        draft.executionCommands = (
          block
            ? block.lines
                .map((l) => l.text)
                .join('\n')
                .trimEnd()
            : textOf(section.body)
        ).replace(/\n{3,}/g, '\n\n');
        break;
      }
      case 'success':
        draft.successCriteria = items(section.body, 'Success Criteria', problems);
        break;
      case 'notes':
        draft.notes = unescapeParagraph(textOf(section.body));
        break;
    }
  }
  return draft;
}
