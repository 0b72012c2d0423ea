import { isRecord, Segments, toPointer } from '../api-documents/load-document';
import { selectSchemaErrors } from '../api-documents/schema-errors';
import { Finding } from '../contract';
import { BundledNode, derefBundled, findingAt, OpenApiContract, sourceOf } from '../openapi/load-openapi';
import { Operation, operationLabel } from '../openapi/operations';
import type { OpenApiRule } from './rule-catalogue';

interface ExampleSite {
  /** Schema node (bundled path). */
  schema: Segments;
  /** Example value and its bundled path. */
  example: unknown;
  at: Segments;
  where: string;
}

/** Schema keywords holding subschemas, walked to find examples written inside schemas. */
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMA_SINGLE = [
  'items',
  'additionalProperties',
  'not',
  'contains',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
];

/**
 * Every example of the contract validated against the schema it illustrates: parameter and
 * media-type examples (`example`, `examples.*.value`) of every operation, and examples inside
 * component schemas (`example` in 3.0, `examples: []` in 3.1). External examples are not read.
 */
export function exampleFindings(contract: OpenApiContract, operations: Operation[]): Finding<OpenApiRule>[] {
  const sites: ExampleSite[] = [];
  for (const op of operations) {
    const label = operationLabel(op);
    for (const p of op.parameters) {
      if (isRecord(p.value.schema))
        collectMediaExamples(contract, { value: p.value, segments: p.segments }, `${label} parameter "${p.name}"`, sites);
    }
    const body = derefBundled(contract, { value: op.value.requestBody, segments: [...op.segments, 'requestBody'] });
    if (body && isRecord(body.value))
      collectContent(contract, { value: body.value.content, segments: [...body.segments, 'content'] }, `${label} request body`, sites);
    if (isRecord(op.value.responses)) {
      for (const [status, raw] of Object.entries(op.value.responses)) {
        const response = derefBundled(contract, { value: raw, segments: [...op.segments, 'responses', status] });
        if (response && isRecord(response.value))
          collectContent(
            contract,
            { value: response.value.content, segments: [...response.segments, 'content'] },
            `${label} response ${status}`,
            sites,
          );
      }
    }
  }
  const root = contract.bundled.value;
  const schemas = isRecord(root) && isRecord(root.components) && isRecord(root.components.schemas) ? root.components.schemas : {};
  for (const [name, schema] of Object.entries(schemas))
    collectSchemaExamples(contract, schema, ['components', 'schemas', name], `schema "${name}"`, sites, 0);

  const findings: Finding<OpenApiRule>[] = [];
  const seen = new Set<string>();
  for (const site of sites) {
    const key = site.at.join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    const source = sourceOf(contract, site.schema);
    const validate = contract.schemas.validator(source.document, toPointer(source.segments));
    if (validate instanceof Error) {
      // A reference that does not resolve is already reported where it is written.
      if ('missingRef' in validate) continue;
      findings.push(
        findingAt(
          contract,
          site.schema,
          'openapi/schema-invalid',
          `${site.where}: the schema cannot be compiled: ${validate.message.split('\n')[0]}`,
        ),
      );
      continue;
    }
    if (validate(site.example)) continue;
    for (const problem of selectSchemaErrors(validate.errors, 5)) {
      findings.push(
        findingAt(
          contract,
          [...site.at, ...problem.segments],
          'openapi/example-invalid',
          `${site.where}: example ${problem.pointer ? `field ${problem.pointer}` : 'value'} ${problem.message}`,
        ),
      );
    }
  }
  return findings;
}

function collectContent(contract: OpenApiContract, content: BundledNode, where: string, sites: ExampleSite[]): void {
  if (!isRecord(content.value)) return;
  for (const [type, raw] of Object.entries(content.value)) {
    const media = derefBundled(contract, { value: raw, segments: [...content.segments, type] });
    if (media && isRecord(media.value)) collectMediaExamples(contract, media, `${where} (${type})`, sites);
  }
}

/** `example` and `examples` of a media type or parameter, against its `schema`. */
function collectMediaExamples(contract: OpenApiContract, holder: BundledNode, where: string, sites: ExampleSite[]): void {
  const value = holder.value as Record<string, unknown>;
  if (!isRecord(value.schema) && typeof value.schema !== 'boolean') return;
  const schema = [...holder.segments, 'schema'];
  if ('example' in value) sites.push({ schema, example: value.example, at: [...holder.segments, 'example'], where });
  if (isRecord(value.examples)) {
    for (const [name, raw] of Object.entries(value.examples)) {
      const example = derefBundled(contract, { value: raw, segments: [...holder.segments, 'examples', name] });
      if (!example || !isRecord(example.value) || !('value' in example.value)) continue;
      sites.push({ schema, example: example.value.value, at: [...example.segments, 'value'], where: `${where} example "${name}"` });
    }
  }
}

function collectSchemaExamples(
  contract: OpenApiContract,
  schema: unknown,
  segments: Segments,
  where: string,
  sites: ExampleSite[],
  depth: number,
): void {
  if (!isRecord(schema) || depth > 64 || typeof schema.$ref === 'string') return;
  if ('example' in schema && contract.version === '3.0')
    sites.push({ schema: segments, example: schema.example, at: [...segments, 'example'], where });
  if (Array.isArray(schema.examples)) {
    schema.examples.forEach((example, i) => sites.push({ schema: segments, example, at: [...segments, 'examples', i], where }));
  } else if ('example' in schema && contract.version === '3.1') {
    sites.push({ schema: segments, example: schema.example, at: [...segments, 'example'], where });
  }
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (isRecord(map))
      for (const [name, sub] of Object.entries(map))
        collectSchemaExamples(
          contract,
          sub,
          [...segments, key, name],
          `${where} ${key === 'properties' ? `property "${name}"` : `${key}/${name}`}`,
          sites,
          depth + 1,
        );
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((sub, i) => collectSchemaExamples(contract, sub, [...segments, key, i], where, sites, depth + 1));
  }
  for (const key of SUBSCHEMA_SINGLE) collectSchemaExamples(contract, schema[key], [...segments, key], where, sites, depth + 1);
}
