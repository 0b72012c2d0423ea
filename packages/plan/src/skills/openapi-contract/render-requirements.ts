import * as path from 'node:path';
import { stringify } from 'yaml';
import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { contractOperations, type ContractOptions } from './build-contract';
import { CONTRACT_PATH } from './render-contract';

/** Beside the contract: the requirements it must cover and the script that checks them (and versioned paths). */
export const REQUIREMENTS_PATH = 'contracts/requirements.yaml';
export const REQUIREMENTS_CHECK = 'contracts/check-requirements.mjs';

const VERBS: Record<string, string> = { get: 'Read', post: 'Create', patch: 'Change', delete: 'Delete' };

export function renderRequirements(options: Pick<ContractOptions, 'resources' | 'version'>): Map<string, string> {
  const requirements = contractOperations(options).map((op, i) => ({
    id: `R${i + 1}`,
    text: op.operationId.startsWith('list') ? `List ${op.resource}` : `${VERBS[op.method]} one of ${op.resource}`,
    operation: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    scope: op.scope,
  }));
  const header =
    '# What the API must offer, one entry per capability the PRD names (add yours): check-requirements.mjs\n' +
    '# fails naming each requirement the contract does not cover.\n';
  const out = new Map<string, string>([[REQUIREMENTS_PATH, header + stringify({ requirements }, { lineWidth: 0 })]]);
  const dir = path.posix.dirname(CONTRACT_PATH);
  for (const [file, content] of renderTemplateDir(templatesDir('skills', 'openapi-contract'), {}, {})) out.set(`${dir}/${file}`, content);
  return out;
}
