import { CST, Document, isAlias, isCollection, isPair, Lexer, Node } from 'yaml';

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

/**
 * Checked on the token stream before the YAML is parsed: the parser recurses per nesting level and
 * collects every error, so deep flow nesting (`[[[[…`) exhausted memory and crashed the process,
 * and thousands of indicators on one line (`- - - …`) or properties on one node (`&a &a …`) took
 * seconds each. The lexer streams, so this stops at the first problem. `offset` is into the text.
 */
export function yamlTokenProblem(text: string): { offset: number; message: string } | undefined {
  let offset = 0;
  let flowDepth = 0;
  let lineIndicators = 0;
  let anchors = 0;
  let tags = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'flow-seq-start' || type === 'flow-map-start') {
      if (++flowDepth > MAX_YAML_DEPTH)
        return { offset, message: `The YAML is nested more than ${MAX_YAML_DEPTH} levels deep here: flatten it.` };
    } else if (type === 'flow-seq-end' || type === 'flow-map-end') flowDepth = Math.max(0, flowDepth - 1);
    else if (flowDepth === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind')) {
      if (++lineIndicators > MAX_YAML_DEPTH)
        return { offset, message: `More than ${MAX_YAML_DEPTH} nested collections start on this line: put them on lines of their own.` };
    } else if (type === 'anchor' || type === 'tag') {
      if ((type === 'anchor' ? ++anchors : ++tags) > 1)
        return { offset, message: `A node can have at most one ${type}: remove the extra ${token}.` };
    } else if (type === 'newline') lineIndicators = 0;
    if (type !== 'space' && type !== 'newline' && type !== 'comment' && type !== 'anchor' && type !== 'tag') anchors = tags = 0;
    // The lexer's own markers (document mode, scalar, flow error end) are not in the text.
    if (token !== '\x02' && token !== '\x18' && token !== '\x1f') offset += token.length;
  }
  return undefined;
}

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
