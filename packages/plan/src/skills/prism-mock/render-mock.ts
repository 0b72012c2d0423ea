import * as path from 'node:path';
import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';

/**
 * The mock API (mock/start.sh): Prism serving the contract from its examples, requests validated
 * against it. Prism 5.14 is the last release that runs on Node 20 (5.16 needs Node 24).
 */
export const PRISM_DEPENDENCY = { devDependencies: { '@stoplight/prism-cli': '~5.14.2' } } as const;
export const MOCK_START = 'mock/start.sh';

export interface MockOptions {
  /** The contract, relative to the plan (default contracts/openapi.yaml). */
  contractPath?: string;
  /** Port used when PORT is not set. */
  port: number;
  dir?: string;
}

export function renderMock(options: MockOptions): Map<string, string> {
  const dir = options.dir ?? 'mock';
  const out = new Map<string, string>();
  for (const [file, content] of renderTemplateDir(
    templatesDir('skills', 'prism-mock'),
    {
      contractPath: options.contractPath ?? 'contracts/openapi.yaml',
      port: options.port,
      planFromMock: path.posix.relative(dir, '.') || '.',
    },
    {},
  ))
    out.set(`${dir}/${file}`, content);
  return out;
}
