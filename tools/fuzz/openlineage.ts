/**
 * Fuzzes openlineage: mutated pipeline files (events derived statically) and mutated event files
 * (.ndjson lines: missing fields, wrong types, bad facets, broken JSON).
 *
 *   node -r @swc-node/register tools/fuzz/openlineage.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lineageJobs, runEvents } from '../../packages/plan/src/checks/data-pipeline/lineage';
import { readPipelineFile } from '../../packages/plan/src/checks/data-pipeline/pipeline-file';
import { check } from '../../packages/plan/src/checks/openlineage/openlineage';
import { byteMutate, fuzzMain, mutate } from './contracts-lib';
import { generatedFiles, writeAll } from './data-pipeline-lib';

const files = generatedFiles();
const PIPELINE = 'pipeline__pipeline.yaml';
const EXTRAS = {
  eventType: 'MAYBE',
  runId: 'not-a-uuid',
  eventTime: 'now',
  producer: 'not a uri',
  _schemaURL: 1,
  fields: [{ name: 1 }],
  query: null,
};
let eventLines: string[] = [];

void fuzzMain({
  name: 'openlineage',
  async baseline(dir) {
    writeAll(dir, files);
    const spec = (await readPipelineFile(PIPELINE, dir)).spec!;
    eventLines = lineageJobs(spec, () => 'SELECT * FROM events', new Map())
      .flatMap((j) => runEvents(spec, j, 'COMPLETE', new Date(0), new Date(1), 'fuzz'))
      .map((e) => JSON.stringify(e));
    fs.writeFileSync(path.join(dir, 'events.ndjson'), eventLines.join('\n'));
    return check.run([PIPELINE, 'events.ndjson'], {}, { cwd: dir });
  },
  async run(dir, r) {
    if (r.rand() < 0.4) {
      fs.writeFileSync(path.join(dir, PIPELINE), mutate(files.get(PIPELINE)!, r, EXTRAS));
      const result = await check.run([PIPELINE], {}, { cwd: dir });
      fs.writeFileSync(path.join(dir, PIPELINE), files.get(PIPELINE)!);
      return result;
    }
    const lines = eventLines.map((l) =>
      r.rand() < 0.2 ? (r.rand() < 0.5 ? byteMutate(l, r) : mutate(l, r, EXTRAS, true).replace(/\n/g, ' ')) : l,
    );
    fs.writeFileSync(path.join(dir, 'events.ndjson'), lines.join('\n'));
    return check.run(['events.ndjson'], { datasets: ['events', 'ghost'] }, { cwd: dir });
  },
});
