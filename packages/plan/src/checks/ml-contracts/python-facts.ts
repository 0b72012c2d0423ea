import type { Node } from 'web-tree-sitter';
import { withPythonTree } from '../lint-endpoints/tree-sitter';

/**
 * The two facts ml-contracts reads from Python, with tree-sitter (lint-endpoints' adapter):
 * the fields of a Pydantic request class and a module-level `TABLE_NAME = '...'`. tree-sitter
 * recovers from syntax errors, so a broken file still yields what it can (CPython's verdict on
 * syntax is lint-endpoints' job). Pure data comes out; the tree is freed by the adapter.
 */
export interface Located {
  line: number;
  column: number;
}

export interface ModelField extends Located {
  name: string;
}

export interface ClassFacts {
  /** Position of the class name; undefined when the class is not defined at module level. */
  classPos?: Located;
  /** Fields in Pydantic order: base classes defined in the same module first, then the class's own. */
  fields: ModelField[];
  /** Module-level class names (for "did you mean"). */
  classNames: string[];
  hasParseError: boolean;
}

/** Class attributes Pydantic does not turn into fields. */
const NOT_FIELDS = new Set(['model_config', 'Config']);

export function readClassFields(source: string, className: string): Promise<ClassFacts> {
  return withPythonTree(source, (tree) => {
    const classes = new Map<string, Node>();
    for (const child of tree.rootNode.namedChildren) {
      const cls = classNode(child);
      const name = cls?.childForFieldName('name')?.text;
      if (cls && name && !classes.has(name)) classes.set(name, cls);
    }
    const target = classes.get(className);
    const facts: ClassFacts = { fields: [], classNames: [...classes.keys()], hasParseError: tree.rootNode.hasError };
    if (!target) return facts;
    const nameNode = target.childForFieldName('name')!;
    facts.classPos = pos(nameNode);
    const seen = new Map<string, number>();
    collect(target, classes, new Set(), (field) => {
      // A subclass re-annotating a base field keeps the base's place (Pydantic's order).
      const at = seen.get(field.name);
      if (at === undefined) {
        seen.set(field.name, facts.fields.length);
        facts.fields.push(field);
      } else facts.fields[at] = field;
    });
    return facts;
  });
}

function collect(cls: Node, classes: Map<string, Node>, visiting: Set<Node>, add: (f: ModelField) => void): void {
  if (visiting.has(cls)) return; // class A(B) / class B(A): not valid Python, but never loop
  visiting.add(cls);
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!base) continue;
    const local = base.type === 'identifier' ? classes.get(base.text) : undefined;
    if (local) collect(local, classes, visiting, add);
  }
  for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
    if (statement?.type !== 'expression_statement') continue;
    const assignment = statement.namedChildren[0];
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const type = assignment.childForFieldName('type');
    if (!left || !type || left.type !== 'identifier') continue;
    const name = left.text;
    // `_x` is a private attribute and `ClassVar[...]` a class variable: neither is a request field.
    if (name.startsWith('_') || NOT_FIELDS.has(name) || /^(?:typing\.)?ClassVar\b/.test(type.text)) continue;
    add({ name, ...pos(left) });
  }
}

function classNode(node: Node | null): Node | undefined {
  if (!node) return undefined;
  if (node.type === 'class_definition') return node;
  if (node.type === 'decorated_definition') {
    const def = node.childForFieldName('definition');
    return def?.type === 'class_definition' ? def : undefined;
  }
  return undefined;
}

export interface TableNameFacts {
  /** The string value, when TABLE_NAME is assigned a plain string literal. */
  value?: string;
  /** Position of the TABLE_NAME name (its last module-level assignment). */
  pos?: Located;
  /** Why the value could not be read (f-string, concatenation, not a string...). */
  problem?: string;
  hasParseError: boolean;
}

/** The last module-level `TABLE_NAME = '...'` (or `TABLE_NAME: str = '...'`), as Python would bind it. */
export function readTableName(source: string, constant = 'TABLE_NAME'): Promise<TableNameFacts> {
  return withPythonTree(source, (tree) => {
    const facts: TableNameFacts = { hasParseError: tree.rootNode.hasError };
    for (const statement of tree.rootNode.namedChildren) {
      if (statement?.type !== 'expression_statement') continue;
      const assignment = statement.namedChildren[0];
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      if (left?.type !== 'identifier' || left.text !== constant) continue;
      const right = assignment.childForFieldName('right');
      facts.pos = pos(left);
      const read = right ? stringValue(right) : { problem: 'it has no value' };
      facts.value = read.value;
      facts.problem = read.problem;
    }
    return facts;
  });
}

function stringValue(node: Node): { value?: string; problem?: string } {
  if (node.type !== 'string') {
    return {
      problem:
        node.type === 'concatenated_string'
          ? 'it is a concatenation of strings'
          : `it is ${node.type.replace(/_/g, ' ')}, not a string literal`,
    };
  }
  const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '';
  const prefix = start.replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('f') || prefix.includes('t')) return { problem: 'it is an f-string' };
  if (prefix.includes('b')) return { problem: 'it is a bytes literal' };
  let value = '';
  for (const child of node.namedChildren) {
    if (!child || child.type === 'string_start' || child.type === 'string_end') continue;
    if (child.type === 'string_content') value += child.text;
    else if (child.type === 'escape_sequence' && prefix.includes('r')) value += child.text;
    else return { problem: `it contains ${child.type.replace(/_/g, ' ')}s` };
  }
  if (node.hasError) return { problem: 'the string literal is malformed' };
  return { value };
}

function pos(node: Node): Located {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}
