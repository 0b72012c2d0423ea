import * as path from 'node:path';

/**
 * Placeholder content for a file a plan creates: a comment in the file's own language saying that
 * `plan import` created it and that it needs content. Folders get a README.md inside (an empty
 * folder would not satisfy files-exist). Binary files (archives, models, images) get none: a fake
 * zip would only mislead, so they are listed as needing content instead.
 */

export const PLACEHOLDER_NOTE = 'Placeholder created by `plan import`: this file needs content.';

const BINARY = new Set([
  '.zip',
  '.mojo',
  '.jar',
  '.gz',
  '.tgz',
  '.tar',
  '.bz2',
  '.xz',
  '.7z',
  '.pkl',
  '.pickle',
  '.joblib',
  '.pt',
  '.pth',
  '.onnx',
  '.h5',
  '.bin',
  '.parquet',
  '.avro',
  '.orc',
  '.feather',
  '.npy',
  '.npz',
  '.db',
  '.sqlite',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.ico',
  '.webp',
  '.pdf',
  '.woff',
  '.woff2',
  '.ttf',
  '.exe',
  '.dll',
  '.so',
  '.dylib',
  '.wasm',
]);
const HASH = new Set([
  '.py',
  '.yaml',
  '.yml',
  '.sh',
  '.bash',
  '.zsh',
  '.toml',
  '.cfg',
  '.ini',
  '.conf',
  '.r',
  '.rb',
  '.pl',
  '.tf',
  '.hcl',
  '.env',
  '.properties',
  '.mk',
  '.txt',
  '.csv',
  '.dockerfile',
  '.gitignore',
  '.dockerignore',
  '.editorconfig',
]);
const SLASH = new Set([
  '.js',
  '.mjs',
  '.cjs',
  '.ts',
  '.tsx',
  '.jsx',
  '.go',
  '.java',
  '.kt',
  '.kts',
  '.swift',
  '.c',
  '.h',
  '.cc',
  '.cpp',
  '.hpp',
  '.cs',
  '.rs',
  '.scala',
  '.dart',
  '.proto',
  '.graphql',
  '.gql',
  '.groovy',
  '.php',
  '.jsonc',
]);
const DASH = new Set(['.sql', '.lua', '.hs', '.elm']);
const BLOCK = new Set(['.css', '.scss', '.less']);
const ANGLE = new Set(['.html', '.htm', '.xml', '.svg', '.vue', '.svelte']);
const HASH_NAMES = new Set([
  'dockerfile',
  'makefile',
  'procfile',
  'gemfile',
  'rakefile',
  'vagrantfile',
  'jenkinsfile',
  'containerfile',
  'requirements.txt',
  'codeowners',
]);

export function isBinaryPath(filePath: string): boolean {
  return BINARY.has(path.posix.extname(filePath).toLowerCase());
}

/** The placeholder's path and content for a created path; undefined for a binary file. */
export function placeholderFor(filePath: string): { path: string; content: string } | undefined {
  if (filePath.endsWith('/')) {
    return {
      path: `${filePath}README.md`,
      content: `<!-- ${PLACEHOLDER_NOTE} -->\n# ${filePath}\n\nThis folder was created by \`plan import\`; add its files and remove this README.\n`,
    };
  }
  if (isBinaryPath(filePath)) return undefined;
  const base = path.posix.basename(filePath).toLowerCase();
  const ext = path.posix.extname(base) || (base.startsWith('.') ? base : '');
  const note = PLACEHOLDER_NOTE;
  let content: string;
  if (HASH_NAMES.has(base) || base.startsWith('dockerfile.') || base.endsWith('.dockerfile') || HASH.has(ext)) content = `# ${note}\n`;
  else if (SLASH.has(ext)) content = `// ${note}\n`;
  else if (DASH.has(ext)) content = `-- ${note}\n`;
  else if (BLOCK.has(ext)) content = `/* ${note} */\n`;
  else if (ANGLE.has(ext) || ext === '.md' || ext === '.markdown') content = `<!-- ${note} -->\n`;
  else if (ext === '.json') content = `${JSON.stringify({ $comment: note }, null, 2)}\n`;
  else if (ext === '.ipynb')
    content = `${JSON.stringify({ cells: [{ cell_type: 'markdown', metadata: {}, source: [note] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
  else content = `${note}\n`;
  return { path: filePath, content };
}
