import { logger, Tree } from '@nx/devkit';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { escapeControl, formatDiagnostics } from '../../model/diagnostics';
import { PLAN_DOCUMENT_MAX_BYTES, readSourceFile } from '../../model/source-text';
import { describeReport } from '../utils/generation-safety';
import { writePlanFolderInWorkspace } from '../utils/plan-folder';
import { importFolder } from './import-folder';
import { ImportGeneratorSchema } from './schema';

/** `nx g plan:import --file=PLAN.md`: the same import as `plan import`, through the Nx Tree and the one writer. */
export async function importGenerator(tree: Tree, options: ImportGeneratorSchema): Promise<() => void> {
  const { source, markdown } = readSource(tree, options.file);
  const directory = path.posix.normalize(options.directory ?? options.name ?? path.posix.basename(path.posix.dirname(source)));
  if (directory.startsWith('..') || path.posix.isAbsolute(directory))
    throw new Error(`Invalid directory "${directory}": give a folder inside the workspace.`);
  const name =
    options.name ??
    path.posix
      .basename(directory)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const values: Record<string, string> = {};
  for (const pair of options.var ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--var expects key=value (got "${pair}").`);
    values[pair.slice(0, at).trim()] = pair.slice(at + 1);
  }
  const imported = importFolder(markdown, {
    file: source,
    source,
    name,
    values,
    python: options.python,
    scaffold: options.scaffold === true,
    ...(options.kind ? { kind: options.kind } : {}),
  });
  // Nothing is written when the document has errors.
  if (!imported.folder) throw new Error(`${source} has errors; nothing was written:\n${formatDiagnostics(imported.diagnostics)}`);
  const { report, install } = writePlanFolderInWorkspace(tree, directory, imported.folder, {
    force: options.force,
    generator: 'plan:import',
  });
  for (const line of describeReport(report, directory)) logger.warn(line);
  const at = (file: string) => path.posix.join(directory, file);
  return () => {
    install();
    logger.info(
      `Imported ${source} as plan ${name} (${imported.plan!.kind}) in ${directory} (${report.created.length} created, ${report.unchanged.length} unchanged).`,
    );
    if (imported.proven.tasks.length + imported.proven.items.length > 0)
      logger.info(
        `Proven by the ${imported.plan!.kind} kind: ${imported.proven.tasks.length} task(s), ${imported.proven.items.length} item(s); ${imported.proven.unmatchedItems.length} item(s) have no check (unproven until attested).`,
      );
    if (imported.placeholders.length)
      logger.info(`Needs content (placeholders):\n${imported.placeholders.map((p) => `  ${at(p)}`).join('\n')}`);
    if (imported.binaries.length)
      logger.info(`Not created (binary, produced by a task):\n${imported.binaries.map((p) => `  ${at(p)}`).join('\n')}`);
  };
}

export default importGenerator;

/**
 * The document: a workspace path through the Tree, or an absolute path (as `plan import` takes)
 * read through the Tree when it lies in the workspace and from disk otherwise. Either way the size
 * cap is checked before the bytes are read, and the bytes are decoded as strict UTF-8 (importPlan).
 */
function readSource(tree: Tree, file: string): { source: string; markdown: string | Uint8Array } {
  if (/[\u0000-\u001f\u007f-\u009f]/.test(file))
    throw new Error(`The --file path "${escapeControl(file)}" holds a control character: rename the file.`);
  if (path.isAbsolute(file)) {
    const inside = path.relative(tree.root, file);
    if (inside && !inside.startsWith('..') && !path.isAbsolute(inside)) return readSource(tree, inside);
    if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`Cannot read ${file}: no such file.`);
    const source = file.split(path.sep).join('/');
    const read = readSourceFile(file, source, PLAN_DOCUMENT_MAX_BYTES);
    if (read.diagnostic) throw new Error(`${source} cannot be imported; nothing was written:\n${formatDiagnostics([read.diagnostic])}`);
    return { source, markdown: read.text };
  }
  const source = file.split(path.sep).join('/');
  // The Tree reads a whole file: refuse an oversized one on disk before it does.
  const onDisk = path.join(tree.root, source);
  if (existsSync(onDisk) && statSync(onDisk).isFile() && statSync(onDisk).size > PLAN_DOCUMENT_MAX_BYTES) {
    const read = readSourceFile(onDisk, source, PLAN_DOCUMENT_MAX_BYTES);
    if (read.diagnostic) throw new Error(`${source} cannot be imported; nothing was written:\n${formatDiagnostics([read.diagnostic])}`);
  }
  const markdown = tree.read(source);
  if (markdown === null) throw new Error(`Cannot read ${file}: give a PLAN.md path relative to the workspace root, or an absolute path.`);
  return { source, markdown };
}
