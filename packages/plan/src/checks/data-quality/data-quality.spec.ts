import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from './data-quality';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['event_id', 'session_id', 'channel', 'value', 'occurred_at'],
  properties: {
    event_id: { type: 'string' },
    session_id: { type: 'string' },
    channel: { type: 'string' },
    value: { type: 'number' },
    occurred_at: { type: 'string', format: 'date-time' },
  },
};
const sessions = { type: 'object', properties: { session_id: { type: 'string' } } };

const rules = `version: 1
now: '2026-01-02T00:00:00Z'
datasets:
  events: { path: events.ndjson, schema: events.schema.json }
  sessions: { path: sessions.ndjson, schema: sessions.schema.json }
rules:
  - { dataset: events, column: event_id, rule: not_null }
  - { dataset: events, column: event_id, rule: unique }
  - { dataset: events, column: channel, rule: accepted_values, values: [web, ios] }
  - { dataset: events, column: value, rule: range, min: 0, max: 100 }
  - { dataset: events, column: session_id, rule: relationship, to: sessions.session_id }
  - { dataset: events, rule: row_count, min: 2, max: 10 }
  - { dataset: events, column: occurred_at, rule: freshness, maxAgeHours: 48 }
`;

const event = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ event_id: id, session_id: 's1', channel: 'web', value: 5, occurred_at: '2026-01-01T12:00:00Z', ...extra });

describe('data-quality', () => {
  let dir: string;
  const write = (name: string, text: string) => writeFileSync(path.join(dir, name), text);
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dq-'));
    write('events.schema.json', JSON.stringify(schema));
    write('sessions.schema.json', JSON.stringify(sessions));
    write('sessions.ndjson', '{"session_id":"s1"}\n');
    write('rules.yaml', rules);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes when every rule holds', async () => {
    write('events.ndjson', [event('e1'), event('e2')].join('\n') + '\n');
    const result = await check.run(['rules.yaml'], {}, { cwd: dir });
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('names dataset, column and rule at the offending record', async () => {
    write(
      'events.ndjson',
      [event('e1'), event('e1', { channel: 'tv' }), event('e3', { value: 500, session_id: 'nope' })].join('\n') + '\n',
    );
    const result = await check.run(['rules.yaml'], {}, { cwd: dir });
    expect(result.ok).toBe(false);
    const summary = result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`);
    expect(summary).toEqual([
      'events.ndjson:2:2 quality/unique',
      'events.ndjson:2:36 quality/accepted_values',
      'events.ndjson:3:18 quality/relationship',
      'events.ndjson:3:54 quality/range',
    ]);
    expect(result.findings[1].message).toContain('events.channel: value "tv" is not an accepted value');
    expect(result.findings[1].message).toContain('rules.yaml:9');
  });

  it('reports table-level SLAs at the rule', async () => {
    write('events.ndjson', event('e1', { occurred_at: '2025-12-01T00:00:00Z' }) + '\n');
    const result = await check.run(['rules.yaml'], {}, { cwd: dir });
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([
      'rules.yaml:12 quality/row_count',
      'rules.yaml:13 quality/freshness',
    ]);
  });

  it('refuses unknown columns and datasets at their node, without evaluating', async () => {
    write('events.ndjson', event('e1') + '\n');
    write(
      'rules.yaml',
      rules.replace('column: channel', 'column: chanel').replace('dataset: events, rule: row_count', 'dataset: evnts, rule: row_count'),
    );
    const result = await check.run(['rules.yaml'], { evaluate: false }, { cwd: dir });
    expect(result.findings.map((f) => `${f.line}:${f.column} ${f.message.slice(0, 40)}`)).toEqual([
      '9:32 Dataset events has no column "chanel" in',
      '12:16 Unknown dataset "evnts": declare it unde',
    ]);
  });
});
