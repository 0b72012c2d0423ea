/**
 * Fuzzes validate-workflow: mutated GitHub Actions workflows (bytes and structure: ghost needs,
 * cycles, odd events, broken `${{ }}` expressions) through the real check.run(). The check runs
 * GitHub's parser in one child process per run, so inputs go 100 files per run.
 *
 *   node -r @swc-node/register tools/fuzz/validate-workflow.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/validate-workflow/validate-workflow';
import { fuzzMain, mutate, sharedSeeds } from './contracts-lib';

const SEED = `name: ci
on:
  push: { branches: [main] }
  pull_request:
  schedule: [{ cron: "0 3 * * 1" }]
  workflow_dispatch: { inputs: { level: { type: choice, options: [a, b] } } }
permissions: { contents: read }
env: { NODE: "20" }
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: "\${{ env.NODE }}" }
      - run: npm ci && npm test
        if: \${{ github.event_name != 'schedule' && !cancelled() }}
  deploy:
    needs: [build]
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    strategy: { matrix: { shard: [0, 1] } }
    steps:
      - run: echo \${{ matrix.shard }} \${{ needs.build.result }}
`;
const seeds = [SEED, ...sharedSeeds('workflows', /\.ya?ml$/)];
const EXTRAS = {
  needs: ['ghost', 'build', 'deploy'],
  on: { pullx: null, push: { branchez: [1] } },
  if: '${{ github.sha ) }}',
  run: 'echo ${{ foo.bar }} ${{ toJSON( }}',
  'runs-on': ['self-hosted', { group: 1 }],
};
const BATCH = 100;

void fuzzMain({
  name: 'validate-workflow',
  batch: BATCH,
  async baseline(dir) {
    fs.writeFileSync(path.join(dir, 'ci.yml'), SEED);
    return check.run(['ci.yml'], {}, { cwd: dir });
  },
  async run(dir, r, count) {
    const paths: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `w${i}.yml`;
      fs.writeFileSync(path.join(dir, name), mutate(r.pick(seeds), r, EXTRAS));
      paths.push(name);
    }
    return check.run(paths, {}, { cwd: dir });
  },
});
