import { Tree } from '@nx/devkit';
import { createHash } from 'node:crypto';
import * as path from 'node:path';

/**
 * Generation safety (architecture.md): what a generator wrote is recorded with content hashes in
 * a manifest next to plan.yaml. A re-run writes a file only when it is new, or unchanged by the
 * user since the last run; a file the user edited is reported and kept unless `force` is set.
 * Because decisions are made before anything reaches the Tree, Nx's `--dry-run` lists exactly
 * what a real run would write.
 */
export const MANIFEST_FILE = '.plan-manifest.json';

export interface Manifest {
  generator: string;
  version: string;
  files: Record<string, string>;
}

/** What the writer needs of a file system: an Nx Tree, or the CLI's folder (cli/fs-host.ts). */
export type FileHost = Pick<Tree, 'exists' | 'read' | 'write'>;

export interface GenerationReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Files edited by the user since the last run, left as they are. */
  keptUserChanges: string[];
  /** Files edited by the user and overwritten because of --force. */
  overwritten: string[];
}

export function sha256(content: string | Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

export function readManifest(tree: FileHost, root: string): Manifest | undefined {
  const file = path.posix.join(root, MANIFEST_FILE);
  if (!tree.exists(file)) return undefined;
  try {
    const parsed = JSON.parse(tree.read(file, 'utf-8') ?? '');
    if (parsed && typeof parsed === 'object' && parsed.files && typeof parsed.files === 'object') return parsed as Manifest;
  } catch {
    /* an unreadable manifest is treated as absent: every existing file counts as the user's */
  }
  return undefined;
}

export function applyGeneratedFiles(
  tree: FileHost,
  root: string,
  files: Map<string, string>,
  options: { force?: boolean; generator: string; version: string },
): GenerationReport {
  const previous = readManifest(tree, root);
  const report: GenerationReport = { created: [], updated: [], unchanged: [], keptUserChanges: [], overwritten: [] };
  const recorded: Record<string, string> = {};
  for (const [relative, content] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    assertSafeRelative(relative);
    const target = path.posix.join(root, relative);
    const next = sha256(content);
    if (!tree.exists(target)) {
      tree.write(target, content);
      report.created.push(relative);
      recorded[relative] = next;
      continue;
    }
    const current = sha256(tree.read(target) ?? Buffer.alloc(0));
    if (current === next) {
      report.unchanged.push(relative);
      recorded[relative] = next;
      continue;
    }
    const ours = previous?.files[relative];
    if (current === ours) {
      tree.write(target, content);
      report.updated.push(relative);
      recorded[relative] = next;
    } else if (options.force) {
      tree.write(target, content);
      report.overwritten.push(relative);
      recorded[relative] = next;
    } else {
      report.keptUserChanges.push(relative);
      // Keep the last hash we generated, so the file stays "changed by the user" on later runs.
      if (ours) recorded[relative] = ours;
    }
  }
  // Files an earlier run wrote and this one does not (another workflow name, a renamed schema)
  // keep their record: they are still ours until the user changes them.
  for (const [relative, hash] of Object.entries(previous?.files ?? {})) if (!files.has(relative)) recorded[relative] = hash;
  const sorted = Object.fromEntries(Object.entries(recorded).sort(([a], [b]) => a.localeCompare(b)));
  const manifest: Manifest = { generator: options.generator, version: options.version, files: sorted };
  const text = JSON.stringify(manifest, null, 2) + '\n';
  const manifestPath = path.posix.join(root, MANIFEST_FILE);
  if (!tree.exists(manifestPath) || tree.read(manifestPath, 'utf-8') !== text) tree.write(manifestPath, text);
  return report;
}

/** Every name that reaches a path is checked first: relative, no `..`, no absolute paths, no control characters. */
export function assertSafeRelative(relative: string): void {
  if (
    relative === '' ||
    path.posix.isAbsolute(relative) ||
    /^[a-zA-Z]:/.test(relative) ||
    relative.split(/[\\/]/).includes('..') ||
    /[\u0000-\u001f\u007f]/.test(relative)
  ) {
    throw new Error(`Refusing to write "${relative}": generated paths must stay inside the plan folder.`);
  }
}

export function describeReport(report: GenerationReport, root: string): string[] {
  const lines: string[] = [];
  const at = (f: string) => path.posix.join(root, f);
  for (const f of report.keptUserChanges)
    lines.push(`kept ${at(f)}: changed by the user since it was generated (use --force to overwrite)`);
  for (const f of report.overwritten) lines.push(`overwrote ${at(f)}: it had local changes (--force)`);
  return lines;
}
