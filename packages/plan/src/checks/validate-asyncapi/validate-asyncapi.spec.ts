import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Finding } from '../contract';
import { check } from './validate-asyncapi';

const ORDERS_30 = `asyncapi: 3.0.0
info:
  title: Orders
  version: 1.0.0
channels:
  orders:
    address: orders/created
    messages:
      created:
        $ref: '#/components/messages/OrderCreated'
  audit:
    address: audit
    messages:
      logged:
        payload: { type: string }
operations:
  onOrder:
    action: receive
    channel:
      $ref: '#/channels/orders'
    messages:
      - $ref: '#/channels/orders/messages/created'
  log:
    action: send
    channel:
      $ref: '#/channels/audit'
components:
  messages:
    OrderCreated:
      payload:
        type: object
        required: [id]
        properties:
          id: { type: integer }
          customer: { $ref: './schemas.yaml#/Customer' }
      examples:
        - payload: { id: 7, customer: { name: Ada } }
`;
const SCHEMAS = `Customer:
  type: object
  properties:
    name: { $ref: '#/Name' }
Name:
  type: string
`;
const LIGHTS_26 = `asyncapi: 2.6.0
info: { title: Lights, version: 1.0.0 }
channels:
  light/measured:
    publish:
      operationId: onLightMeasured
      message:
        $ref: '#/components/messages/LightMeasured'
components:
  messages:
    LightMeasured:
      payload:
        type: object
        properties:
          lumens: { type: integer, minimum: 0 }
      examples:
        - payload: { lumens: 3 }
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'validate-asyncapi-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(files: Record<string, string>, main = Object.keys(files)[0]) {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return check.run([main], {}, { cwd: dir });
}
const rules = (findings: Finding[]) => findings.map((f) => f.rule);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('validate-asyncapi', () => {
  it('accepts a valid 3.0 document split over two files and lists channels, operations and messages', async () => {
    const result = await run({ 'orders.yaml': ORDERS_30, 'schemas.yaml': SCHEMAS });
    expect(result.findings).toEqual([]);
    const doc = (result.metadata!.documents as Record<string, unknown>[])[0];
    expect(doc).toMatchObject({
      version: '3.0.0',
      files: ['orders.yaml', 'schemas.yaml'],
      channels: [
        { name: 'orders', address: 'orders/created' },
        { name: 'audit', address: 'audit' },
      ],
      operations: [
        { name: 'onOrder', action: 'receive', channel: 'orders' },
        { name: 'log', action: 'send', channel: 'audit' },
      ],
      messages: ['orders/created', 'audit/logged'],
    });
  });

  it('accepts a valid 2.6 document', async () => {
    const result = await run({ 'lights.yaml': LIGHTS_26 });
    expect(result.findings).toEqual([]);
    expect((result.metadata!.documents as Record<string, unknown>[])[0]).toMatchObject({
      operations: [{ name: 'onLightMeasured', action: 'publish', channel: 'light/measured' }],
      messages: ['light/measured/publish'],
    });
  });

  it('reports a $ref to a missing component and a missing file at the $ref', async () => {
    const text = ORDERS_30.replace("'#/components/messages/OrderCreated'", "'#/components/messages/OrderCreatd'");
    const result = await run({ 'orders.yaml': text, 'schemas.yaml': SCHEMAS });
    expect(rules(result.findings)).toEqual(['asyncapi/ref-unresolved']);
    expect(result.findings[0]).toMatchObject({ line: lineOf(text, 'OrderCreatd'), column: 15 });
    const noFile = await run({ 'orders.yaml': ORDERS_30.replace('./schemas.yaml', './nope.yaml') });
    expect(rules(noFile.findings)).toContain('asyncapi/ref-unresolved');
    expect(noFile.findings[0].message).toContain('nope.yaml does not exist');
  });

  it('reports an operation whose channel is not a channel of the document, and a message of another channel', async () => {
    const text = ORDERS_30.replace("      $ref: '#/channels/audit'", "      $ref: '#/components/messages/OrderCreated'").replace(
      "      - $ref: '#/channels/orders/messages/created'",
      "      - $ref: '#/channels/audit/messages/logged'",
    );
    const result = await run({ 'orders.yaml': text, 'schemas.yaml': SCHEMAS });
    expect(rules(result.findings)).toEqual(['asyncapi/operation-message-not-in-channel', 'asyncapi/operation-channel-invalid']);
    expect(result.findings[0]).toMatchObject({ line: lineOf(text, "- $ref: '#/channels/audit/messages/logged'"), column: 9 });
    expect(result.findings[1].message).toContain('operation "log"');
  });

  it('reports invalid payload schemas and examples that do not match their payload', async () => {
    const badType = await run({ 'orders.yaml': ORDERS_30.replace('{ type: string }', '{ type: strin }'), 'schemas.yaml': SCHEMAS });
    expect(rules(badType.findings)).toEqual(['asyncapi/structure']);
    const badPattern = await run({
      'orders.yaml': ORDERS_30.replace('{ type: string }', "{ type: string, pattern: '(' }"),
      'schemas.yaml': SCHEMAS,
    });
    expect(rules(badPattern.findings)).toEqual(['asyncapi/structure']);
    const explicit = LIGHTS_26.replace(
      '      payload:\n',
      "      schemaFormat: 'application/schema+json;version=draft-07'\n      payload:\n",
    ).replace('minimum: 0', 'minimum: zero');
    const badExplicit = await run({ 'lights.yaml': explicit });
    expect(badExplicit.findings).toEqual([
      expect.objectContaining({
        rule: 'asyncapi/structure',
        line: lineOf(explicit, 'minimum: zero'),
        message: expect.stringContaining('must be number'),
      }),
    ]);
    // A pattern the meta-schema accepts (\p is a plain escape) but that is no Unicode regular expression.
    const unicode = await run({
      'orders.yaml': ORDERS_30.replace('{ type: string }', "{ type: string, pattern: '\\p' }"),
      'schemas.yaml': SCHEMAS,
    });
    expect(unicode.findings).toEqual([
      expect.objectContaining({ rule: 'asyncapi/payload-schema-invalid', message: expect.stringContaining('cannot be compiled') }),
    ]);
    const text = ORDERS_30.replace('{ id: 7, customer: { name: Ada } }', '{ id: 7, customer: { name: 42 } }');
    const example = await run({ 'orders.yaml': text, 'schemas.yaml': SCHEMAS });
    expect(example.findings).toEqual([
      expect.objectContaining({
        rule: 'asyncapi/example-invalid',
        line: lineOf(text, 'name: 42'),
        message: expect.stringContaining('field /customer/name must be string'),
      }),
    ]);
    const avro = await run({
      'orders.yaml': ORDERS_30.replace(
        'payload: { type: string }',
        "payload: { schemaFormat: 'application/vnd.apache.avro;version=1.9.0', schema: { type: record, name: Order, fields: [{ name: id, type: long }] } }",
      ),
      'schemas.yaml': SCHEMAS,
    });
    expect(avro.findings).toEqual([expect.objectContaining({ rule: 'asyncapi/payload-not-checked', severity: 'info' })]);
    expect(avro.ok).toBe(true);
  });

  it('reports structure errors, unsupported versions and unparsable files', async () => {
    const structure = await run({ 'lights.yaml': LIGHTS_26.replace('info: { title: Lights, version: 1.0.0 }', 'info: { title: Lights }') });
    expect(structure.findings).toEqual([
      expect.objectContaining({ rule: 'asyncapi/structure', line: 2, message: expect.stringContaining('"version"') }),
    ]);
    const version = await run({ 'old.yaml': 'asyncapi: 1.9.0\ninfo: {}\n' });
    expect(version.findings).toEqual([expect.objectContaining({ rule: 'asyncapi/version-unsupported', line: 1, column: 11 })]);
    const parse = await run({ 'bad.yaml': 'asyncapi: 3.0.0\n  info: x\n: y' });
    expect(parse.findings[0]).toMatchObject({ rule: 'asyncapi/parse', file: 'bad.yaml' });
  });
});
