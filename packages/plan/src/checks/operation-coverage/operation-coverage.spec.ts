import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildContract, renderContractYaml } from '../../skills/openapi-contract';
import { check } from './operation-coverage';

let dir: string;
const write = (relative: string, text: string) => {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};
const brief = (r: { findings: { rule: string; file: string; line?: number; column?: number }[] }) =>
  r.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`);

const CLIENT = `export class Client {
  constructor(private readonly baseUrl: string) {}
  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.baseUrl + path, { method, body: JSON.stringify(body) });
    return (await response.json()) as T;
  }
  listBoards() { return this.request('GET', '/v1/boards'); }
  createBoard(body: unknown) { return this.request('POST', '/v1/boards', body); }
  getBoard(id: string) { return this.request('GET', \`/v1/boards/\${encodeURIComponent(id)}\`); }
  updateBoard(id: string, body: unknown) { return this.request('PATCH', \`/v1/boards/\${id}\`, body); }
  deleteBoard(id: string) { return this.request('DELETE', \`/v1/boards/\${id}\`); }
}
export const api = new Client('/api');
`;
const LIST_PAGE = `import { api } from '../api/client';
export async function load() {
  return api.listBoards();
}
export const add = (b: unknown) => api.createBoard(b);
`;
const DETAIL_PAGE = `import * as client from '../api/client';
export function Detail({ id }: { id: string }) {
  const run = async () => {
    await client.api.getBoard(id);
  };
  return <button onClick={() => client.api.updateBoard(id, {}).then(() => client.api.deleteBoard(id))}>Save</button>;
}
`;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'operation-coverage-'));
  write('contracts/openapi.yaml', renderContractYaml(buildContract({ serviceName: 'teamboard', resources: ['boards'] })));
  write('web/src/api/client.ts', CLIENT);
  write('web/src/pages/boards.tsx', LIST_PAGE);
  write('web/src/pages/board.tsx', DETAIL_PAGE.replace('client.api.getBoard', 'client.api.getBoard'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (options: Record<string, string> = {}) =>
  check.run(['web/src'], { contract: 'contracts/openapi.yaml', client: 'web/src/api/client.ts', ...options }, { cwd: dir });

describe('operation-coverage', () => {
  it('passes when the client defines and the pages call every operation', async () => {
    const r = await run();
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.metadata).toMatchObject({ operations: 5, called: 5, files: 3 });
  });

  it('names an operation no page calls at its place in the contract', async () => {
    write('web/src/pages/boards.tsx', LIST_PAGE.replace('api.createBoard(b)', 'Promise.resolve(b)'));
    const r = await run();
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.rule)).toEqual(['operation/uncalled']);
    expect(r.findings[0].file).toBe('contracts/openapi.yaml');
    expect(r.findings[0].line).toBeGreaterThan(1);
    expect(r.findings[0].message).toContain('POST /v1/boards (createBoard)');
  });

  it('finds a page fetching an operation the contract lacks, at the call (TypeScript cannot see it)', async () => {
    write(
      'web/src/pages/archive.ts',
      `export async function archive(id: string) {\n  await fetch(\`/api/v1/boards/\${id}/archive\`, { method: 'POST' });\n}\n`,
    );
    const r = await run({ basePath: '/api' });
    expect(brief(r)).toEqual(['operation/undocumented-call web/src/pages/archive.ts:2:9']);
    expect(r.findings[0].message).toContain('POST `/api/v1/boards/${id}/archive`');
  });

  it('accepts literal requests to documented operations under the base path, and judges methods', async () => {
    write(
      'web/src/pages/raw.ts',
      `export const a = () => fetch('/api/v1/boards?limit=5');\nexport const b = () => fetch('/api/v1/boards', { method: 'PUT' });\n`,
    );
    const r = await run({ basePath: '/api' });
    expect(brief(r)).toEqual(['operation/undocumented-call web/src/pages/raw.ts:2:24']);
  });

  it('finds a client operation the contract does not define, and a client function missing for an operation', async () => {
    write('web/src/api/client.ts', CLIENT.replace(/  deleteBoard.*\n/, '  archiveBoard(id: string) { return Promise.resolve(id); }\n'));
    write('web/src/pages/board.tsx', DETAIL_PAGE.replace('client.api.deleteBoard(id)', 'client.api.archiveBoard(id)'));
    const r = await run();
    expect(r.findings.map((f) => `${f.rule} ${f.file}`)).toEqual([
      'operation/not-in-client contracts/openapi.yaml',
      'operation/uncalled contracts/openapi.yaml',
      'operation/unknown-operation web/src/pages/board.tsx',
    ]);
    expect(r.findings[2]).toMatchObject({ line: 6, column: 86 });
  });

  it('warns about a computed URL, which cannot be compared', async () => {
    write('web/src/pages/dyn.ts', `export const go = (u: string) => fetch(u);\n`);
    const r = await run();
    expect(r.ok).toBe(true);
    expect(brief(r)).toEqual(['operation/dynamic-call web/src/pages/dyn.ts:1:34']);
  });

  it('reports an unreadable contract and missing paths as findings', async () => {
    const r = await check.run(['web/nope'], { contract: 'contracts/missing.yaml' }, { cwd: dir });
    expect(r.ok).toBe(false);
    expect(r.findings[0].rule).toBe('operation/contract-unreadable');
    const r2 = await check.run(['web/nope'], { contract: 'contracts/openapi.yaml' }, { cwd: dir });
    expect(r2.findings.map((f) => f.rule)).toContain('operation/not-found');
  });

  it('reads files with syntax errors without throwing', async () => {
    write('web/src/pages/broken.tsx', `export const x = <div>{api.listBoards(}</div>\n`);
    const r = await run();
    expect(r.ok).toBe(true);
  });
});
