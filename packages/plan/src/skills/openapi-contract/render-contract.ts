import { stringify } from 'yaml';
import type { OpenApiDocument } from './build-contract';

/** Where every kind puts the contract, relative to the plan folder. */
export const CONTRACT_PATH = 'contracts/openapi.yaml';

/**
 * The contract as YAML: the yaml library quotes free text (title, description) as needed, and
 * shared objects are written out in full (no anchors/aliases: several tools mishandle them).
 */
export function renderContractYaml(document: OpenApiDocument): string {
  const body = stringify(document, { aliasDuplicateObjects: false, lineWidth: 0, version: '1.2' });
  return `# The API contract: the single source of truth for the service, mock, SDK, docs and gateway.\n${body}`;
}
