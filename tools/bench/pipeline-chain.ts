/**
 * validate-pipeline on long block chains: does its cost grow linearly with the number of blocks?
 * For chains of N, 2N, 4N, 8N blocks (default N = 1,250, up to 10,000) it times the check on a
 * metadata.yaml of one chain (loader → transformers → exporter) and, in the same run, the baseline:
 * yaml's parseDocument of the same text with positions (what the check itself must at least do).
 * Linear time shows as a check/baseline ratio that stays flat as N doubles, and a growth close
 * to 2x per doubling. Medians of --runs (default 5) after one warm-up, the runs of check and baseline interleaved. Also times the closed chain
 * (one cycle through every block), which the check must find without recursion.
 *
 *   node -r @swc-node/register tools/bench/pipeline-chain.ts [--blocks 1250] [--steps 4] [--runs 5]
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LineCounter, parseDocument } from 'yaml';
import { check } from '../../packages/plan/src/checks/validate-pipeline/validate-pipeline';
import { fmtMs, fmtRatio, intArg, median, table, tempDir } from './lib';

/** A Mage pipeline of n blocks in one chain; `closed` links the last back to the first (one cycle). */
function chainYaml(n: number, closed = false): string {
  const parts = ['blocks:'];
  for (let i = 0; i < n; i++) {
    const type = i === 0 ? 'data_loader' : i === n - 1 ? 'data_exporter' : 'transformer';
    const upstream = i > 0 ? `b${i - 1}` : closed ? `b${n - 1}` : '';
    parts.push(
      `- uuid: b${i}`,
      `  type: ${type}`,
      `  upstream_blocks: [${upstream}]`,
      `  downstream_blocks: [${i < n - 1 ? `b${i + 1}` : ''}]`,
    );
  }
  parts.push('name: big', 'type: python', 'uuid: big');
  return parts.join('\n') + '\n';
}

/** Median ms of each piece of work; the runs alternate between them so machine load hits all alike. */
async function timeEach(works: (() => unknown | Promise<unknown>)[], runs: number): Promise<number[]> {
  for (const work of works) await work();
  const times: number[][] = works.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (const [k, work] of works.entries()) {
      const started = performance.now();
      await work();
      times[k].push(performance.now() - started);
    }
  }
  return times.map(median);
}

async function main(): Promise<void> {
  const base = intArg('blocks', 1250);
  const steps = intArg('steps', 4);
  const runs = intArg('runs', 5);
  const dir = tempDir('bench-pipeline-chain-');
  const rows = [['blocks', 'check ms', 'parse ms', 'check/parse', 'growth', 'closed chain ms', 'closed/parse']];
  let previous: number | undefined;
  for (let step = 0; step < steps; step++) {
    const n = base * 2 ** step;
    const text = chainYaml(n);
    writeFileSync(path.join(dir, `chain-${n}.yaml`), text);
    writeFileSync(path.join(dir, `closed-${n}.yaml`), chainYaml(n, true));
    const [checkMs, closedMs, parseMs] = await timeEach(
      [
        async () => {
          const result = await check.run([`chain-${n}.yaml`], {}, { cwd: dir });
          if (!result.ok) throw new Error(`the chain of ${n} should pass: ${JSON.stringify(result.findings[0])}`);
        },
        async () => {
          const result = await check.run([`closed-${n}.yaml`], {}, { cwd: dir });
          if (!result.findings.some((f) => f.rule === 'pipeline/cycle'))
            throw new Error(`the closed chain of ${n} should report its cycle`);
        },
        () => parseDocument(text, { lineCounter: new LineCounter() }),
      ],
      runs,
    );
    rows.push([
      String(n),
      fmtMs(checkMs),
      fmtMs(parseMs),
      fmtRatio(checkMs / parseMs),
      previous === undefined ? '-' : fmtRatio(checkMs / previous),
      fmtMs(closedMs),
      fmtRatio(closedMs / parseMs),
    ]);
    previous = checkMs;
  }
  console.log(table(rows));
  console.log('Linear: check/parse stays flat as the blocks double, growth about 2x.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
