import { GeneratorCallback, logger, Tree } from '@nx/devkit';
import * as path from 'node:path';
import type { z } from 'zod';
import type { KindModule } from '../../kinds/kind-module';
import { describeReport } from './generation-safety';
import { kindPlanFolder, writePlanFolderInWorkspace } from './plan-folder';

/** Options every kind generator takes besides its kind's own. */
export interface KindGeneratorBaseOptions {
  name: string;
  directory?: string;
  force?: boolean;
  /** Accepted for compatibility; generated files are already formatted. */
  skipFormat?: boolean;
}

/**
 * `nx g plan:<kind> <name>` for any kind: the options checked by the kind's schema (an error names
 * the option), the context derived, the folder written by the one writer, next steps logged.
 * A generator entry is `export default kindGenerator(myKind)`.
 */
export function kindGenerator<O, C, S extends KindGeneratorBaseOptions = KindGeneratorBaseOptions & Partial<O>>(kind: KindModule<O, C>) {
  return async function generate(tree: Tree, options: S): Promise<GeneratorCallback> {
    const { options: checked, directory } = normalizeKindOptions(kind, options);
    const context = kind.context(checked);
    const generator = `plan:${kind.kind}`;
    const { report, install } = writePlanFolderInWorkspace(tree, directory, kindPlanFolder(kind, context), {
      force: options.force,
      generator,
    });
    for (const line of describeReport(report, directory)) logger.warn(line);
    return () => {
      install();
      logger.info(
        `Plan ${(checked as { name?: string }).name ?? options.name} in ${directory}: ${report.created.length} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.keptUserChanges.length} kept.`,
      );
      for (const line of kind.nextSteps?.(context, directory) ?? []) logger.info(line);
    };
  };
}

/** The name trimmed, the options through the kind's schema, the directory inside the workspace. */
export function normalizeKindOptions<O>(
  kind: Pick<KindModule<O>, 'optionsSchema'>,
  options: KindGeneratorBaseOptions,
): { options: O; directory: string } {
  const name = String(options.name ?? '').trim();
  const parsed = kind.optionsSchema.safeParse({ ...options, name });
  if (!parsed.success) throw new Error(optionErrors(parsed.error));
  const given = typeof options.directory === 'string' ? options.directory : name;
  const directory = path.posix.normalize(given.split(path.sep).join('/')).replace(/\/$/, '');
  if (directory.startsWith('..') || path.posix.isAbsolute(directory))
    throw new Error(`Invalid directory "${options.directory}": give a folder inside the workspace.`);
  return { options: parsed.data, directory: directory === '' ? '.' : directory };
}

/** One line per problem, naming the option (`Invalid --schemaName ...`); a message of the kind's own rules as it is. */
export function optionErrors(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const option = issue.path.filter((p) => typeof p !== 'symbol').join('.');
      return option ? `Invalid --${option}: ${issue.message}` : issue.message;
    })
    .join('\n');
}
