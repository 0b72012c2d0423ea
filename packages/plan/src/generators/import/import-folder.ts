import { PlanDiagnostic } from '../../model/diagnostics';
import { importPlan, ImportPlanOptions, planYaml } from '../../model/markdown/import-plan';
import { placeholderFor } from '../../model/markdown/placeholders';
import { allTasks, Plan, PlanSchema } from '../../model/plan-schema';
import { applyOverlay, itemFiles } from '../../kinds/overlay';
import { kindModule } from '../../kinds/registry';
import type { PlanFolder } from '../utils/plan-folder';

/**
 * The pure core of `plan import` and `nx g plan:import`: a Markdown plan → the plan folder the one
 * writer writes (utils/plan-folder.ts). Where the plan's kind has a module (kinds/registry.ts),
 * its proofs apply piece by piece: tasks its own plan has (same key) get its checks; checklist
 * items its overlay matches get their checks and files; the skill files those pieces create
 * replace the placeholders of files the document lists (all of them with `scaffold`). Everything
 * else keeps no check (unproven) and a marked placeholder.
 */
export interface ImportedFolder {
  plan?: Plan;
  diagnostics: PlanDiagnostic[];
  folder?: PlanFolder;
  /** Plan-relative files that are marked placeholders and need content. */
  placeholders: string[];
  /** Files the plan creates that get no placeholder (binary: archives, models). */
  binaries: string[];
  /** Tasks and items that got their kind's proof, and items that stay without a check. */
  proven: { tasks: string[]; items: string[]; unmatchedItems: string[] };
}

export function importFolder(
  markdown: string | Uint8Array,
  options: ImportPlanOptions & {
    source: string;
    python?: string;
    /** Also write the skill files of proven items the document does not list (else: marked placeholders). */
    scaffold?: boolean;
  },
): ImportedFolder {
  const imported = importPlan(markdown, options);
  const none = { tasks: [], items: [], unmatchedItems: [] };
  if (!imported.plan) return { diagnostics: imported.diagnostics, placeholders: [], binaries: [], proven: none };
  const problem = controlCharacterPath(
    imported.files.map((f) => f.path),
    markdown,
    options.file,
  );
  if (problem) return { diagnostics: [problem], placeholders: [], binaries: [], proven: none };
  const placeholderFiles = imported.files.filter((f) => f.placeholder);
  const plain: ImportedFolder = {
    plan: imported.plan,
    diagnostics: [],
    folder: {
      plan: imported.plan,
      planYaml: planYaml(imported.plan, options.source),
      files: new Map(placeholderFiles.map((f) => [f.path, f.content])),
    },
    placeholders: placeholderFiles.map((f) => f.path),
    binaries: imported.binaries,
    proven: { ...none, unmatchedItems: itemsOf(imported.plan).map((i) => i.id ?? i.text) },
  };
  return withKindProofs(plain, options);
}

