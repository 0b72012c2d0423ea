/**
 * Fuzzes data-quality: mutated rules files (structure and bytes: unknown datasets and columns, odd
 * parameters, YAML damage) validated for every input; every 50th input also evaluated on DuckDB
 * over mutated sample records (broken JSON lines, wrong types, nulls, huge values).
 *
 *   node -r @swc-node/register tools/fuzz/data-quality.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/data-quality/data-quality';
import { byteMutate, fuzzMain, mutate } from './contracts-lib';
import { generatedFiles, writeAll } from './data-pipeline-lib';

const files = generatedFiles();
const RULES = 'quality__rules.yaml';
const SAMPLES = 'data__samples__events.ndjson';
const EXTRAS = {
  rule: 'accepted_values',
  dataset: 'ghost',
  column: 'nope',
  values: [null, 1, [], { a: 1 }],
  min: '2026-99-99',
  max: -1e308,
  to: 'events.',
  maxAgeHours: 0,
  now: 'yesterday',
};

void fuzzMain({
  name: 'data-quality',
  async baseline(dir) {
    writeAll(dir, files);
    return check.run([RULES], {}, { cwd: dir });
  },
  async run(dir, r) {
    fs.writeFileSync(path.join(dir, SAMPLES), files.get(SAMPLES)!);
    fs.writeFileSync(path.join(dir, RULES), mutate(files.get(RULES)!, r, EXTRAS));
    const evaluate = r.int(50) === 0;
    if (evaluate) {
      const lines = files.get(SAMPLES)!.split('\n');
      for (let k = 0; k < 3; k++) {
        const i = r.int(lines.length);
        lines[i] =
          r.rand() < 0.5
            ? byteMutate(lines[i], r)
            : lines[i].replace(/"value":[^,]+/, `"value":${r.pick(['"x"', 'null', '1e400', '[]', '{}', '-0'])}`);
      }
      fs.writeFileSync(path.join(dir, SAMPLES), lines.join('\n'));
    }
    return check.run([RULES], { evaluate }, { cwd: dir });
  },
});
