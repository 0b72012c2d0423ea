import * as path from 'node:path';
import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';

/**
 * The API explorer (docs/): Swagger UI from swagger-ui-dist with the contract as JSON, built by
 * docs/build.mjs into docs/dist/ (which also refuses operations and fields the explorer would show
 * blank).
 */
export const SWAGGER_UI_DEPENDENCY = { devDependencies: { 'swagger-ui-dist': '~5.35.0' } } as const;
export const DOCS_BUILD = 'docs/build.mjs';

export function renderDocs(options: { serviceName: string; contractPath?: string; dir?: string }): Map<string, string> {
  const dir = options.dir ?? 'docs';
  const contractPath = options.contractPath ?? 'contracts/openapi.yaml';
  const out = new Map<string, string>();
  for (const [file, content] of renderTemplateDir(
    templatesDir('skills', 'swagger-docs'),
    { serviceName: options.serviceName, contractPath, contractFromDocs: path.posix.relative(dir, contractPath), docsDir: dir },
    {},
  ))
    out.set(`${dir}/${file}`, content);
  return out;
}
