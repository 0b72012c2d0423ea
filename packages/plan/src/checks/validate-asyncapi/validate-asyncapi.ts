import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { isRecord } from '../api-documents/load-document';
import { loadAsyncApi } from './load-asyncapi';
import { payloadFindings } from './payloads';
import { listMessages, listOperations, operationFindings } from './rules';
import { structureFindings } from './structure';
import { AsyncApiRule, rules } from './rule-catalogue';

/**
 * An AsyncAPI 2.x or 3.x document (YAML or JSON, split over files by `$ref`) is valid: structure
 * per the official schema of its version, every `$ref` resolves, 3.x operations name channels of
 * the document and messages of those channels, payload schemas are valid and examples match them.
 */
export const check: CheckDefinition<Record<string, never>, AsyncApiRule> = {
  name: 'validate-asyncapi',
  rules,
  summary:
    'AsyncAPI 2.x/3.x: official schema, $refs resolve, operations name existing channels and their messages, payload schemas and examples',
  pathsDescription: 'AsyncAPI documents (YAML or JSON; files they $ref are read too)',
  options: [],
  async run(paths, _options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-asyncapi needs at least one AsyncAPI document.');
    const findings: Finding<AsyncApiRule>[] = [];
    const documents: Record<string, unknown>[] = [];
    for (const given of paths) {
      const outcome = validateAsyncApiFile(given, context.cwd);
      findings.push(...outcome.findings);
      documents.push(outcome.metadata);
    }
    return resultOf('validate-asyncapi', findings, { documents });
  },
};

export function validateAsyncApiFile(given: string, cwd: string): { findings: Finding<AsyncApiRule>[]; metadata: Record<string, unknown> } {
  const loaded = loadAsyncApi(given, cwd);
  const contract = loaded.contract;
  if (!contract) return { findings: loaded.findings, metadata: { file: given } };
  const operations = listOperations(contract);
  const messages = listMessages(contract);
  const structure = structureFindings(contract);
  const findings = [
    ...loaded.findings,
    ...structure.findings,
    ...operationFindings(contract, operations),
    ...payloadFindings(contract, messages, structure.at),
  ];
  const root = contract.bundled.value as Record<string, unknown>;
  const channels = isRecord(root.channels) ? Object.entries(root.channels).filter(([k]) => !k.startsWith('x-')) : [];
  return {
    findings,
    metadata: {
      file: given,
      version: contract.asyncapi,
      files: contract.set.documents.map((d) => d.display),
      channels: channels.map(([name, channel]) => ({
        name,
        address: contract.major === 3 ? (isRecord(channel) && typeof channel.address === 'string' ? channel.address : null) : name,
      })),
      operations: operations.map((op) => ({ name: op.name, action: op.action, ...(op.channel ? { channel: op.channel } : {}) })),
      messages: messages.map((m) => m.name),
    },
  };
}
