/**
 * Fuzzes pipeline-run: mutated pipeline files, models (SQL), reconciliation files and output
 * contracts. Every input is parsed and the models linted for Spark portability; every 200th runs
 * end to end on DuckDB with mutated sample records.
 *
 *   node -r @swc-node/register tools/fuzz/pipeline-run.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/pipeline-run/pipeline-run';
import { byteMutate, fuzzMain, mutate } from './contracts-lib';
import { generatedFiles, writeAll } from './data-pipeline-lib';

const files = generatedFiles();
const PIPELINE = 'pipeline__pipeline.yaml';
const SQL = 'pipeline__models__user_activity.sql';
const EXTRAS = {
  dataset: 'Bad Name',
  path: '../../etc/passwd',
  schema: 'missing.json',
  retry: { attempts: 1e9, backoffMs: -1 },
  models: [{ name: 'events', sql: 'x.sql' }],
  reconciliation: [{ name: 'x', source: 'SELECT', output: 'DROP TABLE events' }],
  logicalType: 'timestamp',
  primaryKey: true,
};
const TARGETS = [PIPELINE, SQL, 'quality__reconciliation.yaml', 'contracts__user_activity.odcs.yaml', 'data__samples__events.ndjson'];
const SQL_PIECES = [
  '::INT',
  ' QUALIFY row_number() OVER () = 1',
  ' * EXCLUDE (a)',
  "read_json('x')",
  ';',
  '/*',
  "'",
  ' GROUP BY 1, 2',
  'LIMIT -1',
  '\u0000',
];

void fuzzMain({
  name: 'pipeline-run',
  async baseline(dir) {
    writeAll(dir, files);
    return check.run([PIPELINE], {}, { cwd: dir });
  },
  async run(dir, r) {
    for (const name of TARGETS) fs.writeFileSync(path.join(dir, name), files.get(name)!);
    const target = r.pick([
      PIPELINE,
      SQL,
      'quality__reconciliation.yaml',
      'contracts__user_activity.odcs.yaml',
      'data__samples__events.ndjson',
    ]);
    if (target === SQL) {
      const sql = files.get(SQL)!;
      const at = r.int(sql.length);
      fs.writeFileSync(path.join(dir, SQL), r.rand() < 0.5 ? byteMutate(sql, r) : sql.slice(0, at) + r.pick(SQL_PIECES) + sql.slice(at));
    } else if (target.endsWith('.ndjson')) fs.writeFileSync(path.join(dir, target), byteMutate(files.get(target)!, r));
    else fs.writeFileSync(path.join(dir, target), mutate(files.get(target)!, r, EXTRAS));
    const full = r.int(200) === 0;
    return check.run([PIPELINE], full ? {} : { stage: 'lint' }, { cwd: dir });
  },
});
