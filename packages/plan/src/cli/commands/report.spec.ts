import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { reportCommand } from './report';
import { captureIO } from '../../testing/capture-io';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function workspace(files: Record<string, object | string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-report-'));
  roots.push(root);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

async function report(cwd: string, ...args: string[]) {
  const io = captureIO(cwd);
  const code = await reportCommand(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const schemaTask = {
  key: 'schema',
  status: 'failed',
  results: [
    { check: 'files-exist', ok: true, findings: [] },
    {
      check: 'validate-schema',
      ok: false,
      findings: [
        {
          rule: 'schema/missing-primary-key',
          severity: 'error',
          message: 'Table users has no primary key: add one',
          file: 'churn/schemas/churn.json',
          line: 3,
          column: 5,
        },
      ],
    },
  ],
};
const dockerTask = {
  key: 'docker',
  status: 'verified',
  results: [
    {
      check: 'scan-dockerfile',
      ok: true,
      findings: [
        { rule: 'DL3008', severity: 'warning', message: 'Pin versions in apt-get install', file: 'churn/Dockerfile', line: 4, column: 1 },
      ],
    },
  ],
};

describe('plan report', () => {
  const files = {
    'churn/.plan/results/schema.json': schemaTask,
    'churn/.plan/results/docker.json': dockerTask,
    'node_modules/x/.plan/results/n.json': dockerTask,
  };

  it('SARIF to a file: one run per check, findings located, exit 0 although a task failed', async () => {
    const root = workspace(files);
    const r = await report(root, '--format', 'sarif', '--out', 'out/plan.sarif');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('plan report: wrote out/plan.sarif (2 finding(s) from 2 task result(s))\n');
    const sarif = JSON.parse(readFileSync(path.join(root, 'out/plan.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs.map((run: any) => run.tool.driver.name)).toEqual([
      'plan files-exist',
      'plan scan-dockerfile',
      'plan validate-schema',
    ]);
    const result = sarif.runs[2].results[0];
    expect(result).toMatchObject({ ruleId: 'schema/missing-primary-key', level: 'error' });
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'churn/schemas/churn.json' },
      region: { startLine: 3, startColumn: 5 },
    });
    expect(sarif.runs[1].results[0].level).toBe('warning');
  });

  it('text by default, json on request, limited to the given folders', async () => {
    const root = workspace({
      ...files,
      'other/.plan/results/api.json': {
        key: 'api',
        status: 'failed',
        results: [
          {
            check: 'lint-endpoints',
            ok: false,
            findings: [{ rule: 'python/syntax', severity: 'error', message: 'invalid syntax', file: 'other/app.py', line: 1, column: 1 }],
          },
        ],
      },
    });
    const text = await report(root, 'churn');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'churn/schemas/churn.json:3:5  error  Table users has no primary key: add one  (schema/missing-primary-key)',
    );
    expect(text.stdout).toContain('validate-schema: failed (1 error(s), 0 warning(s))');
    expect(text.stdout).not.toContain('other/app.py');
    const json = await report(root, '--format', 'json');
    expect(JSON.parse(json.stdout).map((r: any) => r.check)).toEqual([
      'files-exist',
      'lint-endpoints',
      'scan-dockerfile',
      'validate-schema',
    ]);
    expect(json.stderr).toBe('plan report: 3 finding(s) from 3 task result(s)\n');
  });

  it('says so when there is nothing to report and still writes a valid SARIF file', async () => {
    const root = workspace({ 'README.md': 'x' });
    const r = await report(root, '--format=sarif', '--out', 'plan.sarif');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no task results found; run the verify targets first/);
    expect(JSON.parse(readFileSync(path.join(root, 'plan.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0', runs: [] });
  });

  it('warns about unreadable result files and reports the rest', async () => {
    const root = workspace({ ...files, 'churn/.plan/results/broken.json': '{' });
    const r = await report(root, '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^plan report: warning: churn\/\.plan\/results\/broken\.json: unreadable/m);
    expect(JSON.parse(r.stdout)).toHaveLength(3);
  });

  it('usage errors: unknown format or flag → exit 2 via UsageError; --help', async () => {
    const root = workspace({});
    await expect(report(root, '--format', 'xml')).rejects.toThrow('--format must be one of text, json, sarif (got "xml").');
    await expect(report(root, '--bogus')).rejects.toThrow(/Unknown option '--bogus'/);
    await expect(report(root, '--out', '')).rejects.toThrow('--out needs a file name.');
    const help = await report(root, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: plan report/);
  });
});
