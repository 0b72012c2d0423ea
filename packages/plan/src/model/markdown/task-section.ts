import { FileEntry, Item } from '../plan-schema';
import { isBlank, isRule, SourceLine } from './blocks';
import { estimateMinutes, parseItem, priorityOf, Priority } from './text';

/**
 * One `### Task 1.1: Title` (seed 000) or `### Stream A: Title` (seed 001) section. Both formats
 * use bold fields — `- **Assignee**: x` in tasks, `**Estimated Time:** x` in streams — with
 * bullet lists under the list-valued ones; any field works in either format.
 */

export interface Located {
  line: number;
  column: number;
}

export interface DependencySegment extends Located {
  text: string;
}

export interface RawTask {
  format: 'task' | 'stream';
  id: string;
  title: string;
  heading: Located;
  assignee?: string;
  skill?: string;
  estimateText?: string;
  estimate?: number;
  priority?: Priority;
  files: FileEntry[];
  fileLines: Located[];
  /** Undefined when the section has no Dependencies field. */
  dependencies?: DependencySegment[];
  verification?: string[];
  done: string[];
  items: Item[];
}

export interface Problem extends Located {
  message: string;
}

const TASK_HEADING = /^(Task|Stream)\s+([A-Za-z0-9][A-Za-z0-9.]*)\s*:\s*(.*)$/i;

export function parseTaskHeading(title: string): { format: 'task' | 'stream'; id: string; title: string; idOffset: number } | undefined {
  const m = TASK_HEADING.exec(title);
  if (!m) return undefined;
  return {
    format: m[1].toLowerCase() === 'task' ? 'task' : 'stream',
    id: m[2].replace(/\.+$/, ''),
    title: m[3].trim(),
    idOffset: m[1].length + title.slice(m[1].length).search(/\S/),
  };
}

type FieldName = 'assignee' | 'skill' | 'estimate' | 'priority' | 'files' | 'dependencies' | 'verification' | 'done' | 'items';

const FIELD_NAMES: Record<string, FieldName> = {
  assignee: 'assignee',
  owner: 'assignee',
  skill: 'skill',
  'estimated time': 'estimate',
  estimate: 'estimate',
  priority: 'priority',
  files: 'files',
  dependencies: 'dependencies',
  'depends on': 'dependencies',
  verification: 'verification',
  'definition of done': 'done',
  tasks: 'items',
  checklist: 'items',
};

const LIST_FIELDS = new Set<FieldName>(['files', 'dependencies', 'verification', 'done', 'items']);
const FIELD = /^(\s*)(?:[-*+]\s+)?\*\*([^*]+?)\*\*(.*)$/;
const BULLET = /^(\s*)[-*+]\s+(.*)$/;
const FILE = /^`([^`]+)`\s*(?:\(\s*([A-Za-z]+)\s*\))?\s*$|^([^\s`()]+)\s*(?:\(\s*([A-Za-z]+)\s*\))?\s*$/;

