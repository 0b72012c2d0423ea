import { Language, Parser, Tree } from 'web-tree-sitter';

/**
 * tree-sitter engine adapter: web-tree-sitter 0.27.1 with the tree-sitter-python 0.25.0 grammar
 * (0.24 cannot load it). Initialised once per process on first use (~20 ms); one Parser is reused
 * because parsing is synchronous. Node positions count UTF-16 code units, like JS strings.
 */
let ready: Promise<Parser> | undefined;

function loadParser(): Promise<Parser> {
  ready ??= (async () => {
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })().catch((error: unknown) => {
    ready = undefined; // let a later call retry instead of caching the failure
    throw error;
  });
  return ready;
}

/** Parses `source`, hands the tree to `use`, and always frees the tree (wasm memory). */
export async function withPythonTree<T>(source: string, use: (tree: Tree) => T): Promise<T> {
  const parser = await loadParser();
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}
