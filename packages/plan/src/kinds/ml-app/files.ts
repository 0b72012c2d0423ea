import { generateDdl } from '../../checks/validate-schema/ddl';
import { parseTableSpec, tableSpecJsonSchema } from '../../checks/validate-schema/table-spec';
import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { MlAppContext } from './context';

/** The skill template folders (templates/skills/<skill>/) an ML application is made of. */
export const ML_APP_SKILLS = ['table-spec', 'ml-fastapi', 'mage-pipeline', 'h2o-training', 'ml-container'] as const;

/** Every skill file of an ml-app plan folder (not plan.yaml, PLAN.md or project.json). Pure: same context, same bytes. */
export function mlAppSkillFiles(ctx: MlAppContext): Map<string, string> {
  const data = { ...ctx };
  const substitutions = { schemaName: ctx.schemaName, pipelineName: ctx.pipelineName, modelName: ctx.modelName };
  const files = new Map<string, string>();
  for (const skill of ML_APP_SKILLS) {
    for (const [file, content] of renderTemplateDir(templatesDir('skills', skill), data, substitutions)) {
      // Skills share the plan folder: two writing one file would make the result depend on order.
      if (files.has(file)) throw new Error(`plan: the skills of ml-app both write ${file} (templates/skills/${skill})`);
      files.set(file, content);
    }
  }
  const spec = parseTableSpec(JSON.parse(files.get(ctx.paths.schemaJson)!));
  if (!spec.spec)
    throw new Error(`templates/skills/table-spec renders an invalid table spec: ${spec.issues.map((i) => i.message).join('; ')}`);
  files.set(ctx.paths.schemaSql, generateDdl(spec.spec));
  // The spec's "$schema" points here, so editors complete and check schemas/*.json.
  files.set('schemas/table-spec.schema.json', JSON.stringify(tableSpecJsonSchema(), null, 2) + '\n');
  return files;
}
