import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadContractOption, serverBasePath } from './contract-option';
import { listOperations } from './operations';

const dir = mkdtempSync(path.join(tmpdir(), 'contract-option-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROOT = (server: string) =>
  `openapi: 3.1.0\ninfo: { title: t, version: '1' }\nservers: [{ url: '${server}', variables: { v: { default: v2 } } }]\npaths:\n  $ref: paths.yaml\n`;
const PATHS = (method: string) => `/pets:\n  ${method}:\n    responses: { '200': { description: ok } }\n`;

function load() {
  const loaded = loadContractOption('openapi.yaml', dir, 'gateway-routes');
  if ('findings' in loaded) throw new Error(JSON.stringify(loaded.findings));
  return loaded.contract;
}

describe('the contract option', () => {
  it('reuses a loaded contract only while every file it came from is unchanged', () => {
    writeFileSync(path.join(dir, 'openapi.yaml'), ROOT('http://localhost/api/{v}/'));
    writeFileSync(path.join(dir, 'paths.yaml'), PATHS('get'));
    const first = load();
    expect(load()).toBe(first);
    writeFileSync(path.join(dir, 'paths.yaml'), PATHS('post'));
    const second = load();
    expect(second).not.toBe(first);
    expect(listOperations(second).map((o) => o.method)).toEqual(['post']);
  });

  it('reads the base path from the first server URL, variables at their defaults', () => {
    writeFileSync(path.join(dir, 'openapi.yaml'), ROOT('http://localhost/api/{v}/'));
    expect(serverBasePath(load())).toBe('/api/v2');
    writeFileSync(path.join(dir, 'openapi.yaml'), ROOT('/relative'));
    expect(serverBasePath(load())).toBe('/relative');
    writeFileSync(path.join(dir, 'openapi.yaml'), ROOT('https://api.example.com'));
    expect(serverBasePath(load())).toBe('');
  });

  it('names an unreadable contract under the calling check, and a missing option as a usage error', () => {
    const missing = loadContractOption('nope.yaml', dir, 'realm-scopes');
    expect('findings' in missing && missing.findings.map((f) => f.rule)).toEqual(['realm/contract-unreadable']);
    expect(() => loadContractOption(undefined, dir, 'realm-scopes')).toThrow('pass --contract <openapi.yaml>');
  });
});
