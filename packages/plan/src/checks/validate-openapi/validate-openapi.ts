import { isRecord } from '../api-documents/load-document';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { loadOpenApi } from '../openapi/load-openapi';
import { listOperations } from '../openapi/operations';
import { exampleFindings } from './examples';
import { ruleFindings, unrequiredPathParameters } from './rules';
import { schemaObjectFindings } from './schema-objects';
import { structureFindings } from './structure';
import { OpenApiRule, rules } from './rule-catalogue';

/**
 * An OpenAPI 3.0 or 3.1 contract (YAML or JSON, split over files by `$ref`) is valid: structure
 * per the official schema, every `$ref` resolves, path templates and path parameters agree,
 * operationIds are unique, security requirements name defined schemes, responses are described
 * and examples match their schemas.
 */
export const check: CheckDefinition<Record<string, never>, OpenApiRule> = {
  name: 'validate-openapi',
  rules,
  summary: 'OpenAPI 3.0/3.1: official schema, $refs resolve, path parameters, unique operationIds, security schemes, responses, examples',
  pathsDescription: 'OpenAPI documents (YAML or JSON; files they $ref are read too)',
  options: [],
  async run(paths, _options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-openapi needs at least one OpenAPI document.');
    const findings: Finding<OpenApiRule>[] = [];
    const documents: Record<string, unknown>[] = [];
    for (const given of paths) {
      const outcome = validateOpenApiFile(given, context.cwd);
      findings.push(...outcome.findings);
      documents.push(outcome.metadata);
    }
    return resultOf('validate-openapi', findings, { documents });
  },
};

export function validateOpenApiFile(given: string, cwd: string): { findings: Finding<OpenApiRule>[]; metadata: Record<string, unknown> } {
  const loaded = loadOpenApi(given, cwd);
  const contract = loaded.contract;
  if (!contract) return { findings: loaded.findings, metadata: { file: given } };
  const operations = listOperations(contract);
  const findings = [
    ...loaded.findings,
    ...structureFindings(contract, unrequiredPathParameters(operations)),
    ...ruleFindings(contract, operations),
    ...schemaObjectFindings(contract, operations),
    ...exampleFindings(contract, operations),
  ];
  const root = contract.bundled.value as Record<string, unknown>;
  const components = isRecord(root.components) ? root.components : {};
  return {
    findings,
    metadata: {
      file: given,
      version: contract.openapi,
      files: contract.set.documents.map((d) => d.display),
      operations: operations.map((op) => ({
        method: op.method.toUpperCase(),
        path: op.path,
        ...(op.operationId ? { operationId: op.operationId } : {}),
      })),
      schemas: isRecord(components.schemas) ? Object.keys(components.schemas) : [],
    },
  };
}
