/**
 * End-to-end throughput of pipeline-run against DuckDB alone, in the same run: N generated rows
 * (default 1,000,000 events, plus sessions) go through the file connectors (contract validation,
 * dead letters), the SQL models, the output contracts and reconciliation; the baseline is DuckDB
 * reading the same files with no pipeline (read_json into a table). Prints rows/s of each and the
 * ratio (pipeline time / DuckDB time), medians of --runs.
 *
 *   node -r @swc-node/register tools/bench/pipeline-throughput.ts [--rows 1000000] [--runs 3]
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/pipeline-run/pipeline-run';
import { ident, literal, openDuck } from '../../packages/plan/src/checks/duckdb/duckdb';
import { dataPipelineKind } from '../../packages/plan/src/kinds/data-pipeline';
import { sampleRecords } from '../../packages/plan/src/skills/data-pipeline/render-data';
import { fmtRatio, intArg, median, round, table, tempDir } from './lib';

async function main(): Promise<void> {
  const rows = intArg('rows', 1_000_000);
  const runs = intArg('runs', 3);
  const dir = tempDir('bench-pipeline-');
  const ctx = dataPipelineKind.context({ name: 'clickstream', datasets: 'events,sessions' });
  for (const [file, content] of dataPipelineKind.files(ctx)) {
    if (!/^(contracts|quality|pipeline)\//.test(file)) continue;
    const target = path.join(dir, file);
    require('node:fs').mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  require('node:fs').mkdirSync(path.join(dir, 'data/samples'), { recursive: true });
  const counts: Record<string, number> = { events: rows, sessions: Math.max(1, Math.floor(rows / 10)) };
  for (const d of ctx.domain.datasets) {
    await writeRecords(path.join(dir, `data/samples/${d.name}.ndjson`), sampleRecords(ctx.domain, d, counts[d.name]));
    writeFileSync(path.join(dir, `data/samples/${d.name}.bad.ndjson`), '');
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const pipelineMs: number[] = [];
  const duckMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const result = await check.run(['pipeline/pipeline.yaml'], {}, { cwd: dir });
    pipelineMs.push(performance.now() - t);
    if (!result.ok) throw new Error(`the pipeline failed on the generated rows: ${JSON.stringify(result.findings.slice(0, 3))}`);
    t = performance.now();
    const duck = await openDuck();
    for (const d of ctx.domain.datasets)
      await duck.run(
        `CREATE TABLE ${ident(d.name)} AS SELECT * FROM read_json(${literal(path.join(dir, `data/samples/${d.name}.ndjson`))}, format = 'newline_delimited')`,
      );
    duck.close();
    duckMs.push(performance.now() - t);
  }
  const p = median(pipelineMs);
  const b = median(duckMs);
  console.log(
    table([
      ['rows', 'pipeline-run ms', 'pipeline rows/s', 'DuckDB read ms', 'DuckDB rows/s', 'ratio'],
      [
        String(total),
        String(round(p, 0)),
        String(round(total / (p / 1000), 0)),
        String(round(b, 0)),
        String(round(total / (b / 1000), 0)),
        fmtRatio(p / b),
      ],
    ]),
  );
  console.log(`medians of ${runs} runs; ratio = pipeline-run time / DuckDB reading the same files (read_json into a table), same process`);
}

function writeRecords(file: string, records: Record<string, unknown>[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    let chunk = '';
    for (const r of records) {
      chunk += `${JSON.stringify(r)}\n`;
      if (chunk.length > 1 << 20) {
        out.write(chunk);
        chunk = '';
      }
    }
    out.end(chunk, () => resolve());
  });
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
