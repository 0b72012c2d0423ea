import { ImportedFile, ImportPlanResult, planYaml } from '../../model/markdown/import-plan';
import { allTasks, Plan } from '../../model/plan-schema';
import { renderPlanMarkdown } from '../../model/render-markdown';
import { buildContext, MlAppInputLabels } from '../ml-app/domain';
import { mlAppFiles } from '../ml-app/ml-app';
import { mlAppPlan } from '../ml-app/preset';

/**
 * Where an imported plan's skills have templates, real files replace the placeholders and the
 * skills' checks replace the ones read from verification lines. Today that is seed 000's ML
 * skills: a plan of kind ml-app whose tasks carry the preset's keys gets exactly what
 * `nx g plan:ml-app` would write for the same variables.
 */
export function applySkillTemplates(result: ImportPlanResult, options: { source: string; python?: string }): ImportPlanResult {
  const plan = result.plan;
  if (!plan || plan.kind !== 'ml-app') return result;
  const vars = plan.variables ?? {};
  // A filled document has no variables left: the names are in the files its tasks create.
  const paths = allTasks(plan).flatMap((t) => t.files.map((f) => f.path));
  const fromPath = (pattern: RegExp) => paths.map((p) => pattern.exec(p)?.[1]).find((v) => v !== undefined);
  const ctx = buildContext(
    {
      name: plan.name,
      projectName: vars.project_name ?? plan.title,
      projectDescription: vars.project_description ?? plan.overview,
      functionalRequirements: vars.functional_requirements,
      nonFunctionalRequirements: vars.non_functional_requirements,
      constraints: vars.constraints,
      additionalNotes: vars.additional_notes ?? plan.notes,
      schemaName: snakeOrUndefined(vars.schema_name ?? fromPath(/^schemas\/([^/]+)\.json$/)),
      pipelineName: snakeOrUndefined(vars.pipeline_name ?? fromPath(/^pipelines\/([^/]+)\/metadata\.yaml$/)),
      modelName: snakeOrUndefined(vars.model_name ?? fromPath(/^models\/([^/]+)\.zip$/)),
    },
    IMPORT_LABELS,
  );
  const preset = mlAppPlan(ctx, { python: options.python });
  const presetTasks = new Map(preset.phases.flatMap((p) => p.tasks ?? []).map((t) => [t.key, t]));
  const tasks = allTasks(plan);
  if (!tasks.every((t) => presetTasks.has(t.key))) return result;

  // The skills' checks and inputs (and produced-by hints) for tasks the preset knows.
  const merged: Plan = structuredClone(plan);
  for (const task of allTasks(merged)) {
    const skill = presetTasks.get(task.key)!;
    task.checks = (skill.checks ?? []).map((c) => ({ uses: c.uses, ...(c.with ? { with: c.with } : {}) }));
    if (skill.inputs) task.inputs = skill.inputs;
    task.files = task.files.map((f) => ({
      ...f,
      ...(skill.files?.find((s) => s.path === f.path && s.producedBy)
        ? { producedBy: skill.files!.find((s) => s.path === f.path)!.producedBy }
        : {}),
    }));
  }
  const templates = mlAppFiles(ctx, { python: options.python });
  const files: ImportedFile[] = [];
  for (const file of result.files) {
    if (file.path === 'plan.yaml') files.push({ ...file, content: planYaml(merged, options.source) });
    else if (file.path === 'PLAN.md') files.push({ ...file, content: renderPlanMarkdown(merged) });
    else if (templates.has(file.path)) files.push({ path: file.path, content: templates.get(file.path)!, placeholder: false });
    else {
      // A folder placeholder (x/README.md): the template's files inside that folder instead.
      const folder = file.path.replace(/README\.md$/, '');
      const inside = [...templates.keys()].filter((p) => folder !== file.path && p.startsWith(folder));
      if (inside.length) for (const p of inside) files.push({ path: p, content: templates.get(p)!, placeholder: false });
      else files.push(file);
    }
  }
  // Files the skills need beyond the ones the plan lists (package markers, requirements, the train target).
  const listed = new Set(files.map((f) => f.path));
  for (const [p, content] of templates) {
    if (!listed.has(p) && p !== 'plan.yaml' && p !== 'PLAN.md') files.push({ path: p, content, placeholder: false });
  }
  return { ...result, plan: merged, files };
}

function snakeOrUndefined(value: string | undefined): string | undefined {
  return value && /^[a-z][a-z0-9_]*$/.test(value) ? value : undefined;
}

/** Where an imported ML plan's values come from, for errors: the document or `--var`. */
const IMPORT_LABELS: MlAppInputLabels = {
  name: 'plan name',
  projectName: 'project_name (the document title or --var project_name)',
  projectDescription: 'project_description (## Overview or --var project_description)',
  functionalRequirements: 'functional_requirements (--var)',
  nonFunctionalRequirements: 'non_functional_requirements (--var)',
  constraints: 'constraints (--var)',
  additionalNotes: 'additional_notes (## Notes or --var additional_notes)',
  schemaName: 'schema_name',
  pipelineName: 'pipeline_name',
  modelName: 'model_name',
};
