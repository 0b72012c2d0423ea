import { BundledNode, derefLocal } from '../api-documents/bundle';
import { createAjv } from '../api-documents/ajv';
import { findingAt, sourceOf } from '../api-documents/located-finding';
import { isRecord, Segments, toPointer } from '../api-documents/load-document';
import { selectSchemaErrors } from '../api-documents/schema-errors';
import { Finding } from '../contract';
import { AsyncApiContract } from './load-asyncapi';
import { Message } from './rules';
import type { AsyncApiRule } from './rule-catalogue';

/** Payload formats judged as JSON Schema: the default (AsyncAPI Schema) and JSON Schema draft-07. */
const JSON_SCHEMA_FORMAT = /^application\/(vnd\.aai\.asyncapi(\+json|\+yaml)?|schema\+(json|yaml));version=/;

const metaAjv = createAjv('draft07');

/**
 * Each message payload is a valid schema (against the JSON Schema meta-schema, and it compiles),
 * and each message example's payload matches it. Payloads in other formats (Avro, RAML,
 * Protobuf) are reported as not checked. `judged`: where the official schema already failed.
 */
export function payloadFindings(contract: AsyncApiContract, messages: Message[], judged: Segments[] = []): Finding<AsyncApiRule>[] {
  const inside = (prefix: Segments) => judged.some((at) => prefix.every((s, i) => String(at[i]) === String(s)));
  const findings: Finding<AsyncApiRule>[] = [];
  const seen = new Set<string>();
  for (const message of messages) {
    const value = message.node.value as Record<string, unknown>;
    const payload = derefLocal(contract.bundled, { value: value.payload, segments: [...message.node.segments, 'payload'] });
    if (!payload || value.payload === undefined) continue;
    let schema: BundledNode = payload;
    let format = typeof value.schemaFormat === 'string' ? value.schemaFormat : undefined;
    if (contract.major === 3 && isRecord(payload.value) && typeof payload.value.schemaFormat === 'string' && 'schema' in payload.value) {
      format = payload.value.schemaFormat;
      schema = { value: payload.value.schema, segments: [...payload.segments, 'schema'] };
    }
    const source = sourceOf(contract, schema.segments);
    const key = `${source.document.file}#${toPointer(source.segments)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (format !== undefined && !JSON_SCHEMA_FORMAT.test(format)) {
      findings.push(
        findingAt(
          contract,
          schema.segments,
          'asyncapi/payload-not-checked',
          `message ${message.name}: payload format "${format}" is not compiled and its examples are not validated (only AsyncAPI/JSON Schema payloads are)`,
          'info',
        ),
      );
      continue;
    }
    // Not a schema, or one the official schema already found wrong: reported there.
    if ((typeof schema.value !== 'boolean' && !isRecord(schema.value)) || inside(schema.segments)) continue;
    if (!metaAjv.validateSchema(schema.value as object)) {
      // The official schema already judged default-format payloads; an explicit format is ours.
      if (format === undefined) continue;
      for (const problem of selectSchemaErrors(metaAjv.errors, 10)) {
        findings.push(
          findingAt(
            contract,
            [...schema.segments, ...problem.segments],
            'asyncapi/payload-schema-invalid',
            `message ${message.name}: payload schema ${problem.pointer || '/'} ${problem.message}`,
          ),
        );
      }
      continue;
    }
    const validate = contract.schemas.validator(source.document, toPointer(source.segments));
    if (validate instanceof Error) {
      if (!('missingRef' in validate))
        findings.push(
          findingAt(
            contract,
            schema.segments,
            'asyncapi/payload-schema-invalid',
            `message ${message.name}: payload schema cannot be compiled: ${validate.message.split('\n')[0]}`,
          ),
        );
      continue;
    }
    const examples = Array.isArray(value.examples) ? value.examples : [];
    examples.forEach((example, i) => {
      if (!isRecord(example) || !('payload' in example)) return;
      if (validate(example.payload)) return;
      const at: Segments = [...message.node.segments, 'examples', i, 'payload'];
      for (const problem of selectSchemaErrors(validate.errors, 5)) {
        findings.push(
          findingAt(
            contract,
            [...at, ...problem.segments],
            'asyncapi/example-invalid',
            `message ${message.name}: example ${i + 1} payload ${problem.pointer ? `field ${problem.pointer}` : 'value'} ${problem.message}`,
          ),
        );
      }
    });
  }
  return findings;
}
