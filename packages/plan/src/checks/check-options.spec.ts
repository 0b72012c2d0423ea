import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../cli/main';
import { captureIO } from '../testing/capture-io';
import { toYaml } from '../testing/sample-plans';
import { checkRefProblems, loadCheckedPlanFile, parseCheckedPlanYaml } from './check-options';
import { CheckUsageError } from './contract';
import { checkNames, getCheck, optionsSchemaOf } from './registry';
import { runCheck } from './run-check';

const FILE = 'plan.yaml';

function planWithChecks(checks: unknown[]): string {
  return toYaml({
    version: 1,
    name: 'demo',
    kind: 'custom',
    title: 'Demo',
    phases: [{ id: '1', title: 'One', tasks: [{ id: '1.1', key: 'docker', title: 'Docker', files: [{ path: 'Dockerfile' }], checks }] }],
  });
}

function position(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}

describe('check names and options in plans', () => {
  it('reports an unknown check at its name, with the nearest known name', () => {
    const text = planWithChecks([{ uses: 'scan-dockerfle', with: { paths: ['Dockerfile'] } }]);
    const { plan, diagnostics } = parseCheckedPlanYaml(text, FILE);
    expect(plan).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'check',
        file: FILE,
        ...position(text, 'scan-dockerfle'),
        path: 'phases[0].tasks[0].checks[0].uses',
      }),
    ]);
    expect(diagnostics[0].message).toMatch(
      /^Unknown check "scan-dockerfle" \(did you mean "scan-dockerfile"\?\): known checks are .*validate-mojo/,
    );
  });

  it('reports an unknown option at its key with the nearest and the allowed ones', () => {
    const text = planWithChecks([{ uses: 'scan-dockerfile', with: { paths: ['Dockerfile'], allowSingleStages: true } }]);
    const { diagnostics } = parseCheckedPlanYaml(text, FILE);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'check',
        ...position(text, 'allowSingleStages'),
        path: 'phases[0].tasks[0].checks[0].with.allowSingleStages',
      }),
    ]);
    expect(diagnostics[0].message).toBe(
      'Check "scan-dockerfile" has no option "allowSingleStages" (did you mean "allowSingleStage"?); its options are paths, allowSingleStage.',
    );
  });

  it('reports a wrong option value at the value, and a missing required option', () => {
    const text = planWithChecks([
      { uses: 'lint-endpoints', with: { paths: ['api/main.py'], healthTimeout: 'soon' } },
      { uses: 'command', with: {} },
      { uses: 'validate-mojo', with: { paths: 7 } },
    ]);
    const { diagnostics } = parseCheckedPlanYaml(text, FILE);
    expect(diagnostics.map((d) => [d.line, d.column, d.path])).toEqual([
      [position(text, 'soon').line, position(text, 'soon').column, 'phases[0].tasks[0].checks[0].with.healthTimeout'],
      // A missing option is reported at the `with` it belongs in.
      [position(text, 'with: {}').line, position(text, 'with: {}').column + 6, 'phases[0].tasks[0].checks[1].with.command'],
      [position(text, 'paths: 7').line, position(text, 'paths: 7').column + 7, 'phases[0].tasks[0].checks[2].with.paths'],
    ]);
    expect(diagnostics[0].message).toMatch(/^Option "healthTimeout" of check "lint-endpoints": .*expected number/);
    expect(diagnostics[1].message).toMatch(/^Option "command" of check "command": .*expected string/);
    expect(diagnostics[2].message).toBe('Option "paths" of check "validate-mojo" must be a path or a list of paths.');
  });

  it('accepts the plans the package writes and ships: examples/diamond, the ml-app preset', async () => {
    const diamond = path.join(__dirname, '../../../../examples/diamond/plan.yaml');
    expect(parseCheckedPlanYaml(readFileSync(diamond, 'utf8'), 'examples/diamond/plan.yaml').diagnostics).toEqual([]);
    const { mlAppPlan } = await import('../kinds/ml-app/plan');
    const { buildContext } = await import('../kinds/ml-app/context');
    const ctx = buildContext({
      name: 'churn',
      projectName: 'Churn Predictor',
      schemaName: 'customers',
      pipelineName: 'etl',
      modelName: 'glm',
    });
    for (const python of [undefined, '/usr/bin/python3']) {
      const yaml = toYaml(mlAppPlan(ctx, { python }));
      expect(parseCheckedPlanYaml(yaml, FILE).diagnostics).toEqual([]);
    }
  });

  it('declares the same options in each schema as the check definition does (edit builtin.ts with the check)', async () => {
    for (const name of checkNames()) {
      const schema = optionsSchemaOf(name);
      expect([name, Object.keys(schema?.shape ?? {}).sort()]).toEqual([name, (await getCheck(name)).options.map((o) => o.name).sort()]);
    }
  });

  it('needs no engine to validate options: the schemas are plain zod', () => {
    expect(checkRefProblems('validate-schema', { skipEngine: 'yes' })[0].message).toMatch(/skipEngine/);
    expect(checkRefProblems('validate-schema', { paths: 'schemas/a.json', skipEngine: true })).toEqual([]);
  });
});

describe('loading a plan file through the checks layer', () => {
  it('reuses a load while the text is the same, gives each caller its own copy, and sees every change', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'plan-load-')), FILE);
    writeFileSync(file, planWithChecks([{ uses: 'scan-dockerfile' }]));
    const first = loadCheckedPlanFile(file, FILE);
    expect(first.diagnostics).toEqual([]);
    first.plan!.phases[0].tasks[0].title = 'changed by a caller';
    const second = loadCheckedPlanFile(file, FILE);
    expect(second.plan!.phases[0].tasks[0].title).toBe('Docker');

    writeFileSync(file, planWithChecks([{ uses: 'scan-dockerfil' }]));
    const broken = loadCheckedPlanFile(file, FILE);
    expect(broken.plan).toBeUndefined();
    expect(broken.diagnostics[0].message).toContain('scan-dockerfile');
    writeFileSync(file, planWithChecks([{ uses: 'scan-dockerfile' }]));
    expect(loadCheckedPlanFile(file, FILE).plan?.phases[0].tasks[0].checks).toEqual([{ uses: 'scan-dockerfile' }]);
  });
});

describe('runCheck and the CLI reject bad options as usage errors', () => {
  it('runCheck throws a CheckUsageError naming the option', async () => {
    await expect(runCheck('scan-dockerfile', ['Dockerfile'], { allowSingleStage: 'yes' }, { cwd: tmpdir() })).rejects.toThrow(
      CheckUsageError,
    );
    await expect(runCheck('scan-dockerfile', ['Dockerfile'], { nope: 1 }, { cwd: tmpdir() })).rejects.toThrow(
      'Check "scan-dockerfile" has no option "nope"; its options are allowSingleStage.',
    );
  });

  it('plan validate prints unknown checks and options at file:line:col and exits 1', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'plan-options-'));
    mkdirSync(path.join(root, 'p'));
    const text = planWithChecks([{ uses: 'validate-mojo', with: { paths: ['m.zip'], maxEntryMB: 5 } }]);
    writeFileSync(path.join(root, 'p/plan.yaml'), text);
    const io = captureIO(root);
    expect(await main(['validate', 'p'], io)).toBe(1);
    const { line, column } = position(text, 'maxEntryMB');
    expect(io.stderr).toContain(
      `p/plan.yaml:${line}:${column}  error  Check "validate-mojo" has no option "maxEntryMB" (did you mean "maxEntryMb"?)`,
    );
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });
});
