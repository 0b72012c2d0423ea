/**
 * What the validate-schema engine costs, measured in one run so the ratios are comparable:
 *   node -r @swc-node/register tools/bench/pglite-start.ts [--runs N]
 *  - PGlite start with initdb vs from the cached data-dir snapshot (ms and ratio);
 *  - one schema check cold (first in the process: parser load + engine start) vs warm (engine
 *    reused, reset between inputs), as ratios to a baseline measured here: a no-op `SELECT 1`
 *    on the same instance, and the parse-only check of the same file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDdl } from '../../packages/plan/src/checks/validate-schema/ddl';
import { closeEngine, getEngine, startPglite } from '../../packages/plan/src/checks/validate-schema/pglite-engine';
import { tableSpecSchema } from '../../packages/plan/src/checks/validate-schema/table-spec';
import { validSpec } from '../../packages/plan/src/checks/validate-schema/test-inputs';
import { check } from '../../packages/plan/src/checks/validate-schema/validate-schema';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 3) : 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}x`;

async function timeStart(options: Parameters<typeof startPglite>[0]): Promise<{ ms: number; source: string }> {
  const { pg, info } = await startPglite(options);
  await pg.close();
  return { ms: info.ms, source: info.source };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-'));
  const cacheDir = path.join(dir, 'cache');
  try {
    const spec = tableSpecSchema.parse(validSpec());
    writeFileSync(path.join(dir, 'app.json'), JSON.stringify(validSpec(), null, 2));
    writeFileSync(path.join(dir, 'app.sql'), generateDdl(spec));
    writeFileSync(
      path.join(dir, 'dump.sql'),
      'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\nCREATE INDEX b_a ON b (a_id);\n',
    );

    // 1. The first check in this process (parser load + engine start, which initdb's and saves the snapshot).
    let t = performance.now();
    const first = await check.run(['app.json'], { cacheDir }, { cwd: dir });
    const coldInitdb = performance.now() - t;
    if (!first.ok) throw new Error(`bench input failed: ${JSON.stringify(first.findings)}`);
    await closeEngine();

    // 2. The first check of a process once the snapshot is cached: what every later CLI run pays.
    t = performance.now();
    await check.run(['app.json'], { cacheDir }, { cwd: dir });
    const cold = performance.now() - t;

    // 3. Warm: the same engine, reset between inputs.
    const warm: number[] = [];
    const warmSql: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      await check.run(['app.json'], { cacheDir }, { cwd: dir });
      warm.push(performance.now() - t);
      t = performance.now();
      await check.run(['dump.sql'], { cacheDir }, { cwd: dir });
      warmSql.push(performance.now() - t);
    }
    const parseOnly: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      await check.run(['app.json'], { cacheDir, skipEngine: true }, { cwd: dir });
      parseOnly.push(performance.now() - t);
    }
    const engine = await getEngine();
    const select1: number[] = [];
    for (let i = 0; i < 200; i++) {
      t = performance.now();
      await engine.query('SELECT 1');
      select1.push(performance.now() - t);
    }
    await closeEngine();

    // 4. Engine start alone: initdb vs snapshot (same extension set as the check).
    const initdb: number[] = [];
    const snapshot: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      initdb.push((await timeStart({ useSnapshot: false })).ms);
      const s = await timeStart({ cacheDir });
      if (s.source !== 'snapshot') throw new Error('snapshot not used');
      snapshot.push(s.ms);
      bare.push((await timeStart({ cacheDir, extensions: false })).ms);
    }
    const noExtensions = median(bare);

    const base = median(select1);
    const parse = median(parseOnly);
    console.log(
      `pglite start (median of ${RUNS}): initdb ${ms(median(initdb))}, from snapshot ${ms(median(snapshot))} -> snapshot is ${ratio(median(initdb), median(snapshot))} faster (without contrib modules: ${ms(noExtensions)})`,
    );
    console.log(`baselines: SELECT 1 on the reused instance ${ms(base)}; parse-only check of the spec ${ms(parse)}`);
    console.log(
      `check one spec: first ever (initdb + snapshot write) ${ms(coldInitdb)}; cold (snapshot) ${ms(cold)}; warm ${ms(median(warm))}; warm .sql alone ${ms(median(warmSql))}`,
    );
    console.log(
      `ratios: cold/warm ${ratio(cold, median(warm))}; warm = ${ratio(median(warm), base)} SELECT 1 = ${ratio(median(warm), parse)} parse-only; cold = ${ratio(cold, base)} SELECT 1`,
    );
  } finally {
    await closeEngine();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
