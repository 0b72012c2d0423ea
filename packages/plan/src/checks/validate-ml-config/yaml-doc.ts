import { Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, Tags, visit } from 'yaml';

/**
 * YAML with positions, read as the training script reads it: PyYAML `safe_load` (YAML 1.1).
 * The `yaml` package's CST-backed document maps value paths (`['data', 'features', 2]`) back to
 * line:col, so every finding can point at the key or item it is about.
 */
export interface Pos {
  line: number;
  column: number;
}

export type ValuePath = (string | number)[];

export interface YamlProblem {
  /** `syntax`, `duplicate-key`, `aliases` (alias expansion refused) or `key` (a list/mapping as a key). */
  kind: 'syntax' | 'duplicate-key' | 'aliases' | 'key';
  message: string;
  pos: Pos;
}

export interface YamlDoc {
  /** The plain JS value; undefined when the text could not be read (see problems). */
  value?: unknown;
  problems: YamlProblem[];
  /**
   * Position of a path: `key` → the map key naming its last part (or the item, in a list);
   * `value` → the value itself. Falls back to the closest existing parent.
   */
  locate(path: ValuePath, what?: 'key' | 'value'): Pos;
}

// PyYAML treats yes/no/on/off as booleans (YAML 1.1) but, unlike the 1.1 spec, keeps y/n as
// strings; the `yaml` package's 1.1 schema would turn a column named `y` into `true`.
const PY_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PY_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
function pyyamlBooleans(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:bool' || !('test' in tag)) return tag;
    return {
      ...tag,
      test: tag.identify?.(true) ? PY_TRUE : PY_FALSE,
    } as typeof tag;
  });
}

/** Alias expansions allowed when building the JS value (a "billion laughs" file stops here). */
const MAX_ALIAS_COUNT = 100;

export function parseYamlWithPositions(text: string): YamlDoc {
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): Pos => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset ?? 0, text.length)));
    return { line: Math.max(1, p.line), column: Math.max(1, p.col) };
  };
  const problems: YamlProblem[] = [];
  let doc: Document | undefined;
  try {
    doc = parseDocument(text, {
      lineCounter,
      version: '1.1',
      uniqueKeys: true,
      prettyErrors: false,
      customTags: pyyamlBooleans,
    });
  } catch (error) {
    problems.push({
      kind: 'syntax',
      message: firstLine(String((error as Error)?.message ?? error)),
      pos: at(0),
    });
    return { problems, locate: () => at(0) };
  }
  for (const e of doc.errors) {
    problems.push({
      kind: e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'syntax',
      message: firstLine(e.message),
      pos: at(e.pos[0]),
    });
  }
  const root = doc.contents as Node | null;
  if (!problems.some((p) => p.kind === 'syntax')) {
    // PyYAML refuses a list or mapping as a key ("unhashable"); JS would turn it into a string.
    const document = doc;
    try {
      visit(document, {
        Pair(_, pair) {
          const key = isAlias(pair.key) ? pair.key.resolve(document) : pair.key;
          if (isCollection(key)) {
            problems.push({
              kind: 'key',
              message: 'a list or mapping is used as a mapping key',
              pos: at((pair.key as Node).range?.[0]),
            });
            return visit.BREAK;
          }
          return undefined;
        },
      });
    } catch (error) {
      problems.push({
        kind: 'syntax',
        message: firstLine(String((error as Error)?.message ?? error)),
        pos: at(0),
      });
    }
  }
  let value: unknown;
  if (!problems.some((p) => p.kind === 'syntax' || p.kind === 'key')) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      problems.push({
        kind: 'aliases',
        message: firstLine(String((error as Error)?.message ?? error)),
        pos: at(root?.range?.[0]),
      });
      value = undefined;
    }
  }

  const resolve = (node: unknown): unknown => {
    // Aliases point at their anchor's node; a cycle cannot occur in a parsed document's tree.
    for (let i = 0; i < 10 && isAlias(node); i++) node = (node as { resolve(d: Document): unknown }).resolve(doc!);
    return node;
  };
  const locate = (path: ValuePath, what: 'key' | 'value' = 'value'): Pos => {
    let node: unknown = resolve(root);
    let best = (root as Node | null)?.range?.[0] ?? 0;
    // When the path stops early, point at the deepest key found (where the missing part belongs).
    let parentKey = best;
    for (let k = 0; k < path.length; k++) {
      const part = path[k];
      const last = k === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(part));
        if (!pair) return at(parentKey);
        const keyStart = (pair.key as Node | null)?.range?.[0];
        const valueStart = (pair.value as Node | null)?.range?.[0];
        parentKey = keyStart ?? parentKey;
        best = last && what === 'key' ? (keyStart ?? best) : (valueStart ?? keyStart ?? best);
        node = resolve(pair.value);
      } else if (isSeq(node) && typeof part === 'number') {
        const item = node.items[part] as Node | undefined;
        if (!item) return at(parentKey);
        best = item.range?.[0] ?? best;
        parentKey = best;
        node = resolve(item);
      } else break;
    }
    return at(best);
  };
  return { value, problems, locate };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\.$/, '');
}
