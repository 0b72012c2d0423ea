import { checkRefProblems } from '../checks/check-options';
import { importFolder } from '../generators/import/import-folder';
import { exampleValues, seedDocuments } from '../model/markdown/seed-documents';
import { Item, Plan, PlanSchema } from '../model/plan-schema';
import { mlPlatformKind } from './ml-platform';
import { mobileAppKind } from './mobile-app';
import { overlayText } from './overlay';

const KINDS = [mobileAppKind, mlPlatformKind];
const items = (plan: Plan): { scope: 'stream' | 'integration' | 'success'; item: Item }[] => [
  ...plan.phases.flatMap((p) => p.tasks.flatMap((t) => t.items.map((item) => ({ scope: 'stream' as const, item })))),
  ...plan.integrationPoints.flatMap((p) => p.items.map((item) => ({ scope: 'integration' as const, item }))),
  ...plan.successCriteria.map((item) => ({ scope: 'success' as const, item })),
];

describe.each(KINDS.map((k) => [k.kind, k] as const))('kind %s (template + overlay)', (kind, module) => {
  const plan = PlanSchema.parse(
    module.plan(module.context({ name: 'demo', title: 'Demo "App"', description: 'What it does.\n# not a heading' })),
  );

  it('renders its template as a valid plan of its kind, title and overview as given, every check a known check with valid options', () => {
    expect(plan).toMatchObject({ kind, name: 'demo', title: 'Demo "App"', overview: 'What it does.\n# not a heading' });
    expect(plan.phases.flatMap((p) => p.tasks.map((t) => t.title))).toEqual([...module.streamTitles]);
    for (const { item } of items(plan)) for (const check of item.checks) expect(checkRefProblems(check.uses, check.with)).toEqual([]);
  });

  it('every overlay entry proves at least one item of its template; the other items have no check', () => {
    const overlay = module.overlay(module.context({ name: 'demo' }));
    for (const entry of overlay) {
      const hits = items(plan).filter(
        ({ scope, item }) => scope === entry.scope && new RegExp(entry.match.source, 'i').test(overlayText(item.text)),
      );
      expect([entry.match.source, hits.length > 0]).toEqual([entry.match.source, true]);
    }
    const proven = items(plan).filter(({ item }) => item.checks.length > 0 || item.unprovable);
    expect(proven.length).toBeGreaterThanOrEqual(overlay.length);
    expect(items(plan).filter(({ item }) => item.checks.length === 0 && !item.unprovable).length).toBeGreaterThan(0);
  });

  it('refuses bad options naming them', () => {
    expect(() => module.context({ name: 'Demo' })).toThrow(/^Invalid name "Demo"/);
    expect(() => module.context({ name: 'demo', contractHours: 'soon' })).toThrow(/^Invalid --contractHours "soon"/);
    expect(() => module.context({ name: 'demo', title: 'a\nb' })).toThrow(/^Invalid --title/);
  });
});

const templates = seedDocuments().filter((d) => /#template-[35]$/.test(d.name));
const describeSeed = templates.length ? describe : describe.skip;

describeSeed('import of seed 001 Templates 3 and 5 applies the overlay item by item (../shared/seeds)', () => {
  it.each(templates.map((t) => [t.name, t.markdown] as const))('%s', (_, markdown) => {
    const imported = importFolder(markdown, { file: 'PLAN.md', source: 'PLAN.md', name: 'seed', values: exampleValues(markdown) });
    expect(imported.diagnostics).toEqual([]);
    const plan = imported.plan!;
    const module = KINDS.find((k) => k.kind === plan.kind)!;
    expect(module).toBeDefined();
    const withCheck = items(plan).filter(({ item }) => item.checks.length > 0);
    expect(imported.proven.items.length).toBeGreaterThan(0);
    expect(imported.proven.unmatchedItems.length).toBeGreaterThan(0);
    expect(imported.proven.items.length + imported.proven.unmatchedItems.length).toBe(items(plan).length);
    // The files proven items create are placeholders to fill, listed as such.
    for (const { item } of withCheck) for (const file of item.files) expect(imported.placeholders).toContain(file.path);
    expect(imported.folder!.files.get('contracts/openapi.yaml')).toMatch(/Placeholder created by `plan import`/);
  });
});
