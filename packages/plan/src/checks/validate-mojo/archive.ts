/**
 * A MOJO's content as the validator sees it, whether it came from a zip or an exploded folder:
 * the entry names and sizes, plus the bytes of the few text entries the validator reads.
 */
export interface Archive {
  kind: 'zip' | 'folder';
  /** Regular entries by name (no directory entries, no `__MACOSX/` junk). */
  files: Map<string, { size: number }>;
  /** Bytes of kept entries (see isKeptEntry) that were read completely and within limits. */
  contents: Map<string, Buffer>;
  /** Entries that exist but could not be read (over a limit, corrupt): already reported. */
  unreadable: Set<string>;
}

/** Entries the validator needs the content of: every model.ini, domain files, modelDetails.json. */
export function isKeptEntry(name: string): boolean {
  return /(^|\/)model\.ini$/.test(name) || /(^|\/)domains\/[^/]+$/.test(name) || /(^|\/)experimental\/modelDetails\.json$/.test(name);
}

/** Junk that real MOJOs carry and H2O ignores: macOS resource forks and Finder files. */
export function isJunkEntry(name: string): boolean {
  return name.startsWith('__MACOSX/') || /(^|\/)\.DS_Store$/.test(name);
}

/**
 * Why an entry name is unsafe to extract, or undefined. Rejects absolute paths, drive letters,
 * backslashes (Windows separators that turn `..\\x` into a traversal) and `..` segments.
 */
export function unsafeNameReason(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.includes('\0')) return 'it contains a NUL byte';
  if (name.startsWith('/')) return 'it is an absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'it starts with a drive letter';
  if (name.includes('\\')) return 'it contains a backslash';
  if (name.split('/').includes('..')) return 'it contains a `..` segment';
  return undefined;
}
