import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Finding } from '../contract';
import type { RuleHelp } from '../rule-catalogue';
import { fromPointer, isRecord, LoadedDocument, parseContractText, positionOf, Segments, valueAt } from './load-document';

/** Where a `$ref` leads: a document and the path of the target inside it. */
export interface RefTarget {
  document: LoadedDocument;
  segments: Segments;
  value: unknown;
}

export type RefResolution = { target: RefTarget } | { error: string };

/** Files above this size are refused: contracts are text written by people. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_DOCUMENTS = 500;

/**
 * The files of one contract: the root document and every file its `$ref`s reach, loaded once
 * each. Problems (unreadable or unparsable files, unresolvable references) become findings with
 * the rule prefix of the check (`openapi/…`, `asyncapi/…`).
 */
/** What a DocumentSet reports under the check's prefix, plus the kinds its loader adds (`version-unsupported`). */
export type DocumentSetKind = 'not-found' | 'parse' | 'ref-unresolved' | 'too-many-files';
export type DocumentSetRule<P extends string, Extra extends string = never> = `${P}/${DocumentSetKind | Extra}`;

/** The DocumentSet rules for a check's catalogue: `defineRules({ ...documentSetRules('openapi'), ... })`. */
export function documentSetRules<P extends string>(prefix: P): Record<DocumentSetRule<P>, RuleHelp> {
  return {
    [`${prefix}/not-found`]: { severity: 'error', help: 'The document does not exist or cannot be read.' },
    [`${prefix}/parse`]: {
      severity: 'error',
      help: 'A file of the contract is not valid YAML/JSON (or an alias refers to a node containing it).',
    },
    [`${prefix}/ref-unresolved`]: {
      severity: 'error',
      help: 'A $ref does not resolve: missing file, JSON pointer or $anchor, or a remote URL.',
    },
    [`${prefix}/too-many-files`]: { severity: 'error', help: 'The $refs reach more files than the check reads.' },
  } as Record<DocumentSetRule<P>, RuleHelp>;
}

export class DocumentSet<P extends string = string, Extra extends string = string> {
  readonly findings: Finding<DocumentSetRule<P, Extra>>[] = [];
  private readonly byFile = new Map<string, LoadedDocument | null>();

  constructor(private readonly rulePrefix: P) {}

  get documents(): LoadedDocument[] {
    return [...this.byFile.values()].filter((d): d is LoadedDocument => d !== null);
  }

  /** Loads a file (once). `from` is the $ref that asked for it, to place a read error there. */
  load(file: string, display: string, from?: { document: LoadedDocument; segments: Segments }): LoadedDocument | undefined {
    const known = this.byFile.get(file);
    if (known !== undefined) return known ?? undefined;
    if (this.byFile.size >= MAX_DOCUMENTS) {
      this.fail('too-many-files', `more than ${MAX_DOCUMENTS} files are referenced; ${display} was not read`, from);
      return undefined;
    }
    let text: string;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      if (stat.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
      text = readFileSync(file, 'utf8');
    } catch (error) {
      this.byFile.set(file, null);
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
      if (from) this.fail('ref-unresolved', `$ref target file ${display} ${reason}: fix the path or add the file`, from);
      else this.findings.push({ rule: `${this.rulePrefix}/not-found`, severity: 'error', message: `${display} ${reason}`, file: display });
      return undefined;
    }
    const parsed = parseContractText(text, file, display);
    for (const problem of parsed.problems) {
      this.findings.push({
        rule: `${this.rulePrefix}/parse`,
        severity: 'error',
        message: `not valid YAML/JSON: ${problem.message}`,
        file: display,
        ...problem.position,
      });
    }
    this.byFile.set(file, parsed.document ?? null);
    return parsed.document;
  }

