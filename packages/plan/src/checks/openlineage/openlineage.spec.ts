import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dataPipelineKind } from '../../kinds/data-pipeline';
import { check } from './openlineage';

describe('openlineage', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ol-'));
    const ctx = dataPipelineKind.context({ name: 'clickstream', datasets: 'events,sessions' });
    for (const [file, content] of dataPipelineKind.files(ctx)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('derives valid events covering every dataset from a pipeline file', async () => {
    const result = await check.run(['pipeline/pipeline.yaml'], {}, { cwd: dir });
    expect(result.findings).toEqual([]);
    expect(result.metadata).toMatchObject({
      files: [
        { events: 8, datasets: ['clickstream.events', 'clickstream.sessions', 'events', 'sessions', 'user_activity', 'user_features'] },
      ],
    });
  });

  it('judges event files: schema, facets, runs and coverage', async () => {
    const ok = {
      eventType: 'START',
      eventTime: '2026-01-01T00:00:00Z',
      producer: 'https://example.com/p',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId: '3f1f1e1e-1111-4111-8111-111111111111' },
      job: { namespace: 'n', name: 'j' },
      inputs: [],
      outputs: [
        {
          namespace: 'n',
          name: 'events',
          facets: { schema: { _producer: 'https://example.com/p', _schemaURL: 'https://x/y', fields: [{ name: 1 }] } },
        },
      ],
    };
    const lines = [JSON.stringify(ok), JSON.stringify({ ...ok, eventTime: 'yesterday', eventType: 'COMPLETE' }), '{oops'];
    writeFileSync(path.join(dir, 'events.ndjson'), lines.join('\n') + '\n');
    const result = await check.run(['events.ndjson'], { datasets: ['events', 'sessions'] }, { cwd: dir });
    expect(result.findings.map((f) => `${f.line} ${f.rule}`)).toEqual([
      '1 openlineage/facet',
      '1 openlineage/run',
      '1 openlineage/coverage',
      '2 openlineage/schema',
      '3 openlineage/event-syntax',
    ]);
  });
});
