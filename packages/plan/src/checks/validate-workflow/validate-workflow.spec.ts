import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeWithSharedFixtures, sharedFixturesDir } from '../../testing/shared-fixtures';
import { check } from './validate-workflow';

const dir = mkdtempSync(path.join(tmpdir(), 'validate-workflow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}
const brief = (r: { findings: { rule: string; line?: number; column?: number }[] }) =>
  r.findings.map((f) => `${f.rule}@${f.line}:${f.column}`);

const VALID = `name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo \${{ github.sha }}
  test:
    needs: [build]
    if: \${{ github.event_name == 'push' }}
    runs-on: ubuntu-latest
    steps:
      - run: npm test
`;

describe('validate-workflow', () => {
  it('passes a valid workflow and lists its events, jobs and needs', async () => {
    const r = await check.run([write('ok.yml', VALID)], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.metadata).toEqual({
      files: [{ file: 'ok.yml', events: ['push', 'pull_request'], jobs: ['build', 'test'], needs: { build: [], test: ['build'] } }],
    });
  });

  it('names a needs entry that is not a job, at its position', async () => {
    const r = await check.run([write('needs.yml', VALID.replace('needs: [build]', 'needs: [build, deploy]'))], {}, { cwd: dir });
    expect(brief(r)).toEqual(['workflow/needs@13:20']);
    expect(r.findings[0].message).toContain("depends on unknown job 'deploy'");
  });

  it('reports every missing job and a cycle, even where GitHub stops at the first', async () => {
    const text = `on: push
jobs:
  a:
    needs: b
    runs-on: x
    steps: [{run: x}]
  b:
    needs: [a]
    runs-on: x
    steps: [{run: x}]
  c:
    needs: [zz]
    runs-on: x
    steps: [{run: x}]
`;
    const r = await check.run([write('cycle.yml', text)], {}, { cwd: dir });
    expect(r.findings.map((f) => f.message)).toEqual([
      'The workflow must contain at least one job with no dependencies.',
      'Jobs depend on each other in a cycle: a → b → a. Remove one of these needs.',
      "Job 'c' depends on unknown job 'zz' (jobs: a, b, c): fix the name or add the job.",
    ]);
    expect(brief(r)).toEqual(['workflow/needs@3:3', 'workflow/needs@4:12', 'workflow/needs@12:13']);
  });

  it('rejects unknown events, unknown keys and broken expressions', async () => {
    const text = VALID.replace('  pull_request:', '  pull_requests:')
      .replace('echo ${{ github.sha }}', 'echo ${{ github.sha ) }}')
      .replace("github.event_name == 'push'", 'foo.bar')
      .replace('    runs-on: ubuntu-latest', '    runs-on: ubuntu-latest\n    bogus: 1');
    const r = await check.run([write('bad.yml', text)], {}, { cwd: dir });
    expect(brief(r)).toEqual(['workflow/event@5:3', 'workflow/expression@11:19', 'workflow/expression@14:9', 'workflow/schema@16:5']);
    expect(r.ok).toBe(false);
  });

  it('reports YAML syntax errors and unreadable files', async () => {
    const r = await check.run([write('syntax.yml', 'on: [push\njobs: {}\n'), 'missing.yml'], {}, { cwd: dir });
    expect(r.findings.map((f) => f.rule)).toEqual(['workflow/not-found', 'workflow/yaml-syntax']);
  });
});

describeWithSharedFixtures('validate-workflow conformance: ../shared/fixtures/contracts/workflows', () => {
  const folder = path.join(sharedFixturesDir() ?? '', 'contracts', 'workflows');
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.yml')) : [];

  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(3));

  it('accepts the real workflows that GitHub runs', async () => {
    const r = await check.run(files, {}, { cwd: folder });
    expect(r.findings).toEqual([]);
    const needs = (r.metadata as { files: { needs: Record<string, string[]> }[] }).files.map((f) => f.needs);
    expect(needs).toContainEqual({ 'pre-commit': [], 'pre-commit-alls-green': ['pre-commit'] });
  });

  it('catches a needs naming a missing job in a real workflow', async () => {
    const file = files.find((f) => f.includes('pre-commit'))!;
    const text = readFileSync(path.join(folder, file), 'utf8').replace(/needs:\s*\n?\s*-?\s*pre-commit\b/, (m) =>
      m.replace('pre-commit', 'precommit'),
    );
    const r = await check.run([write('pre-commit-mutated.yml', text)], {}, { cwd: dir });
    expect(r.findings.map((f) => f.rule)).toEqual(['workflow/needs']);
  });
});
