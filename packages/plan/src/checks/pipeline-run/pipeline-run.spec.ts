import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dataPipelineKind } from '../../kinds/data-pipeline';
import { withRetry } from './ingest';
import { boundaries, check } from './pipeline-run';

describe('pipeline-run', () => {
  const ctx = dataPipelineKind.context({ name: 'clickstream', datasets: 'events,sessions' });
  const files = dataPipelineKind.files(ctx);
  let dir: string;
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  const edit = (file: string, change: (t: string) => string) => write(file, change(readFileSync(path.join(dir, file), 'utf8')));
  const run = (options = {}) => check.run(['pipeline/pipeline.yaml'], options, { cwd: dir });
  const summary = (r: Awaited<ReturnType<typeof run>>) =>
    r.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line} ${f.rule}`);
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pr-'));
    for (const [file, content] of files) write(file, content);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('dead-letters the planted records with their reasons and writes outputs and lineage', async () => {
    expect(summary(await run())).toEqual([]);
    const letters = readFileSync(path.join(dir, '.plan/pipeline/dead-letter/events.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(letters.map((l) => l.reason)).toEqual([
      'missing required field "event_id"',
      'value must be >= 0',
      'value must be number',
      'occurred_at must match format "date-time"',
    ]);
    expect(letters[0]).toMatchObject({ dataset: 'events', file: 'data/samples/events.bad.ndjson', line: 1 });
    const events = readFileSync(path.join(dir, '.plan/pipeline/lineage.ndjson'), 'utf8').trim().split('\n');
    expect(events).toHaveLength(8);
    const metrics = readFileSync(path.join(dir, '.plan/pipeline/metrics.prom'), 'utf8');
    expect(metrics).toContain('pipeline_dead_letter_records{dataset="events"} 4');
    expect(metrics).toContain('pipeline_last_run_success{pipeline="clickstream"} 1');
    // promtool (Debian prometheus, installed by .ci/run) judges the exposition format.
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8' });
    if (!promtool.error) expect({ status: promtool.status, output: promtool.stdout + promtool.stderr }).toEqual({ status: 0, output: '' });
  });

  it('reports a duplicated key and a dropped column at the model, naming the contract', async () => {
    edit('pipeline/models/user_activity.sql', (t) =>
      t
        .replace('GROUP BY user_id', 'GROUP BY user_id, channel')
        .replace('  MIN(occurred_at) AS first_seen_at,\n  MAX(occurred_at) AS last_seen_at\n', '  MIN(occurred_at) AS first_seen_at\n'),
    );
    const result = await run({ reconcile: false });
    expect(summary(result)).toEqual([
      'pipeline/models/user_activity.sql:3 pipeline/output-column-missing',
      'pipeline/models/user_activity.sql:9 pipeline/output-duplicate-key',
    ]);
    expect(result.findings[0].message).toMatch(/last_seen_at.*contracts\/user_activity\.odcs\.yaml:\d+/);
  });

  it('fails when a planted bad record is accepted or a sample is rejected', async () => {
    edit('data/samples/events.bad.ndjson', (t) => t.replace('"value":-5', '"value":5'));
    edit('data/samples/events.ndjson', (t) => t.replace('"user_id":"u-002"', '"user_id":""'));
    expect(summary(await run({ stage: 'ingest' }))).toEqual([
      'data/samples/events.bad.ndjson:2 pipeline/dead-letter',
      'data/samples/events.ndjson:1 pipeline/dead-letter',
    ]);
  });

  it('holds models to SQL Spark reads too, and reports SQL errors at their line', async () => {
    edit('pipeline/models/user_features.sql', (t) =>
      t.replace('CAST(SUM(e.value) / COUNT(*) AS DOUBLE)', 'SUM(e.value)::DOUBLE / COUNT(*)'),
    );
    expect(summary(await run({ stage: 'lint' }))).toEqual(['pipeline/models/user_features.sql:5 pipeline/spark-portable']);
    edit('pipeline/models/user_activity.sql', (t) => t.replace('FROM events', 'FROM evnts'));
    const result = await run({ reconcile: false });
    expect(summary(result)).toContain('pipeline/models/user_activity.sql:9 pipeline/model');
  });

  it('reconciles source and output measures', async () => {
    edit('pipeline/models/user_activity.sql', (t) => t.replace('SUM(value) AS total_value', 'SUM(value) * 2 AS total_value'));
    expect(summary(await run({ conform: false }))).toEqual(['quality/reconciliation.yaml:6 pipeline/reconciliation']);
  });

  it('retries opening a source with exponential backoff on transient errors (test double at the file-system boundary)', async () => {
    const waits: number[] = [];
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error('busy'), { code: 'EBUSY' });
      return 'opened';
    };
    await expect(withRetry(3, 100, flaky, async (ms) => void waits.push(ms))).resolves.toEqual({ value: 'opened', attempts: 3 });
    expect(waits).toEqual([100, 200]);
    await expect(withRetry(3, 1, async () => Promise.reject(Object.assign(new Error('gone'), { code: 'ENOENT' })))).rejects.toMatchObject({
      attempts: 1,
    });
    const original = boundaries.openSource;
    boundaries.openSource = async () => Promise.reject(Object.assign(new Error('busy'), { code: 'EBUSY' }));
    try {
      const result = await run({ stage: 'ingest' });
      expect(result.findings[0]).toMatchObject({ rule: 'pipeline/ingest', file: 'pipeline/pipeline.yaml' });
      expect(result.findings[0].message).toContain('after 3 attempt(s): EBUSY');
    } finally {
      boundaries.openSource = original;
    }
  });
});