function stripCode(text: string): string {
  const m = /^`([^`]*)`$/.exec(text.trim());
  return m ? m[1].trim() : text.trim();
}

export function parseTaskSection(
  headingTitle: string,
  headingLine: SourceLine,
  headingColumn: number,
  body: SourceLine[],
  problems: Problem[],
): RawTask | undefined {
  const head = parseTaskHeading(headingTitle);
  if (!head) return undefined;
  const task: RawTask = {
    format: head.format,
    id: head.id,
    title: head.title,
    heading: { line: headingLine.line, column: headingColumn + head.idOffset },
    files: [],
    fileLines: [],
    done: [],
    items: [],
  };
  if (task.title === '')
    problems.push({
      line: headingLine.line,
      column: headingColumn,
      message: `${headingTitle.split(':')[0]} has no title: write one after the colon.`,
    });
  const seen = new Set<FieldName>();
  let list: FieldName | undefined;

  const addListEntry = (field: FieldName, text: string, line: SourceLine, column: number, bulletText: string) => {
    const at = { line: line.line, column };
    switch (field) {
      case 'files': {
        const m = FILE.exec(text.trim());
        const filePath = m ? (m[1] ?? m[3]).trim() : '';
        const action = m ? (m[2] ?? m[4]) : undefined;
        if (!m || filePath === '') {
          problems.push({
            ...at,
            message: `Cannot read the file entry "${text.trim()}": write it as \`path/to/file\` (CREATE) or (MODIFY).`,
          });
        } else if (action !== undefined && !/^(create|modify)$/i.test(action)) {
          problems.push({ ...at, message: `Unknown file action "${action}": use CREATE or MODIFY.` });
        } else {
          task.files.push({ path: filePath, action: (action?.toLowerCase() ?? 'create') as FileEntry['action'] });
          task.fileLines.push(at);
        }
        return;
      }
      case 'dependencies':
        task.dependencies = [...(task.dependencies ?? []), { text: text.trim(), ...at }];
        return;
      case 'verification':
        if (text.trim() !== '') task.verification = [...(task.verification ?? []), text.trim()];
        return;
      case 'done':
        if (text.trim() !== '') task.done.push(text.trim());
        return;
      case 'items': {
        const parsed = parseItem(bulletText);
        if (parsed?.item) task.items.push(parsed.item);
        else if (parsed?.error) problems.push({ line: line.line, column: parsed.error.column, message: parsed.error.message });
        return;
      }
      default:
        return;
    }
  };

  for (const line of body) {
    if (isBlank(line) || isRule(line)) continue;
    const field = FIELD.exec(line.text);
    let name = field?.[2].trim() ?? '';
    let value = field?.[3] ?? '';
    const colonInside = name.endsWith(':');
    if (field && (colonInside || /^\s*:/.test(value))) {
      name = name.replace(/:$/, '').trim();
      value = colonInside ? value : value.replace(/^\s*:/, '');
      const valueColumn = line.text.length - value.trimStart().length + 1;
      const known = FIELD_NAMES[name.toLowerCase()];
      if (!known) {
        problems.push({
          line: line.line,
          column: line.text.indexOf(name) + 1,
          message: `Unknown field "${name}" in ${task.format === 'task' ? 'Task' : 'Stream'} ${task.id}: use ${Object.keys(FIELD_NAMES)
            .filter((k) => !['owner', 'estimate', 'depends on', 'checklist'].includes(k))
            .map((k) => k.replace(/\b\w/g, (c) => c.toUpperCase()))
            .join(', ')}.`,
        });
        list = undefined;
        continue;
      }
      if (seen.has(known)) {
        problems.push({
          line: line.line,
          column: line.text.indexOf(name) + 1,
          message: `"${name}" appears twice in ${task.format === 'task' ? 'Task' : 'Stream'} ${task.id}: merge the two.`,
        });
      }
      seen.add(known);
      const text = value.trim();
      list = LIST_FIELDS.has(known) ? known : undefined;
      if (known === 'dependencies') task.dependencies ??= [];
      if (known === 'verification') task.verification ??= [];
      if (list) {
        if (text !== '') addListEntry(known, text, line, valueColumn, `- ${text}`);
        continue;
      }
      const at = { line: line.line, column: valueColumn };
      if (known === 'assignee') task.assignee = text || undefined;
      else if (known === 'skill') task.skill = stripCode(text) || undefined;
      else if (known === 'estimate') {
        if (text !== '') {
          const minutes = estimateMinutes(text);
          task.estimate = minutes;
          if (minutes === undefined || text !== `${minutes} minutes`) task.estimateText = text;
        }
      } else if (known === 'priority') {
        const p = priorityOf(text);
        if (p) task.priority = p;
        else problems.push({ ...at, message: `Unknown priority "${text}": use Critical, High, Medium or Low.` });
      }
      continue;
    }
    const bullet = BULLET.exec(line.text);
    if (bullet && list) {
      addListEntry(list, bullet[2], line, bullet[1].length + line.text.slice(bullet[1].length).indexOf(bullet[2]) + 1, line.text);
      continue;
    }
    problems.push({
      line: line.line,
      column: line.text.search(/\S/) + 1,
      message: bullet
        ? `A list item outside any field of ${task.format === 'task' ? 'Task' : 'Stream'} ${task.id}: put it under a field such as **Tasks:** or **Definition of Done:**.`
        : `Unexpected text in ${task.format === 'task' ? 'Task' : 'Stream'} ${task.id}: write it as a field (**Name:** value) or move it to ## Notes.`,
    });
  }
  return task;
}
