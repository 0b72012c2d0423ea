import { Document, isAlias, isCollection, isPair, Node } from 'yaml';

/**
 * Bounds on the shape of a parsed YAML document, checked before it becomes JavaScript values: an
 * alias bomb (aliases of aliases, a few hundred bytes expanding to billions of nodes), recursive
 * aliases (a structure that contains itself never ends in the model or in JSON), aliases with no
 * anchor, and nesting deeper than any plan needs. Each problem names the node where it starts.
 */

/** Nodes that aliases may add when expanded: generous for sharing `with:` blocks, tiny next to a bomb. */
export const MAX_ALIAS_EXPANSION = 10_000;
/** A plan is ~8 levels deep; options under `with:` add a few. */
export const MAX_YAML_DEPTH = 100;

export interface YamlShapeProblem {
  node: Node;
  message: string;
}

class Stop {
  constructor(readonly problem: YamlShapeProblem) {}
}

export function yamlShapeProblem(doc: Document): YamlShapeProblem | undefined {
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let added = 0;
  const stop = (node: Node, message: string) => new Stop({ node, message });

  // Nodes under `node` once every alias is replaced by what it names (memoised: linear in the document).
  const size = (node: unknown, depth: number): number => {
    if (isPair(node)) return size(node.key, depth) + size(node.value, depth);
    if (!node || typeof node !== 'object') return 0;
    const n = node as Node;
    if (depth > MAX_YAML_DEPTH) throw stop(n, `The YAML is nested more than ${MAX_YAML_DEPTH} levels deep here: flatten it.`);
    if (isAlias(n)) {
      const target = n.resolve(doc);
      if (!target)
        throw stop(n, `Alias *${n.source} has no anchor &${n.source} before it: define the anchor first or write the value out.`);
      if (open.has(target))
        throw stop(n, `Alias *${n.source} refers to a node that contains it (a structure without end): write the value out.`);
      const expanded = size(target, depth);
      added += expanded;
      if (added > MAX_ALIAS_EXPANSION)
        throw stop(
          n,
          `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes by *${n.source} (an alias bomb?): write the values out or use fewer aliases.`,
        );
      return expanded;
    }
    const known = sizes.get(n);
    if (known !== undefined) return known;
    let total = 1;
    if (isCollection(n)) {
      open.add(n);
      for (const item of n.items) total += size(item, depth + 1);
      open.delete(n);
    }
    sizes.set(n, total);
    return total;
  };

  try {
    size(doc.contents, 0);
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.problem;
    throw error;
  }
}
