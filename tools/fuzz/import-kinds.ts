/**
 * Fuzzes what issue 10's kinds added to `plan import` (generators/import/import-folder.ts): kind
 * inference from stream headings, the kind's proofs applied task by task and item by item, the
 * skill files and placeholders chosen, and the plan folder the one writer writes. Mutates the six
 * seed-001 templates filled with our own values, plus the seed's own templates when ../shared is
 * present, with line edits, headings of other templates, item texts the overlays know, and hostile
 * text; runs the real importFolder() (with and without --scaffold) and planFolderFiles() on each. Fails (exit 1) on an uncaught
 * exception, a result with neither a folder nor a diagnostic, a kind outside PLAN_KINDS, a proof
 * count that does not add up, a written path outside the plan folder, a folder whose plan does
 * not satisfy the schema, or a second import of the same input that differs.
 *
 *   node -r @swc-node/register tools/fuzz/import-kinds.ts [--iterations N] [--seed S]
 */
import { isDeepStrictEqual } from 'node:util';
import { importFolder } from '../../packages/plan/src/generators/import/import-folder';
import { assertSafeRelative } from '../../packages/plan/src/generators/utils/generation-safety';
import { planFolderFiles } from '../../packages/plan/src/generators/utils/plan-folder';
import { TEMPLATE_STREAMS } from '../../packages/plan/src/model/markdown/kind';
import { exampleValues, seedDocuments } from '../../packages/plan/src/model/markdown/seed-documents';
import { PLAN_KINDS } from '../../packages/plan/src/model/plan-schema';
import { FILLED_TEMPLATES } from '../../packages/plan/src/testing/filled-templates';
import { arg, HOSTILE_TEXT, prng } from './lib';

const iterations = arg('iterations', 10000);
const random = prng(arg('seed', 1));
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)];

const seeds = [
  ...FILLED_TEMPLATES.map((t) => ({ name: `filled-${t.template}`, markdown: t.markdown, values: {} as Record<string, string> })),
  ...seedDocuments()
    .filter((d) => d.name.includes('#template-'))
    .map((d) => ({ name: d.name, markdown: d.markdown, values: exampleValues(d.markdown) })),
];
const HEADINGS = Object.values(TEMPLATE_STREAMS).flatMap((t) => [...t!]);
const ITEMS = seeds.flatMap((s) => [...s.markdown.matchAll(/^- \[ \] (.+)$/gm)].map((m) => m[1]));
const TOKENS = [
  '- [ ] ',
  '### Stream Z: ',
  '### Integration 9: X (After Phase 9)',
  '## Success Criteria',
  '(Priority: Critical)',
  '`a.py`',
  '../x',
  '/abs',
];

function mutate(markdown: string): string {
  const lines = markdown.split('\n');
  const edits = 1 + int(4);
  for (let e = 0; e < edits; e++) {
    const at = int(lines.length);
    switch (int(8)) {
      case 0: // a stream heading from any template
        lines[at] = `### Stream ${String.fromCharCode(65 + int(26))}: ${pick(HEADINGS)}`;
        break;
      case 1: // an item any overlay may know, in any scope
        lines.splice(at, 0, `- [ ] ${pick(ITEMS)}`);
        break;
      case 2: // hostile text in an item or heading
        lines.splice(at, 0, pick([`- [ ] ${pick(HOSTILE_TEXT)}`, `### Stream Q: ${pick(HOSTILE_TEXT)}`, pick(HOSTILE_TEXT)]));
        break;
      case 3:
        lines.splice(at, 1);
        break;
      case 4:
        lines.splice(at, 0, lines[int(lines.length)] ?? '');
        break;
      case 5:
        lines[at] = `${lines[at] ?? ''}${pick(TOKENS)}`;
        break;
      case 6: {
        const other = int(lines.length);
        [lines[at], lines[other]] = [lines[other], lines[at]];
        break;
      }
      default:
        lines[at] = (lines[at] ?? '').replace(/[A-Za-z]/, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));
    }
  }
  return lines.join('\n');
}

let uncaught = 0;
let broken = 0;
let withPlan = 0;
let provenItems = 0;
const failures: string[] = [];
const fail = (message: string) => {
  broken++;
  if (failures.length < 10) failures.push(message);
};
const started = Date.now();
for (let i = 0; i < iterations; i++) {
  const seed = pick(seeds);
  const markdown = mutate(seed.markdown);
  try {
    const options = { file: 'PLAN.md', source: 'PLAN.md', name: 'fuzzed', values: seed.values, scaffold: random() < 0.5 };
    const result = importFolder(markdown, options);
    if (!result.folder && result.diagnostics.length === 0) fail(`#${i} ${seed.name}: neither a folder nor a diagnostic`);
    if (!result.folder) continue;
    withPlan++;
    const plan = result.plan!;
    if (!(PLAN_KINDS as readonly string[]).includes(plan.kind)) fail(`#${i} ${seed.name}: kind ${plan.kind}`);
    const items =
      plan.phases.flatMap((p) => p.tasks.flatMap((t) => t.items)).length +
      plan.integrationPoints.flatMap((p) => p.items).length +
      plan.successCriteria.length;
    if (result.proven.items.length + result.proven.unmatchedItems.length !== items)
      fail(`#${i} ${seed.name}: ${result.proven.items.length} proven + ${result.proven.unmatchedItems.length} unmatched != ${items} items`);
    provenItems += result.proven.items.length;
    const files = planFolderFiles(result.folder);
    for (const file of files.keys()) assertSafeRelative(file);
    if (i % 10 === 0) {
      const again = importFolder(markdown, options);
      if (!isDeepStrictEqual([...planFolderFiles(again.folder!)], [...files])) fail(`#${i} ${seed.name}: a second import differs`);
    }
  } catch (error) {
    uncaught++;
    if (failures.length < 10) failures.push(`#${i} ${seed.name}: uncaught ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
}
console.log(
  `import-kinds: ${iterations} inputs from ${seeds.length} documents, ${withPlan} imported (${provenItems} items proven by their kind), ${uncaught} uncaught, ${broken} broken invariants, ${Date.now() - started} ms`,
);
for (const f of failures) console.log(`  ${f}`);
process.exit(uncaught + broken > 0 ? 1 : 0);
