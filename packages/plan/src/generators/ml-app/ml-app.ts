import { logger, Tree } from '@nx/devkit';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { generateDdl } from '../../checks/validate-schema/ddl';
import { parseTableSpec, tableSpecJsonSchema } from '../../checks/validate-schema/table-spec';
import { PlanSchema } from '../../model/plan-schema';
import { renderPlanMarkdown } from '../../model/render-markdown';
import { pluginVersion } from '../../utils/package-info';
import { applyGeneratedFiles, describeReport } from '../utils/generation-safety';
import { registerPlugin } from '../utils/register-plugin';
import { renderTemplateDir } from '../utils/render-templates';
import { templatesDir } from '../utils/templates-dir';
import { buildContext, checkMlAppInput, MlAppContext } from './domain';
import { mlAppPlan } from './preset';
import { MlAppGeneratorSchema } from './schema';

/** `nx g plan:ml-app <name>`: seed 000 as plan.yaml + PLAN.md, with every task's files. */
export async function mlAppGenerator(tree: Tree, options: MlAppGeneratorSchema): Promise<() => void> {
  const normalized = normalizeOptions(options);
  const ctx = buildContext(normalized);
  const files = mlAppFiles(ctx, { python: options.python });
  const root = normalized.directory;
  const report = applyGeneratedFiles(tree, root, files, { force: options.force, generator: 'plan:ml-app', version: pluginVersion() });
  registerPlugin(tree);
  for (const line of describeReport(report, root)) logger.warn(line);
  return () => {
    logger.info(
      `Plan ${ctx.name} in ${root}: ${report.created.length} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.keptUserChanges.length} kept.`,
    );
    logger.info(`Next: nx run-many -t verify -p ${ctx.name}   (the mojo task needs a model: nx run ${ctx.name}:train)`);
  };
}

export default mlAppGenerator;

export interface NormalizedMlAppOptions extends MlAppGeneratorSchema {
  directory: string;
}

export function normalizeOptions(options: MlAppGeneratorSchema): NormalizedMlAppOptions {
  const name = (options.name ?? '').trim();
  // Names and text are checked by the one set of rules every ML generator uses (domain.ts).
  checkMlAppInput({ ...options, name });
  const directory = path.posix.normalize((options.directory ?? name).split(path.sep).join('/')).replace(/\/$/, '');
  if (directory.startsWith('..') || path.posix.isAbsolute(directory)) {
    throw new Error(`Invalid directory "${options.directory}": give a folder inside the workspace.`);
  }
  return { ...options, name, directory: directory === '' ? '.' : directory };
}

/** Every file of the plan folder, as plan-relative path → content. Pure: same input, same bytes. */
export function mlAppFiles(ctx: MlAppContext, options: { python?: string } = {}): Map<string, string> {
  const files = renderTemplateDir(
    templatesDir('ml-app'),
    { ...ctx },
    { schemaName: ctx.schemaName, pipelineName: ctx.pipelineName, modelName: ctx.modelName },
  );
  const spec = parseTableSpec(JSON.parse(files.get(ctx.paths.schemaJson)!));
  if (!spec.spec) throw new Error(`templates/ml-app renders an invalid table spec: ${spec.issues.map((i) => i.message).join('; ')}`);
  files.set(ctx.paths.schemaSql, generateDdl(spec.spec));
  // The spec's "$schema" points here, so editors complete and check schemas/*.json.
  files.set('schemas/table-spec.schema.json', JSON.stringify(tableSpecJsonSchema(), null, 2) + '\n');
  const planInput = mlAppPlan(ctx, options);
  const plan = PlanSchema.parse(planInput);
  files.set(
    'plan.yaml',
    `# yaml-language-server: $schema=https://unpkg.com/plan/plan.schema.json\n${stringify(planInput, { lineWidth: 0 })}`,
  );
  files.set('PLAN.md', renderPlanMarkdown(plan));
  // Task results (.plan/results) are Nx outputs, not sources.
  const ignore = files.get('.gitignore') ?? '';
  if (!/^\.plan\/$/m.test(ignore)) files.set('.gitignore', `${ignore}${ignore && !ignore.endsWith('\n') ? '\n' : ''}.plan/\n`);
  files.set('project.json', JSON.stringify(trainProject(ctx), null, 2) + '\n');
  return files;
}

/** Non-task targets next to the inferred ones (Nx merges project.json with createNodes). */
function trainProject(ctx: MlAppContext) {
  return {
    name: ctx.name,
    targets: {
      train: {
        command: `python3 ${ctx.paths.trainScript} --config ${ctx.paths.mlConfig}`,
        options: { cwd: '{projectRoot}' },
        cache: false,
        metadata: { description: `Train with H2O and export the MOJO to ${ctx.paths.model} (needs Java and h2o<=3.46.0.11)` },
      },
    },
  };
}
