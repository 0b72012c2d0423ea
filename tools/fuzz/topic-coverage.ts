/**
 * Fuzzes topic-coverage: mutated code (Python, TypeScript), pipeline YAML and AsyncAPI documents
 * (2.x and 3.x shapes, parameterised addresses, broken YAML).
 *
 *   node -r @swc-node/register tools/fuzz/topic-coverage.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/topic-coverage/topic-coverage';
import { byteMutate, fuzzMain, mutate } from './contracts-lib';
import { generatedFiles } from './data-pipeline-lib';

const files = generatedFiles();
const ASYNC = 'contracts__asyncapi.yaml';
const CODE: [string, string][] = [
  ['job.py', files.get('pipeline__streaming__stream_job.py')!],
  ['pipeline.yaml', files.get('pipeline__pipeline.yaml')!],
  [
    'producer.ts',
    `const TOPIC = 'clickstream.events';\nawait producer.send({ topic: "clickstream.sessions", messages }); // topic: 'x.y'\nconsumer.subscribe({ topics: [\`clickstream.\${name}\`] });\n`,
  ],
];
const EXTRAS = { topic: ['a.b', { x: 1 }, null], address: 'clickstream.{id}', channels: { 'a/b': {} }, asyncapi: '2.6.0' };

void fuzzMain({
  name: 'topic-coverage',
  async baseline(dir) {
    fs.writeFileSync(path.join(dir, ASYNC), files.get(ASYNC)!);
    fs.writeFileSync(path.join(dir, 'job.py'), CODE[0][1]);
    return check.run(['job.py'], { asyncapi: ASYNC }, { cwd: dir });
  },
  async run(dir, r) {
    for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
    fs.writeFileSync(path.join(dir, ASYNC), r.rand() < 0.5 ? mutate(files.get(ASYNC)!, r, EXTRAS) : files.get(ASYNC)!);
    const [name, text] = r.pick(CODE);
    fs.writeFileSync(path.join(dir, name), name.endsWith('.yaml') ? mutate(text, r, EXTRAS) : byteMutate(text, r));
    return check.run(['.'], { asyncapi: ASYNC }, { cwd: dir });
  },
});
