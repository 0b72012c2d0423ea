import { stringify } from 'yaml';
import { PlanDiagnostic } from '../diagnostics';
import { Plan, PlanKind } from '../plan-schema';
import { renderPlanMarkdown } from '../render-markdown';
import { parsePlanMarkdown } from './parse-markdown';
import { placeholderFor } from './placeholders';

/**
 * The pure core of `plan import` and the `plan:import` generator: Markdown → Plan → the files to
 * write (plan.yaml, the re-rendered PLAN.md, and a marked placeholder for every file the plan
 * creates). Writes nothing itself; with any diagnostic there is no plan and no file.
 */

export interface ImportPlanOptions {
  /** The Markdown file as shown in diagnostics. */
  file: string;
  name: string;
  values?: Record<string, string>;
  kind?: PlanKind;
}

export interface ImportedFile {
  /** Relative to the plan folder. */
  path: string;
  content: string;
  /** A placeholder that needs content (not plan.yaml or PLAN.md). */
  placeholder: boolean;
}

export interface ImportPlanResult {
  plan?: Plan;
  diagnostics: PlanDiagnostic[];
  files: ImportedFile[];
  /** Files the plan creates that get no placeholder (binary: archives, models) and need content. */
  binaries: string[];
}

export const PLAN_YAML = 'plan.yaml';
export const PLAN_MD = 'PLAN.md';

export function importPlan(markdown: string | Uint8Array, options: ImportPlanOptions): ImportPlanResult {
  const { plan, diagnostics } = parsePlanMarkdown(markdown, options);
  if (!plan) return { diagnostics, files: [], binaries: [] };
  const files: ImportedFile[] = [
    { path: PLAN_YAML, content: planYaml(plan, options.file), placeholder: false },
    { path: PLAN_MD, content: renderPlanMarkdown(plan), placeholder: false },
  ];
  const binaries: string[] = [];
  const taken = new Set(files.map((f) => f.path));
  for (const task of plan.phases.flatMap((p) => p.tasks)) {
    for (const entry of task.files) {
      if (entry.action !== 'create') continue;
      const placeholder = placeholderFor(entry.path.replace(/^\.\//, ''));
      if (!placeholder) {
        if (!binaries.includes(entry.path)) binaries.push(entry.path);
        continue;
      }
      if (taken.has(placeholder.path)) continue;
      taken.add(placeholder.path);
      files.push({ ...placeholder, placeholder: true });
    }
  }
  return { plan, diagnostics: [], files, binaries };
}

/** plan.yaml without the keys the schema fills by default, so it reads like a hand-written one. */
export function planYaml(plan: Plan, source: string): string {
  const compact = (value: Record<string, unknown>, keys: string[]) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (keys.includes(k) && Array.isArray(v) && v.length === 0) continue;
      out[k] = v;
    }
    return out;
  };
  const item = (i: Plan['successCriteria'][number]) => ({
    ...(i.id ? { id: i.id } : {}),
    text: i.text,
    ...(i.priority ? { priority: i.priority } : {}),
    ...(i.done ? { done: true } : {}),
    ...(i.checks.length ? { checks: i.checks } : {}),
    ...(i.files.length ? { files: i.files } : {}),
    ...(i.inputs ? { inputs: i.inputs } : {}),
    ...(i.unprovable ? { unprovable: i.unprovable } : {}),
  });
  const data = compact(
    {
      ...plan,
      phases: plan.phases.map((phase) => ({
        ...phase,
        tasks: phase.tasks.map((task) =>
          compact({ ...task, items: task.items.map(item) }, ['dependsOn', 'files', 'checks', 'done', 'items']),
        ),
      })),
      integrationPoints: plan.integrationPoints.map((p) => compact({ ...p, items: p.items.map(item) }, ['after', 'items'])),
      successCriteria: plan.successCriteria.map(item),
    },
    ['integrationPoints', 'successCriteria'],
  );
  const header = `# Imported from ${source.replace(/\\/g, '/').replace(/[\r\n]/g, ' ')} by \`plan import\`. PLAN.md is rendered from this file.\n`;
  return header + stringify(data, { lineWidth: 0 });
}
