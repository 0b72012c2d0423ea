import { SourceLine } from './blocks';

/**
 * The execution-order graph of seed 000: `T1.1[Task 1.1: Schema] --> T2.1[Task 2.1: Pipeline]`.
 * Nodes carry the task id in their label ("Task 1.1: ...") or in their node id ("T1.1"); the label
 * after the colon is the task's short name, from which its key comes.
 */

export interface MermaidNode {
  /** The task id the node stands for, when it can be read. */
  taskId?: string;
  nodeId: string;
  label?: string;
  line: number;
  column: number;
}

export interface MermaidEdge {
  from: MermaidNode;
  to: MermaidNode;
  line: number;
}

export interface MermaidGraph {
  nodes: MermaidNode[];
  edges: MermaidEdge[];
  problems: { line: number; column: number; message: string }[];
}

const HEADER = /^\s*(graph|flowchart)(\s+(TB|TD|BT|RL|LR))?\s*;?\s*$/i;
const ARROW = /\s*(?:-->|==>|-\.->|---|--o|--x)\s*(?:\|[^|]*\|\s*)?/;
const NODE = /^([A-Za-z0-9_.:-]+?)\s*(?:\[\s*"?(.*?)"?\s*\]|\(\s*"?(.*?)"?\s*\)|\{\s*"?(.*?)"?\s*\})?\s*;?$/;
const LABEL = /^(?:Task|Stream)\s+([A-Za-z0-9][A-Za-z0-9.]*)\s*:\s*(.*)$/i;

/**
 * A node label the graph's reader keeps whole: brackets, quotes, pipes, `%%` comments and arrow
 * spellings (`--`, `==`, `-.-`) become spaces, and runs of spaces one. The renderer writes labels
 * this way and the reader reads them this way, so a label survives PLAN.md → plan → PLAN.md. The
 * key read back from a label is its kebab-case, which punctuation does not change.
 */
export function graphLabel(text: string): string {
  return text
    .replace(/[[\]{}()"|%]|-{2,}|={2,}|-\.+-/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function node(text: string, line: SourceLine, from: number): MermaidNode | { error: string; column: number } {
  const match = NODE.exec(text.trim());
  const column = line.text.indexOf(text.trim(), from) + 1;
  if (!match) return { error: `Cannot read the graph node "${text.trim()}": write it as T1.1[Task 1.1: Label].`, column };
  const nodeId = match[1];
  const rawLabel = match[2] ?? match[3] ?? match[4];
  const labelled = rawLabel !== undefined ? LABEL.exec(rawLabel.trim()) : null;
  const result: MermaidNode = { nodeId, line: line.line, column };
  if (labelled) {
    result.taskId = labelled[1];
    if (graphLabel(labelled[2]) !== '') result.label = graphLabel(labelled[2]);
  } else if (rawLabel !== undefined && graphLabel(rawLabel) !== '') result.label = graphLabel(rawLabel);
  return result;
}

/** Reads the lines inside a ```mermaid fence. */
export function parseMermaid(lines: SourceLine[]): MermaidGraph {
  const graph: MermaidGraph = { nodes: [], edges: [], problems: [] };
  for (const line of lines) {
    const text = line.text.replace(/%%.*$/, '');
    if (text.trim() === '' || HEADER.test(text)) continue;
    if (/^\s*(classDef|class|style|linkStyle|subgraph|end|direction|click)\b/.test(text)) continue;
    const parts: { text: string; at: number }[] = [];
    let rest = text;
    let offset = 0;
    for (let m = ARROW.exec(rest); m; m = ARROW.exec(rest)) {
      parts.push({ text: rest.slice(0, m.index), at: offset });
      offset += m.index + m[0].length;
      rest = rest.slice(m.index + m[0].length);
    }
    parts.push({ text: rest, at: offset });
    const nodes: MermaidNode[] = [];
    for (const part of parts) {
      if (part.text.trim() === '') {
        graph.problems.push({
          line: line.line,
          column: part.at + 1,
          message: 'An arrow of the execution-order graph has no node on one side.',
        });
        nodes.length = 0;
        break;
      }
      const parsed = node(part.text, line, part.at);
      if ('error' in parsed) {
        graph.problems.push({ line: line.line, column: parsed.column, message: parsed.error });
        nodes.length = 0;
        break;
      }
      nodes.push(parsed);
    }
    graph.nodes.push(...nodes);
    for (let i = 0; i + 1 < nodes.length; i++) graph.edges.push({ from: nodes[i], to: nodes[i + 1], line: line.line });
  }
  return graph;
}

/** The task id of every node id, from labels first, then `T<id>` / `<id>` node ids that name a task. */
export function nodeTaskIds(graph: MermaidGraph, taskIds: ReadonlySet<string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const n of graph.nodes) if (n.taskId && !map.has(n.nodeId)) map.set(n.nodeId, n.taskId);
  for (const n of graph.nodes) {
    if (map.has(n.nodeId)) continue;
    if (taskIds.has(n.nodeId)) map.set(n.nodeId, n.nodeId);
    else if (/^T/i.test(n.nodeId) && taskIds.has(n.nodeId.slice(1))) map.set(n.nodeId, n.nodeId.slice(1));
  }
  return map;
}
