import { Document, isAlias, isCollection, LineCounter, Node, parseAllDocuments, visit } from 'yaml';
import { Finding } from '../contract';
import type { RuleHelp } from '../rule-catalogue';
import { fromPointer, offsetOf, toPlainValue, ValuePath } from '../yaml-paths';

export type { ValuePath } from '../yaml-paths';

/**
 * YAML (or JSON: it is YAML 1.2) with positions, for the contract checks: every document of a
 * file as a plain value plus `locate(path)`, which maps a value path (an ajv instancePath, a
 * model path) back to the line and column of the node it names.
 */
export interface Pos {
  line: number;
  column: number;
}

export interface YamlDocument {
  /** 0-based index of the document in its file. */
  index: number;
  /** The plain value (null for an empty document). */
  value: unknown;
  /** Where the document starts. */
  start: Pos;
  /** `key`: the key naming the path's last part (or the item); `value`: the value node. */
  locate(path: ValuePath, what?: 'key' | 'value'): Pos;
}

/** The rules readYaml reports, under the check's prefix (`compose/yaml-syntax`). */
export type YamlRule<P extends string> = `${P}/${'yaml-syntax' | 'duplicate-key' | 'yaml-key' | 'yaml-aliases'}`;

/** readYaml's rules for a check's catalogue: `defineRules({ ...yamlRules('compose', 'Docker Compose'), ... })`. */
export function yamlRules<P extends string>(prefix: P, reader: string): Record<YamlRule<P>, RuleHelp> {
  return {
    [`${prefix}/yaml-syntax`]: { severity: 'error', help: `The file is not valid YAML (or JSON): ${reader} cannot read it.` },
    [`${prefix}/duplicate-key`]: { severity: 'error', help: `A mapping has the same key twice: ${reader} refuses it; keep one.` },
    [`${prefix}/yaml-key`]: { severity: 'error', help: `A list or mapping is used as a mapping key: ${reader} accepts only plain keys.` },
    [`${prefix}/yaml-aliases`]: { severity: 'error', help: 'Too many alias expansions (a "billion laughs" file): write the values out.' },
  } as Record<YamlRule<P>, RuleHelp>;
}

export interface YamlSource<P extends string = string> {
  documents: YamlDocument[];
  /** Syntax errors, duplicate keys and alias bombs, as error findings at their position. */
  findings: Finding<YamlRule<P>>[];
}

export interface YamlSourceOptions<P extends string = string> {
  /** Rule id prefix, e.g. `compose` → `compose/yaml-syntax`. */
  rule: P;
  /** `1.1` for readers built on PyYAML or Go's yaml.v2 (`on`, `yes` are booleans there). */
  version?: '1.1' | '1.2';
  /** `<<` merge keys (Compose files use them with `x-` anchors). */
  merge?: boolean;
  /** What the reader of the format is called in messages, e.g. "Docker Compose". */
  reader: string;
}

const MAX_SYNTAX_FINDINGS = 10;

export function readYaml<P extends string>(text: string, file: string, options: YamlSourceOptions<P>): YamlSource<P> {
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): Pos => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset ?? 0, text.length)));
    return { line: Math.max(1, p.line), column: Math.max(1, p.col) };
  };
  const findings: Finding<YamlRule<P>>[] = [];
  const add = (kind: 'yaml-syntax' | 'duplicate-key' | 'yaml-key' | 'yaml-aliases', message: string, offset: number | undefined) => {
    const pos = at(offset);
    findings.push({ rule: `${options.rule}/${kind}`, severity: 'error', message, file, line: pos.line, column: pos.column });
  };
  let docs: Document[];
  try {
    const parsed = parseAllDocuments(text, {
      lineCounter,
      version: options.version ?? '1.2',
      merge: options.merge ?? false,
      uniqueKeys: true,
      prettyErrors: false,
      // Odd keys (a !!binary scalar) are stringified; yaml would also print a process warning.
      logLevel: 'error',
    });
    docs = Array.isArray(parsed) ? parsed : [];
    if (!Array.isArray(parsed)) {
      // An EmptyStream: no document at all.
      return { documents: [], findings };
    }
  } catch (error) {
    add('yaml-syntax', `Invalid YAML: ${firstLine(error)}. Fix the syntax; ${options.reader} cannot read this file.`, 0);
    return { documents: [], findings };
  }

  let syntax = 0;
  for (const doc of docs) {
    for (const error of doc.errors) {
      if (++syntax > MAX_SYNTAX_FINDINGS) break;
      if (error.code === 'DUPLICATE_KEY') {
        add('duplicate-key', `${firstLine(error)}: ${options.reader} refuses duplicate keys; keep one.`, error.pos[0]);
      } else {
        add('yaml-syntax', `Invalid YAML: ${firstLine(error)}. Fix the syntax; ${options.reader} cannot read this file.`, error.pos[0]);
      }
    }
  }
  if (findings.length > 0) return { documents: [], findings };

  const documents: YamlDocument[] = [];
  docs.forEach((doc, index) => {
    const badKey = collectionKey(doc);
    if (badKey !== undefined) {
      add(
        'yaml-key',
        `A list or mapping is used as a mapping key: ${options.reader} accepts only plain keys. Check the indentation and \`?\` markers.`,
        badKey,
      );
      return;
    }
    let value: unknown;
    try {
      value = toPlainValue(doc);
    } catch (error) {
      add('yaml-aliases', `${firstLine(error)}: too many alias expansions; write the values out.`, doc.contents?.range?.[0]);
      return;
    }
    // A trailing `---` or a comment-only document is not a document a reader would load.
    if (doc.contents === null && index > 0) return;
    documents.push({
      index,
      value: value === undefined ? null : value,
      start: at(doc.contents?.range?.[0] ?? doc.range?.[0]),
      locate: (path, what) => at(offsetOf(doc, path, what)),
    });
  });
  return { documents, findings };
}

/** Offset of the first key that is a list or mapping (JS objects would stringify it). */
function collectionKey(doc: Document): number | undefined {
  let found: number | undefined;
  try {
    visit(doc, {
      Pair(_, pair) {
        const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
        if (isCollection(key)) {
          found = (pair.key as Node).range?.[0] ?? 0;
          return visit.BREAK;
        }
        return undefined;
      },
    });
  } catch {
    return found;
  }
  return found;
}

/** An ajv `instancePath` (`/services/web/ports/0`) as a value path. */
export function pointerPath(pointer: string): string[] {
  return fromPointer(pointer) ?? [];
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].replace(/\.$/, '');
}