  /** Follows one `$ref` written in `from` (relative files, JSON pointers, `$anchor` names). */
  resolve(from: LoadedDocument, ref: string, at: Segments): RefResolution {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    if (/^[a-z][a-z0-9+.-]*:/i.test(filePart) && !/^file:/i.test(filePart)) {
      return { error: `remote $ref "${ref}" is not fetched: bundle the contract or use a relative file path` };
    }
    let document: LoadedDocument | undefined = from;
    if (filePart !== '') {
      let relative: string;
      try {
        relative = decodeURIComponent(filePart.replace(/^file:(\/\/)?/i, ''));
      } catch {
        return { error: `$ref "${ref}" is not a valid URI reference` };
      }
      const file = path.resolve(path.dirname(from.file), relative);
      const display = path.normalize(path.join(path.dirname(from.display), relative));
      document = this.load(file, display, { document: from, segments: at });
      if (!document) return { error: `$ref "${ref}": file ${display} cannot be loaded` };
    }
    const segments = fromPointer(fragment);
    if (segments === undefined) {
      const anchored = findAnchor(document.value, fragment);
      if (anchored) return { target: { document, segments: anchored, value: valueAt(document.value, anchored).value } };
      return { error: `$ref "${ref}": no "$anchor: ${fragment}" in ${document.display}` };
    }
    const found = valueAt(document.value, segments);
    if (!found.found) return { error: `$ref "${ref}" points to nothing in ${document.display}` };
    return { target: { document, segments, value: found.value } };
  }

  /** Follows `$ref` chains until a value that is not a reference (or an error, or a cycle). */
  deref(from: LoadedDocument, segments: Segments, value: unknown): RefTarget | undefined {
    let current: RefTarget = { document: from, segments, value };
    for (let hops = 0; hops < 32; hops++) {
      if (!isRecord(current.value) || typeof current.value.$ref !== 'string') return current;
      const next = this.resolve(current.document, current.value.$ref, [...current.segments, '$ref']);
      if ('error' in next) return undefined;
      current = next.target;
    }
    return undefined;
  }

  /**
   * Reports every `$ref` of every loaded document that does not resolve, at the `$ref` itself.
   * Literal data (examples, defaults, enums, extensions) is not searched: a `$ref` key there is data.
   */
  checkReferences(root: LoadedDocument): void {
    const seen = new Set<LoadedDocument>();
    const queue = [root];
    while (queue.length > 0) {
      const document = queue.shift()!;
      if (seen.has(document)) continue;
      seen.add(document);
      forEachRef(document.value, [], (ref, at) => {
        const outcome = this.resolve(document, ref, at);
        if ('error' in outcome) this.fail('ref-unresolved', outcome.error, { document, segments: at });
        else if (!seen.has(outcome.target.document)) queue.push(outcome.target.document);
      });
    }
  }

  fail(
    rule: DocumentSetKind | Extra,
    message: string,
    at?: { document: LoadedDocument; segments: Segments },
    severity: Finding['severity'] = 'error',
  ): void {
    const finding: Finding<DocumentSetRule<P, Extra>> = {
      rule: `${this.rulePrefix}/${rule}`,
      severity,
      message,
      file: at?.document.display ?? '',
    };
    if (at) Object.assign(finding, positionOf(at.document, at.segments));
    this.findings.push(finding);
  }
}

const LITERAL_KEYS = new Set(['example', 'default', 'enum', 'const']);

/** Calls `visit` for each `$ref` string outside literal data, with the path of the `$ref` key. */
export function forEachRef(value: unknown, at: Segments, visit: (ref: string, at: Segments) => void, depth = 0): void {
  if (depth > 256) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => forEachRef(item, [...at, i], visit, depth + 1));
    return;
  }
  if (!isRecord(value)) return;
  if (typeof value.$ref === 'string') visit(value.$ref, [...at, '$ref']);
  const parentKey = at.length >= 2 ? at[at.length - 2] : undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' || LITERAL_KEYS.has(key) || key.startsWith('x-')) continue;
    // An Example object's `value`, and a schema's `examples` array, are data.
    if (key === 'value' && parentKey === 'examples') continue;
    if (key === 'examples' && Array.isArray(child)) continue;
    forEachRef(child, [...at, key], visit, depth + 1);
  }
}

function findAnchor(value: unknown, anchor: string, at: Segments = [], depth = 0): Segments | undefined {
  if (depth > 256 || typeof value !== 'object' || value === null) return undefined;
  if (isRecord(value) && (value.$anchor === anchor || value.$dynamicAnchor === anchor)) return at;
  for (const [key, child] of Object.entries(value)) {
    const found = findAnchor(child, anchor, [...at, Array.isArray(value) ? Number(key) : key], depth + 1);
    if (found) return found;
  }
  return undefined;
}