function withKindProofs(plain: ImportedFolder, options: { source: string; python?: string; scaffold?: boolean }): ImportedFolder {
  const plan = plain.plan!;
  const kind = kindModule(plan.kind);
  const context = kind?.contextFromPlan(plan, plan.variables ?? {}, { python: options.python });
  if (!kind || context === undefined) return plain;
  const own = PlanSchema.parse(kind.plan(context));
  const ownTasks = new Map(allTasks(own).map((t) => [t.key, t]));

  const merged: Plan = structuredClone(plan);
  const provenTasks: string[] = [];
  for (const task of allTasks(merged)) {
    const known = ownTasks.get(task.key);
    if (!known || known.checks.length === 0) continue;
    task.checks = known.checks.map((c) => ({ uses: c.uses, ...(c.with ? { with: c.with } : {}) }));
    if (known.inputs) task.inputs = known.inputs;
    task.files = task.files.map((f) => {
      const producedBy = known.files.find((k) => k.path === f.path)?.producedBy;
      return producedBy ? { ...f, producedBy } : f;
    });
    provenTasks.push(task.key);
  }
  const overlaid = applyOverlay(merged, kind.overlay(context));
  if (provenTasks.length === 0 && overlaid.matched.length === 0) return plain;

  // Skill files: those the proven tasks and items create, and those no piece of the kind's own
  // plan claims (package markers, requirements): they support every skill.
  const created = [
    ...allTasks(overlaid.plan)
      .filter((t) => provenTasks.includes(t.key))
      .flatMap((t) => t.files.map((f) => f.path)),
    ...itemFiles(overlaid.plan),
  ];
  const claimed = [...allTasks(own).flatMap((t) => t.files.map((f) => f.path)), ...itemFiles(own)];
  // A skill file replaces what the document itself lists (seed 000's Files); files only the overlay
  // knows are placeholders, so nothing is verified before any work, unless --scaffold asks for them.
  const listed = allTasks(plan).flatMap((t) => t.files.map((f) => f.path));
  const rendered = [...kind.files(context)];
  const chosen = rendered.filter(([file]) => covers(claimed, file) && covers(created, file) && (options.scaffold || covers(listed, file)));
  // Files no piece claims (package markers, requirements) support the chosen ones.
  const skillFiles = new Map(chosen.length ? [...chosen, ...rendered.filter(([file]) => !covers(claimed, file))] : []);

  const files = new Map<string, string>();
  const placeholders: string[] = [];
  for (const file of plain.placeholders) {
    const folder = file.endsWith('/README.md') ? file.slice(0, -'README.md'.length) : undefined;
    // A folder's placeholder (x/README.md) gives way to the skill files inside that folder.
    if (skillFiles.has(file) || (folder && [...skillFiles.keys()].some((p) => p.startsWith(folder)))) continue;
    files.set(file, plain.folder!.files.get(file)!);
    placeholders.push(file);
  }
  for (const [file, content] of skillFiles) files.set(file, content);
  // Files a proven item creates that no skill renders yet: marked placeholders, like the plan's own.
  for (const file of created) {
    if (covers([...files.keys()], file) || [...files.keys()].some((p) => file.endsWith('/') && p.startsWith(file))) continue;
    const placeholder = placeholderFor(file);
    if (!placeholder || files.has(placeholder.path)) continue;
    files.set(placeholder.path, placeholder.content);
    placeholders.push(placeholder.path);
  }
  const projectTargets = kind.projectTargets?.(context);
  const packageDependencies = kind.packageDependencies?.(context);
  return {
    ...plain,
    plan: overlaid.plan,
    folder: {
      plan: overlaid.plan,
      planYaml: planYaml(overlaid.plan, options.source),
      files,
      ...(projectTargets ? { projectTargets } : {}),
      ...(packageDependencies ? { packageDependencies } : {}),
    },
    placeholders,
    proven: { tasks: provenTasks, items: overlaid.matched, unmatchedItems: overlaid.unmatched },
  };
}

/** Whether `file` is one of `paths` or inside one of its folders (a trailing / names a folder). */
function covers(paths: string[], file: string): boolean {
  return paths.some((p) => p === file || (p.endsWith('/') && file.startsWith(p)));
}

function itemsOf(plan: Plan) {
  return [...allTasks(plan).flatMap((t) => t.items), ...plan.integrationPoints.flatMap((p) => p.items), ...plan.successCriteria];
}

/**
 * A file name with a control character cannot be written on any file system (NUL) or shown
 * faithfully; the document has to name it differently. Located where the document writes it.
 */
function controlCharacterPath(paths: string[], markdown: string | Uint8Array, file: string): PlanDiagnostic | undefined {
  for (const path of paths) {
    const bad = [...path].find((c) => /[\u0000-\u001f\u007f-\u009f]/.test(c));
    if (!bad) continue;
    const text = typeof markdown === 'string' ? markdown : new TextDecoder().decode(markdown);
    const at = text.indexOf(path);
    const before = at < 0 ? '' : text.slice(0, at);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const code = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const message = `the file path ${JSON.stringify(path)} holds the control character U+${code}: rename the file in the document.`;
    return { code: 'markdown', file, line, column, message };
  }
  return undefined;
}
