import { logger, Tree } from '@nx/devkit';
import * as path from 'node:path';
import { formatDiagnostics } from '../../model/diagnostics';
import { importPlan } from '../../model/markdown/import-plan';
import { pluginVersion } from '../../utils/package-info';
import { applyGeneratedFiles, describeReport } from '../utils/generation-safety';
import { registerPlugin } from '../utils/register-plugin';
import { applySkillTemplates } from './skill-templates';
import { ImportGeneratorSchema } from './schema';

/** `nx g plan:import --file=PLAN.md`: the same import as `plan import`, through the Nx Tree. */
export async function importGenerator(tree: Tree, options: ImportGeneratorSchema): Promise<() => void> {
  const source = options.file.split(path.sep).join('/');
  const markdown = tree.read(source, 'utf-8');
  if (markdown === null) throw new Error(`Cannot read ${options.file}: give a PLAN.md path relative to the workspace root.`);
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
  const imported = importPlan(markdown, { file: source, name, values, ...(options.kind ? { kind: options.kind } : {}) });
  if (!imported.plan) {
    // Nothing is written when the document has errors.
    throw new Error(`${source} has errors; nothing was written:\n${formatDiagnostics(imported.diagnostics)}`);
  }
  // A file name with a control character cannot be written on any file system (NUL) or shown
  // faithfully; the document has to name it differently.
  for (const file of imported.files) {
    const bad = [...file.path].find((c) => /[\u0000-\u001f\u007f-\u009f]/.test(c));
    if (bad)
      throw new Error(
        `${source} has errors; nothing was written:\n${source}: the file path ${JSON.stringify(file.path)} holds the control character U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}: rename the file in the document.`,
      );
  }
  const result = applySkillTemplates(imported, { source, python: options.python });
  const files = new Map(result.files.map((f) => [f.path, f.content]));
  const report = applyGeneratedFiles(tree, directory, files, { force: options.force, generator: 'plan:import', version: pluginVersion() });
  registerPlugin(tree);
  for (const line of describeReport(report, directory)) logger.warn(line);
  const placeholders = result.files.filter((f) => f.placeholder).map((f) => path.posix.join(directory, f.path));
  return () => {
    logger.info(
      `Imported ${source} as plan ${name} in ${directory} (${report.created.length} created, ${report.unchanged.length} unchanged).`,
    );
    if (placeholders.length) logger.info(`Needs content (placeholders):\n${placeholders.map((p) => `  ${p}`).join('\n')}`);
    if (result.binaries.length)
      logger.info(
        `Not created (binary, produced by a task):\n${result.binaries.map((p) => `  ${path.posix.join(directory, p)}`).join('\n')}`,
      );
  };
}

export default importGenerator;
