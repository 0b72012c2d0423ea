import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Archive, isJunkEntry, isKeptEntry } from './archive';
import { Limits, MAX_TEXT_BYTES, mb } from './limits';
import { Reporter } from './report';

/**
 * Reads an exploded MOJO folder (what H2O's FolderMojoReaderBackend loads): entry names are the
 * paths relative to the folder with `/` separators. Symlinks are followed only when they stay
 * inside the folder. The same count and size limits as for zips apply.
 */
export async function readFolderArchive(root: string, limits: Limits, report: Reporter): Promise<Archive | undefined> {
  const archive: Archive = { kind: 'folder', files: new Map(), contents: new Map(), unreadable: new Set() };
  const realRoot = await fs.realpath(root);
  let count = 0;
  let total = 0;
  const walk = async (dir: string, prefix: string): Promise<boolean> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const dirent of entries) {
      const name = prefix + dirent.name;
      const full = path.join(dir, dirent.name);
      if (++count > limits.maxEntries) {
        report.error(
          'mojo/too-many-entries',
          `The folder holds more than ${limits.maxEntries} entries; reading stopped. Raise the limit with --max-entries if this MOJO is genuine.`,
        );
        return false;
      }
      let isDir = dirent.isDirectory();
      let isFile = dirent.isFile();
      if (dirent.isSymbolicLink()) {
        const target = await fs.realpath(full).catch(() => undefined);
        if (!target || !(target === realRoot || target.startsWith(realRoot + path.sep))) {
          report.error(
            'mojo/unsafe-entry-name',
            `Symlink ${name} points outside the MOJO folder (or nowhere); replace it with the real file.`,
            { entry: name },
          );
          continue;
        }
        const stat = await fs.stat(target);
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      }
      if (isDir) {
        if (!(await walk(full, `${name}/`))) return false;
        continue;
      }
      if (!isFile || isJunkEntry(name)) continue;
      const { size } = await fs.stat(full);
      archive.files.set(name, { size });
      if (size > limits.maxEntryBytes) {
        report.error(
          'mojo/entry-too-large',
          `${mb(size)}, more than the per-entry limit of ${mb(limits.maxEntryBytes)}; not read. Raise --max-entry-mb if genuine.`,
          { entry: name },
        );
        archive.unreadable.add(name);
        continue;
      }
      total += size;
      if (total > limits.maxTotalBytes) {
        report.error(
          'mojo/total-too-large',
          `The folder holds more than ${mb(limits.maxTotalBytes)}; reading stopped. Raise --max-total-mb if genuine.`,
        );
        return false;
      }
      if (isKeptEntry(name) && size <= MAX_TEXT_BYTES) archive.contents.set(name, await fs.readFile(full));
    }
    return true;
  };
  await walk(root, '');
  return archive;
}
