import { createAjv } from '../api-documents/ajv';
import { isRecord, Segments } from '../api-documents/load-document';
import { selectSchemaErrors } from '../api-documents/schema-errors';
import { Finding } from '../contract';
import { derefBundled, findingAt, OpenApiContract } from '../openapi/load-openapi';
import { Operation, operationLabel } from '../openapi/operations';
import type { OpenApiRule } from './rule-catalogue';

/** Lazily: only 3.1 contracts need the 2020-12 meta-schema. */
let meta2020: ReturnType<typeof createAjv> | undefined;

/**
 * OpenAPI 3.1 Schema objects are JSON Schema 2020-12 (the base dialect adds keywords, takes none
 * away), and the official OpenAPI 3.1 schema does not look inside them: each is judged against the
 * 2020-12 meta-schema here (`exclusiveMinimum: true`, 3.0 style, is an error in 3.1). 3.0 Schema
 * objects are covered by the official 3.0 schema.
 */
export function schemaObjectFindings(contract: OpenApiContract, operations: Operation[]): Finding<OpenApiRule>[] {
  if (contract.version !== '3.1') return [];
  meta2020 ??= createAjv('oas31', true);
  const roots: { segments: Segments; value: unknown; where: string }[] = [];
  const media = (content: unknown, segments: Segments, where: string) => {
    if (!isRecord(content)) return;
    for (const [type, raw] of Object.entries(content)) {
      const node = derefBundled(contract, { value: raw, segments: [...segments, type] });
      if (node && isRecord(node.value) && 'schema' in node.value)
        roots.push({ segments: [...node.segments, 'schema'], value: node.value.schema, where });
    }
  };
  for (const op of operations) {
    const label = operationLabel(op);
    for (const p of op.parameters) {
      if ('schema' in p.value)
        roots.push({ segments: [...p.segments, 'schema'], value: p.value.schema, where: `${label} parameter "${p.name}"` });
      media(p.value.content, [...p.segments, 'content'], `${label} parameter "${p.name}"`);
    }
    const body = derefBundled(contract, { value: op.value.requestBody, segments: [...op.segments, 'requestBody'] });
    if (body && isRecord(body.value)) media(body.value.content, [...body.segments, 'content'], `${label} request body`);
    if (isRecord(op.value.responses)) {
      for (const [status, raw] of Object.entries(op.value.responses)) {
        const response = derefBundled(contract, { value: raw, segments: [...op.segments, 'responses', status] });
        if (response && isRecord(response.value))
          media(response.value.content, [...response.segments, 'content'], `${label} response ${status}`);
      }
    }
  }
  const root = contract.bundled.value;
  const schemas = isRecord(root) && isRecord(root.components) && isRecord(root.components.schemas) ? root.components.schemas : {};
  for (const [name, value] of Object.entries(schemas))
    roots.push({ segments: ['components', 'schemas', name], value, where: `schema "${name}"` });

  const findings: Finding<OpenApiRule>[] = [];
  const seen = new Set<string>();
  for (const { segments, value, where } of roots) {
    const key = segments.join('\u0000');
    if (seen.has(key) || (typeof value !== 'boolean' && !isRecord(value))) continue;
    seen.add(key);
    // A schema naming another dialect ($schema) is judged by that dialect, which is not ours to load.
    if (isRecord(value) && typeof value.$schema === 'string' && !value.$schema.includes('2020-12')) continue;
    const { $schema: _dialect, ...body } = isRecord(value) ? value : { value };
    let valid: boolean;
    try {
      valid = meta2020.validateSchema(typeof value === 'boolean' ? value : body) as boolean;
    } catch {
      continue;
    }
    if (valid) continue;
    for (const problem of selectSchemaErrors(meta2020.errors, 10)) {
      findings.push(
        findingAt(
          contract,
          [...segments, ...problem.segments],
          'openapi/schema-invalid',
          `${where}: ${problem.pointer || '/'} ${problem.message} (JSON Schema 2020-12, the schema dialect of OpenAPI 3.1)`,
          'error',
          problem.atKey,
        ),
      );
    }
  }
  return findings;
}
