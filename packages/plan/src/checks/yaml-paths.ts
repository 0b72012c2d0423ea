import { Alias, Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, Node, visit } from 'yaml';

/**
 * Paths into YAML (and JSON) documents, shared by the checks that point findings at nodes: the
 * contract files (contract-files/yaml-source.ts) and the API documents (api-documents/). One rule
 * for "where is the node this value path names" and for JSON pointers.
 */

/** A path inside a parsed value: object keys and array indexes. */
export type ValuePath = (string | number)[];

/** Alias expansions allowed when building a value (a "billion laughs" file stops here, toJS throws). */
export const MAX_ALIAS_COUNT = 1000;

/** Nodes that aliases may add to a document's value (the largest real files repeat a few blocks). */
export const MAX_ALIASED_NODES = 100_000;

/**
 * The document's plain value, its aliases bounded first. yaml's own bound (toJS with
 * maxAliasCount) resolves every nested alias by walking the whole document again, which took
 * minutes on a 1 MB file with a few hundred aliases; here one walk in document order resolves
 * them all and the expanded size is counted once per node. Throws a ReferenceError past the bound.
 */
export function toPlainValue(doc: Document): unknown {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  let nodes = 0;
  visit(doc, {
    Node(_, node) {
      nodes++;
      // The last anchor of that name before the alias, as YAML resolves it.
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  if (targets.size > 0) {
    const size = new Map<unknown, number>();
    const sizeOf = (node: unknown): number => {
      if (isAlias(node)) return sizeOf(targets.get(node));
      if (!isCollection(node)) return 1;
      const known = size.get(node);
      if (known !== undefined) return known;
      size.set(node, 1); // a cycle counts once: it becomes a reference, not a copy
      let total = 1;
      for (const item of node.items) total += isPair(item) ? sizeOf(item.key) + sizeOf(item.value) : sizeOf(item);
      size.set(node, total);
      return total;
    };
    if (sizeOf(doc.contents) - nodes > MAX_ALIASED_NODES)
      throw new ReferenceError(`Aliases expand this document by more than ${MAX_ALIASED_NODES} nodes`);
  }
  // Bounded above; yaml's count would walk the document again for every nested alias.
  return doc.toJS({ maxAliasCount: -1 });
}

/**
 * Source offset of the node at `path` in `doc`: of its key when `what` is `key` and the last part
 * names a map entry, else of its value (aliases followed; an entry without a value: its key). A
 * path that leaves the document points at the deepest node that exists on the way; merged keys
 * (`<<: *x`) have no pair of their own, so they point at the map that merges them.
 */
export function offsetOf(doc: Document, path: ValuePath, what: 'key' | 'value' = 'value'): number {
  const resolve = (node: unknown): unknown => {
    for (let i = 0; i < 10 && isAlias(node); i++) {
      try {
        node = node.resolve(doc);
      } catch {
        return undefined;
      }
    }
    return node;
  };
  const root = doc.contents as Node | null;
  let node: unknown = resolve(root);
  let best = root?.range?.[0] ?? doc.range?.[0] ?? 0;
  for (let k = 0; k < path.length; k++) {
    const part = path[k];
    const last = k === path.length - 1;
    if (isMap(node)) {
      const pair = findPair(node.items, String(part), resolve);
      if (!pair) break;
      const keyStart = (pair.key as Node | null)?.range?.[0];
      const valueStart = (resolve(pair.value) as Node | null)?.range?.[0];
      best = last && what === 'key' ? (keyStart ?? best) : (valueStart ?? keyStart ?? best);
      if (!last && valueStart === undefined) best = keyStart ?? best;
      node = resolve(pair.value);
    } else if (isSeq(node)) {
      const item = node.items[Number(part)] as Node | undefined;
      if (!item) break;
      best = (resolve(item) as Node | null)?.range?.[0] ?? item.range?.[0] ?? best;
      node = resolve(item);
    } else break;
  }
  return best;
}

/** The entry named `key` (the last one: a later duplicate wins, as in the loaded value). */
function findPair(items: unknown[], key: string, resolve: (n: unknown) => unknown) {
  for (let i = items.length - 1; i >= 0; i--) {
    const pair = items[i];
    if (!isPair(pair)) continue;
    const k = resolve(pair.key);
    if (isScalar(k) && String(k.value) === key) return pair;
  }
  return undefined;
}

/** RFC 6901 pointer of a path. */
export function toPointer(path: ValuePath): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * The path of an RFC 6901 pointer; undefined when it is not one. `uriFragment`: the pointer comes
 * after `#` in a `$ref` and is percent-decoded first (an ajv instancePath is not encoded).
 */
export function fromPointer(pointer: string, options: { uriFragment?: boolean } = {}): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  let decoded = pointer;
  if (options.uriFragment) {
    try {
      decoded = decodeURIComponent(pointer);
    } catch {
      decoded = pointer;
    }
  }
  return decoded
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
