import { kindModules } from '../../kinds/registry';
import { PlanSchema } from '../../model/plan-schema';
import { renderPlanMarkdown } from '../../model/render-markdown';
import { importFolder } from './import-folder';

/**
 * Import of a kind's own template (rendered to Markdown, as a user would fill it): per item, the
 * overlay's checks; the files of proven items are marked placeholders by default, so nothing is
 * verified before any work, and the kind's skill files with --scaffold.
 */
const streamKinds = kindModules().filter((k) => k.streamTitles.length > 0 && k.files(k.context({ name: 'demo' } as never)).size > 0);

describe.each(streamKinds.map((k) => [k.kind, k] as const))('import of the %s template', (kind, module) => {
  const context = module.context({ name: 'demo' } as never);
  const markdown = renderPlanMarkdown(PlanSchema.parse(module.plan(context)));
  const options = { file: 'PLAN.md', source: 'PLAN.md', name: 'demo' };

  it('is inferred as its kind and every item its overlay knows gets its checks', () => {
    const imported = importFolder(markdown, options);
    expect(imported.diagnostics).toEqual([]);
    expect(imported.plan!.kind).toBe(kind);
    const own = PlanSchema.parse(module.plan(context));
    const checksOf = (plan: typeof own) => plan.phases.flatMap((p) => p.tasks.flatMap((t) => t.items.map((i) => [i.id, i.checks])));
    expect(checksOf(imported.plan!)).toEqual(checksOf(own));
  });

  it('writes marked placeholders for the files its items create, and the skill files with --scaffold', () => {
    const skill = module.files(context);
    const plain = importFolder(markdown, options);
    const scaffolded = importFolder(markdown, { ...options, scaffold: true });
    const itemFiles = plain.plan!.phases.flatMap((p) => p.tasks.flatMap((t) => t.items.flatMap((i) => i.files.map((f) => f.path))));
    const rendered = itemFiles.filter((f) => skill.has(f));
    expect(rendered.length).toBeGreaterThan(0);
    for (const file of rendered) {
      expect([file, plain.folder!.files.get(file)]).toEqual([file, expect.stringMatching(/[Pp]laceholder/)]);
      expect(plain.placeholders).toContain(file);
      expect([file, scaffolded.folder!.files.get(file) === skill.get(file)]).toEqual([file, true]);
      expect(scaffolded.placeholders).not.toContain(file);
    }
  });
});
