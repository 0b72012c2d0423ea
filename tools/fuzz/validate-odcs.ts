/**
 * Fuzzes validate-odcs: mutated ODCS contracts (structure and bytes) from the generated ones and
 * the standard's own examples when ../shared has them.
 *
 *   node -r @swc-node/register tools/fuzz/validate-odcs.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/validate-odcs/validate-odcs';
import { fuzzMain, mutate } from './contracts-lib';
import { generatedFiles } from './data-pipeline-lib';

const seeds = [...generatedFiles()].filter(([name]) => name.endsWith('.odcs.yaml')).map(([, text]) => text);
const EXTRAS = {
  apiVersion: 'v9',
  kind: 'Contract',
  primaryKey: true,
  required: false,
  slaProperties: [{ property: 1 }],
  team: [],
  logicalType: 'uuid',
};

void fuzzMain({
  name: 'validate-odcs',
  async baseline(dir) {
    fs.writeFileSync(path.join(dir, 'c.odcs.yaml'), seeds[0]);
    return check.run(['c.odcs.yaml'], { sla: true }, { cwd: dir });
  },
  async run(dir, r) {
    fs.writeFileSync(path.join(dir, 'c.odcs.yaml'), mutate(r.pick(seeds), r, EXTRAS));
    return check.run(['c.odcs.yaml'], { sla: r.rand() < 0.5 ? true : ['retention'] }, { cwd: dir });
  },
});
