import { DocumentSet } from './document-set';
import { fromPointer, isRecord, LoadedDocument, Segments, valueAt } from './load-document';

/** Where a node of a bundled value came from. */
export interface Origin {
  document: LoadedDocument;
  segments: Segments;
}

export interface Bundle {
  value: unknown;
  /** Every object and array of `value` → its source. */
  origins: WeakMap<object, Origin>;
}

/** Copies beyond this many nodes stop inlining (a file referenced from everywhere, nested). */
const MAX_NODES = 200_000;

/**
 * The root document with every reference to another file replaced by its target (and the
 * references inside inlined content followed too, since they are relative to their own file).
 * References inside the root stay as they are. A reference that cannot be followed, or that
 * would recurse, stays a `$ref`. This is the view the official schemas judge: a multi-file
 * contract is valid when its resolved form is.
 */
export function bundle(set: DocumentSet, root: LoadedDocument): Bundle {
  const origins = new WeakMap<object, Origin>();
  let nodes = 0;

  const copy = (document: LoadedDocument, segments: Segments, value: unknown, active: Set<string>, depth: number): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    nodes++;
    if (depth > 256) return Array.isArray(value) ? [] : {};
    if (Array.isArray(value)) {
      const out = value.map((item, i) => copy(document, [...segments, i], item, active, depth + 1));
      origins.set(out, { document, segments });
      return out;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.$ref === 'string' && (document !== root || !record.$ref.startsWith('#')) && nodes < MAX_NODES) {
      const outcome = set.resolve(document, record.$ref, [...segments, '$ref']);
      if ('target' in outcome) {
        const { target } = outcome;
        const key = `${target.document.file}#${target.segments.join('/')}`;
        if (!active.has(key)) {
          const inner = new Set(active).add(key);
          return copy(target.document, target.segments, target.value, inner, depth + 1);
        }
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(record)) {
      // Literal data is copied, never followed.
      out[key] =
        key === 'example' || key === 'default' || key === 'enum' || key === 'const'
          ? child
          : copy(document, [...segments, key], child, active, depth + 1);
    }
    origins.set(out, { document, segments });
    return out;
  };

  return { value: copy(root, [], root.value, new Set(), 0), origins };
}

/**
 * Source of a path inside a bundled value: the document and path of the deepest container on
 * the way, plus the remaining segments.
 */
export function locate(bundled: Bundle, path: Segments): Origin | undefined {
  let value: unknown = bundled.value;
  let origin = isObject(value) ? bundled.origins.get(value) : undefined;
  let rest: Segments = [];
  for (const segment of path) {
    const next = valueAt(value, [segment]).value;
    const nextOrigin = isObject(next) ? bundled.origins.get(next) : undefined;
    if (nextOrigin) {
      origin = nextOrigin;
      rest = [];
    } else rest.push(segment);
    value = next;
  }
  return origin ? { document: origin.document, segments: [...origin.segments, ...rest] } : undefined;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** A node of a bundled value and its path there. */
export interface BundledNode {
  value: unknown;
  segments: Segments;
}

/** Follows the local (`#/…`) references left in a bundle; undefined when one leads nowhere. */
export function derefLocal(bundled: Bundle, node: BundledNode): BundledNode | undefined {
  let current = node;
  for (let hops = 0; hops < 32; hops++) {
    if (!isRecord(current.value) || typeof current.value.$ref !== 'string') return current;
    const ref = current.value.$ref;
    const segments = ref.startsWith('#') ? fromPointer(ref.slice(1)) : undefined;
    if (!segments) return undefined;
    const found = valueAt(bundled.value, segments);
    if (!found.found) return undefined;
    current = { value: found.value, segments };
  }
  return undefined;
}
