import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check } from './prometheus-config';
import { findPromtool, parsePromtoolOutput } from './promtool';

const dir = mkdtempSync(path.join(tmpdir(), 'prometheus-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), name);
const brief = (r: { findings: { file: string; rule: string; line?: number; column?: number }[] }) =>
  r.findings.map((f) => `${f.file}:${f.rule}@${f.line}:${f.column}`);

const CONFIG = `global:
  scrape_interval: 15s
rule_files:
  - alerts.yml
scrape_configs:
  - job_name: api
    static_configs:
      - targets: ['api:8000']
`;
const RULES = `groups:
  - name: api
    rules:
      - alert: HighErrorRate
        expr: rate(http_requests_total{status="500"}[5m]) > 0.1
        for: 10m
        labels: { severity: page }
`;

describe('prometheus-config without promtool', () => {
  it('fails every file and says how to install promtool', async () => {
    write('prometheus.yml', CONFIG);
    const r = await check.run(['prometheus.yml'], { promtool: path.join(dir, 'no-such-promtool') }, { cwd: dir });
    expect(r.ok).toBe(false);
    expect(r.findings).toEqual([
      expect.objectContaining({ rule: 'prometheus/promtool-missing', severity: 'error', file: 'prometheus.yml' }),
    ]);
    expect(r.findings[0].message).toContain('install prometheus (promtool): apt-get install prometheus');
  });
});

describe('parsePromtoolOutput (promtool 2.42 output)', () => {
  it('attributes each report to the file of its section, with lines and PromQL columns', () => {
    const output = [
      'Checking c3.yml',
      '  FAILED: parsing YAML file c3.yml: yaml: unmarshal errors:',
      '  line 7: field bogus not found in type config.ScrapeConfig',
      '',
      'Checking prom.yml',
      '  SUCCESS: 1 rule files found',
      ' SUCCESS: prom.yml is valid prometheus config file syntax',
      '',
      'Checking badrules.yml',
      '  FAILED:',
      'badrules.yml: 5:15: group "api", rule 1, "X": could not parse expression: 1:38: parse error: unexpected character',
      'badrules.yml: 5:15: group "api", rule 1, "X": could not parse expression: 1:38: parse error: unexpected character',
      '',
      'Checking norule.yml',
      '  FAILED:',
      'norule.yml: 0:0: group "a", rule 1, "": one of \'record\' or \'alert\' must be set',
      '',
    ].join('\n');
    expect(parsePromtoolOutput(output)).toEqual([
      { file: 'c3.yml', ok: false, problems: [{ message: 'field bogus not found in type config.ScrapeConfig', line: 7 }] },
      { file: 'prom.yml', ok: true, problems: [] },
      {
        file: 'badrules.yml',
        ok: false,
        problems: [
          { message: 'group "api", rule 1, "X": could not parse expression: 1:38: parse error: unexpected character', line: 5, column: 52 },
        ],
      },
      { file: 'norule.yml', ok: false, problems: [{ message: 'group "a", rule 1, "": one of \'record\' or \'alert\' must be set' }] },
    ]);
  });
});

// CI installs promtool (.ci/run); elsewhere these run where Debian's prometheus package is present.
const withPromtool = findPromtool() || process.env.CI ? describe : describe.skip;

withPromtool('prometheus-config with promtool', () => {
  it('passes a valid config and the rule file it names', async () => {
    write('prometheus.yml', CONFIG);
    write('alerts.yml', RULES);
    const r = await check.run(['prometheus.yml', 'alerts.yml'], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect((r.metadata as { files: unknown[] }).files).toEqual([
      { file: 'prometheus.yml', kind: 'config', ok: true },
      { file: 'alerts.yml', kind: 'rules', ok: true },
      { file: 'alerts.yml', kind: 'rules', ok: true },
    ]);
  });

  it('maps promtool messages to file:line:col', async () => {
    write('bad-duration.yml', CONFIG.replace('15s', '15x'));
    write('bad-field.yml', CONFIG.replace("      - targets: ['api:8000']", "      - targets: ['api:8000']\n    bogus: 1"));
    write('bad-rules.yml', RULES.replace('status="500"}', 'status="500"'));
    const r = await check.run(['bad-duration.yml', 'bad-field.yml', 'bad-rules.yml'], {}, { cwd: dir });
    expect(brief(r)).toEqual([
      'bad-duration.yml:prometheus/config@2:20',
      'bad-field.yml:prometheus/config@9:5',
      'bad-rules.yml:prometheus/rules@5:52',
    ]);
    expect(r.findings[0].message).toBe('promtool: not a valid duration string: "15x"');
  });

  it('reports a broken rule file that a config pulls in, under that rule file', async () => {
    write('prometheus.yml', CONFIG);
    write('alerts.yml', RULES.replace('for: 10m', 'for: 10q'));
    const r = await check.run(['prometheus.yml'], {}, { cwd: dir });
    expect(brief(r)).toEqual(['alerts.yml:prometheus/rules@6:14']);
  });
});
