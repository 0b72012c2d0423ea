import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import './builtin';
import { CheckDefinition, Finding, resultOf } from './contract';
import { formatSarif } from './format';
import { checkNames, getCheck, registerCheck } from './registry';
import { checkAnchor, defineRules, helpUriOf, listRules, RuleId, ruleOf, undeclaredRules } from './rule-catalogue';
import { runCheck } from './run-check';

const rules = defineRules({
  'demo/missing': { severity: 'error', help: 'The thing is missing: add it.' },
  'demo/style': { severity: 'warning', help: 'Prefer the short form.' },
  'SC*': { severity: 'warning', help: 'A ShellCheck finding.', uri: 'https://www.shellcheck.net/wiki/{id}' },
});
type DemoRule = RuleId<typeof rules>;

describe('rule catalogue', () => {
  it('types the declared ids: a misspelt rule does not compile', () => {
    const ok: Finding<DemoRule>[] = [
      { rule: 'demo/missing', severity: 'error', message: 'm', file: 'f' },
      { rule: 'SC2086', severity: 'warning', message: 'm', file: 'f' },
    ];
    // @ts-expect-error 'demo/mising' is not a declared rule id
    const typo: Finding<DemoRule> = { rule: 'demo/mising', severity: 'error', message: 'm', file: 'f' };
    expect(ok).toHaveLength(2);
    expect(typo.rule).toBe('demo/mising');
  });

  it('finds exact ids first, then the family an id belongs to', () => {
    expect(ruleOf(rules, 'demo/style')?.key).toBe('demo/style');
    expect(ruleOf(rules, 'SC2086')?.key).toBe('SC*');
    expect(ruleOf(rules, 'SC')).toBeUndefined();
    expect(ruleOf(rules, 'SC*')).toBeUndefined();
    expect(ruleOf(rules, 'demo/other')).toBeUndefined();
    expect(ruleOf(rules, 'toString')).toBeUndefined();
  });

  it('lists undeclared ids once, sorted', () => {
    const f = (rule: string): Finding => ({ rule, severity: 'error', message: '', file: '' });
    expect(undeclaredRules(rules, [f('demo/missing'), f('x/b'), f('x/a'), f('x/b'), f('SC1')])).toEqual(['x/a', 'x/b']);
  });

  it('refuses ids that are not ids and rules without help', () => {
    expect(() => defineRules({ 'a b': { severity: 'error', help: 'x' } })).toThrow(/Rule id "a b"/);
    expect(() => defineRules({ 'a/b': { severity: 'error', help: ' ' } })).toThrow(/needs a line of help/);
  });

  it('help URIs: the check row of the README on the package page, or the rule own URI with {id} filled in', () => {
    expect(helpUriOf('demo-check', 'demo/missing', rules['demo/missing'])).toBe(
      'https://www.npmjs.com/package/@nx-plan/plan#check-demo-check',
    );
    expect(helpUriOf('demo-check', 'SC2086', rules['SC*'])).toBe('https://www.shellcheck.net/wiki/SC2086');
    expect(listRules('demo-check', rules).map((r) => r.id)).toEqual(['demo/missing', 'demo/style', 'SC*']);
  });

  it('SARIF carries each reported rule with its help, help URI and default level', () => {
    const result = resultOf<DemoRule>('demo-check', [
      { rule: 'demo/style', severity: 'warning', message: 'm', file: 'a.txt', line: 1 },
      { rule: 'SC2086', severity: 'info', message: 'm', file: 'a.txt' },
    ]);
    const run = JSON.parse(formatSarif([result], '1.0.0', () => rules)).runs[0];
    expect(run.tool.driver.rules).toEqual([
      {
        id: 'SC2086',
        shortDescription: { text: 'A ShellCheck finding.' },
        help: { text: 'A ShellCheck finding.' },
        helpUri: 'https://www.shellcheck.net/wiki/SC2086',
        defaultConfiguration: { level: 'warning' },
      },
      {
        id: 'demo/style',
        shortDescription: { text: 'Prefer the short form.' },
        help: { text: 'Prefer the short form.' },
        helpUri: 'https://www.npmjs.com/package/@nx-plan/plan#check-demo-check',
        defaultConfiguration: { level: 'warning' },
      },
    ]);
    expect(run.results.map((r: { ruleIndex: number }) => r.ruleIndex)).toEqual([1, 0]);
  });

  it("SARIF describes plan's own rules whatever the check", () => {
    const result = resultOf('command', [{ rule: 'plan/command-not-approved', severity: 'error', message: 'm', file: 'plan.yaml' }]);
    const [rule] = JSON.parse(formatSarif([result], '1.0.0')).runs[0].tool.driver.rules;
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(rule.help.text).toMatch(/plan approve/);
  });

  it('runCheck rejects a finding whose rule a dynamically registered check did not declare', async () => {
    const sloppy: CheckDefinition = {
      name: 'sloppy-demo',
      summary: 'test double: a check registered at run time',
      pathsDescription: 'anything',
      options: [],
      rules,
      run: async () => resultOf('sloppy-demo', [{ rule: 'demo/mising', severity: 'error', message: 'm', file: 'f' }]),
    };
    registerCheck('sloppy-demo', sloppy);
    await expect(runCheck('sloppy-demo', ['x'], {}, { cwd: os.tmpdir() })).rejects.toThrow(
      'Check "sloppy-demo" reported rule(s) its rule catalogue does not declare: demo/mising.',
    );
  });
});

describe('built-in checks', () => {
  it('every built-in check declares help for every rule of its catalogue', async () => {
    for (const name of checkNames().filter((n) => n !== 'sloppy-demo')) {
      const definition = await getCheck(name);
      for (const row of listRules(name, definition.rules))
        expect(`${name} ${row.id}: ${row.help.length > 10}`).toBe(`${name} ${row.id}: true`);
    }
  });

  it("every check's default help URI lands on its row of the README's check table", () => {
    const readme = readFileSync(path.join(__dirname, '../../../../README.md'), 'utf8');
    const missing = checkNames().filter((name) => name !== 'sloppy-demo' && !readme.includes(`<a id="${checkAnchor(name)}"></a>`));
    expect(missing).toEqual([]);
  });

  /** Folder of a check's sources: checks/<name>/ by convention. */
  const folderOf = (name: string) => path.join(__dirname, name);
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')
          ? [path.join(dir, e.name)]
          : [],
    );

  it('every rule id written literally in a check folder is declared in its catalogue', async () => {
    const undeclared: string[] = [];
    for (const name of checkNames()) {
      const definition = await getCheck(name);
      if (!existsSync(folderOf(name))) continue;
      const prefixes = new Set(Object.keys(definition.rules).flatMap((id) => (id.includes('/') ? [id.split('/')[0]] : [])));
      for (const file of sources(folderOf(name))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/['`]([a-z][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*)['`]/g)) {
          if (prefixes.has(m[1]) && !ruleOf(definition.rules, `${m[1]}/${m[2]}`))
            undeclared.push(`${path.relative(__dirname, file)}: ${m[1]}/${m[2]}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });
});
