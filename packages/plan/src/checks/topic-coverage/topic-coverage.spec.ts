import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { topicsIn } from './find-topics';
import { check } from './topic-coverage';

const ASYNCAPI3 = `asyncapi: 3.0.0
info: { title: t, version: '1' }
channels:
  events:
    address: shop.events
  orders:
    address: shop.orders.{region}
`;

describe('topic-coverage', () => {
  let dir: string;
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tc-'));
    write('asyncapi.yaml', ASYNCAPI3);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds topics in YAML keys and next to topic/subscribe in code, not in comments or option names', () => {
    expect(
      topicsIn('a.py', 'EVENTS_TOPIC = "shop.events"  # "not.this"\nx = "other.value"\nspark.option("subscribe", "shop.orders.eu")\n'),
    ).toEqual([
      { topic: 'shop.events', line: 1, column: 17 },
      { topic: 'shop.orders.eu', line: 3, column: 28 },
    ]);
    expect(topicsIn('p.yaml', 'sources:\n  - topic: shop.events\n    topics: [a.b]\n')).toEqual([
      { topic: 'shop.events', line: 2, column: 12 },
      { topic: 'a.b', line: 3, column: 14 },
    ]);
    expect(topicsIn('p.ts', "await producer.send({ topic: 'shop.audit' }); // topic: 'x.y'\n")).toEqual([
      { topic: 'shop.audit', line: 1, column: 31 },
    ]);
  });

  it('reports a topic missing from the AsyncAPI document at the code line; parameterised addresses match', async () => {
    write('src/job.py', 'ORDERS_TOPIC = "shop.orders.eu"\nAUDIT_TOPIC = "shop.audit"\n');
    write('src/pipeline.yaml', 'topic: shop.events\n');
    const result = await check.run(['src'], { asyncapi: 'asyncapi.yaml' }, { cwd: dir });
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)).toEqual(['src/job.py:2:16 topics/undocumented']);
    expect(result.metadata).toMatchObject({ used: ['shop.events', 'shop.orders.{region}'] });
  });

  it('warns about documented channels nothing uses', async () => {
    write('src/pipeline.yaml', 'topic: shop.events\n');
    const result = await check.run(['src'], { asyncapi: 'asyncapi.yaml' }, { cwd: dir });
    expect(result.ok).toBe(true);
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(['asyncapi.yaml:7 topics/unused']);
  });
});
