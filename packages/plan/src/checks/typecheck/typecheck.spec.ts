import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check } from './typecheck';

const repoModules = path.resolve(__dirname, '../../../../../node_modules');
let dir: string;
const write = (relative: string, text: string) => {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'typecheck-'));
  symlinkSync(repoModules, path.join(dir, 'node_modules'), 'dir');
  write('web/tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['src'] }));
  write('web/src/a.ts', `export const n: number = 1;\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('typecheck', () => {
  it('passes a project that compiles', async () => {
    const r = await check.run(['web/tsconfig.json'], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('names each error at its file:line:col with its TS code', async () => {
    write('web/src/b.ts', `import { n } from './a';\n\nexport const s: string = n;\n`);
    const r = await check.run(['web/tsconfig.json'], {}, { cwd: dir });
    expect(r.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`)).toEqual(['TS2322 web/src/b.ts:3:14']);
    expect(r.findings[0].message).toContain("Type 'number' is not assignable to type 'string'");
    rmSync(path.join(dir, 'web/src/b.ts'));
  });

  it('fails on a missing project and where TypeScript is not installed', async () => {
    const r = await check.run(['nope/tsconfig.json'], {}, { cwd: dir });
    expect(r.findings.map((f) => f.rule)).toEqual(['typecheck/project-missing']);
    const bare = mkdtempSync(path.join(tmpdir(), 'typecheck-bare-'));
    writeFileSync(path.join(bare, 'tsconfig.json'), '{}');
    try {
      const r2 = await check.run(['tsconfig.json'], {}, { cwd: bare });
      expect(r2.findings.map((f) => f.rule)).toEqual(['typecheck/not-installed']);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
