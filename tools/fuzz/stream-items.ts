/**
 * Fuzzes what issue 10 added to loading a plan: item ids (assigned and written), duplicate ids,
 * item checks and their paths, integration points' `after`, and what is built from a loaded plan
 * (units, their dependencies, the Nx targets, the status with items). Mutates stream plans with
 * line edits and item-aware tokens; loads each as `plan validate` does, then, for a valid plan,
 * builds the Nx project and the status text. Fails (exit 1) on any uncaught exception, a result
 * with neither a plan nor a diagnostic, a diagnostic without a position, a valid plan with two
 * items of one id, or a target depending on a target that does not exist.
 *
 *   node -r @swc-node/register tools/fuzz/stream-items.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCheckedPlanFile } from '../../packages/plan/src/checks/check-options';
import { formatStatus, planStatus } from '../../packages/plan/src/checks/plan-status';
import { planUnits } from '../../packages/plan/src/model/items';
import { createNodesForPlanFiles } from '../../packages/plan/src/plugins/plugin';
import { SHOP_EVIDENCE, SHOP_STREAMS } from '../../packages/plan/src/testing/stream-plans';
import { arg, HOSTILE_TEXT, prng } from './lib';

const iterations = arg('iterations', 10000);
const random = prng(arg('seed', 1));
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)];

/**
 * The seeds: the specs' stream plans, and one of them with what only the fuzzer needs on top (an
 * item's inputs, an integration point after a task key and a task id, one with no items, written
 * integration and success ids).
 */
const RICHER = SHOP_STREAMS.replace('          - text: Publish it\n', '          - text: Publish it\n            inputs: [mock/]\n')
  .replace('    title: Ready\n', '    title: Ready\n    after: [backend, B]\n')
  .replace('{ text: Services healthy }', '{ id: integration-1.9, text: Services healthy }')
  .replace('successCriteria:\n', '  - id: "3"\n    title: Final\n    items: []\nsuccessCriteria:\n')
  .replace('  - text: Tests cover the PRD\n', '  - id: success.5\n    text: Tests cover the PRD\n');
const SEEDS = [SHOP_STREAMS, SHOP_EVIDENCE, RICHER];
if (RICHER.split('\n').length !== SHOP_STREAMS.split('\n').length + 6)
  throw new Error('the richer seed lost an edit: SHOP_STREAMS changed');

const TOKENS = [
  'id: A.1',
  'id: A.7',
  'id: success.1',
  'id: integration-1.1',
  'id: "1"',
  'id: 1.x',
  'after: [Phase 9]',
  'after: [Phase 2, nope]',
  'after: []',
  'after: ["phase 1"]',
  'unprovable: ',
  'items: []',
  '- text: New item',
  '- { id: B.1, text: dup }',
  'checks: [{ uses: files-exist, with: { paths: [../x] } }]',
  'checks: [{ uses: command, with: { command: "echo", paths: [/abs] } }]',
  'checks: [{ uses: nope }]',
  'files: [{ path: "a b/" }]',
  'inputs: [..]',
  'priority: urgent',
  ': ',
  '- ',
  '  ',
  '#',
  '{',
  '[',
  '"',
  ...HOSTILE_TEXT,
];

function mutate(text: string): string {
  let lines = text.split('\n');
  for (let round = 1 + int(2); round > 0; round--) {
    const op = int(6);
    const i = int(lines.length);
    if (op === 0) lines.splice(i, 0, ...lines.slice(i, i + 1 + int(6)));
    else if (op === 1) lines.splice(i, 1 + int(3));
    else if (op === 2) [lines[i], lines[int(lines.length)]] = [lines[int(lines.length)], lines[i]];
    else if (op === 3) {
      const at = int((lines[i] ?? '').length + 1);
      lines[i] = (lines[i] ?? '').slice(0, at) + pick(TOKENS) + (lines[i] ?? '').slice(at);
    } else if (op === 4) lines[i] = (lines[i] ?? '').replace(/(id|text|after|key): .*/, (_, k) => `${k}: ${pick(TOKENS)}`);
    else
      lines = lines
        .join('\n')
        .slice(0, int(lines.join('\n').length + 1))
        .split('\n');
  }
  return lines.join('\n');
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-stream-items-'));
fs.mkdirSync(path.join(root, 'shop'));
const file = path.join(root, 'shop/plan.yaml');
const started = Date.now();
let failures = 0;
let withErrors = 0;
let valid = 0;
const fail = (i: number, what: string, input: string) => {
  failures++;
  if (failures <= 5) console.error(`iteration ${i}: ${what}\n--- input (first 1500 bytes) ---\n${input.slice(0, 1500)}\n`);
};
for (let i = 0; i < iterations; i++) {
  const seed = SEEDS[i % SEEDS.length];
  const input = i < SEEDS.length ? seed : mutate(seed);
  fs.writeFileSync(file, input);
  try {
    const { plan, diagnostics } = loadCheckedPlanFile(file, 'shop/plan.yaml');
    if (!plan && i < SEEDS.length) fail(i, `seed ${i} does not load: ${JSON.stringify(diagnostics).slice(0, 300)}`, input);
    if (!plan) {
      withErrors++;
      if (diagnostics.length === 0) fail(i, 'no plan and no diagnostic', input);
      const unplaced = diagnostics.find((d) => !(d.line >= 1 && d.column >= 1));
      if (unplaced) fail(i, `diagnostic without a position: ${JSON.stringify(unplaced).slice(0, 300)}`, input);
      continue;
    }
    valid++;
    const ids = planUnits(plan).flatMap((u) => u.task.items.map((item) => item.id));
    if (ids.some((id) => id === undefined)) fail(i, 'an item without an id', input);
    if (new Set(ids).size !== ids.length) fail(i, `two items of one id: ${ids.join(', ')}`, input);
    const [[, result]] = createNodesForPlanFiles(['shop/plan.yaml'], {}, { workspaceRoot: root, nxJsonConfiguration: {} } as never);
    const project = Object.values(result.projects ?? {})[0];
    const targets = project?.targets ?? {};
    for (const [name, target] of Object.entries(targets))
      for (const dep of (target.dependsOn ?? []) as string[])
        if (!(dep in targets)) fail(i, `target ${name} depends on ${dep}, which is no target`, input);
    formatStatus(planStatus(plan, new Map()));
  } catch (error) {
    fail(i, `uncaught: ${(error as Error).stack}`, input);
  }
}
fs.rmSync(root, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `fuzz stream-items: ${iterations} inputs, ${failures} failures (uncaught exceptions, unplaced diagnostics, duplicate item ids, dangling target dependencies), ${withErrors} with error diagnostics, ${valid} valid, ${seconds} s`,
);
process.exitCode = failures ? 1 : 0;
