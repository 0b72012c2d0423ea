import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Finding } from '../contract';
import { check } from './validate-openapi';

const PETS_30 = `openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets/{petId}:
    parameters:
      - name: petId
        in: path
        required: true
        schema: { type: integer }
        example: 7
    get:
      operationId: getPet
      security:
        - apiKey: []
      responses:
        '200':
          description: A pet
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
              example: { id: 7, name: Rex, tag: null }
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: Pets
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: './schemas.yaml#/Owner'
components:
  securitySchemes:
    apiKey: { type: apiKey, in: header, name: X-Key }
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: { type: integer, example: 7 }
        name: { type: string }
        tag: { type: string, nullable: true }
`;
const SCHEMAS = `Owner:
  type: object
  properties:
    pet: { $ref: '#/Pet' }
Pet:
  type: object
  properties:
    id: { type: integer }
`;
const PETS_31 = JSON.stringify(
  {
    openapi: '3.1.0',
    info: { title: 'Pets', version: '1' },
    paths: {
      '/pets/{id}': {
        delete: {
          operationId: 'deletePet',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'deleted' } },
        },
      },
    },
    components: { schemas: { Id: { type: ['string', 'null'], examples: ['a', null] } } },
  },
  null,
  2,
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'validate-openapi-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(files: Record<string, string>, main = Object.keys(files)[0]) {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return check.run([main], {}, { cwd: dir });
}
const rules = (findings: Finding[]) => findings.map((f) => f.rule);
/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('validate-openapi', () => {
  it('accepts a valid 3.0 contract split over two files and lists its operations', async () => {
    const result = await run({ 'api.yaml': PETS_30, 'schemas.yaml': SCHEMAS });
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    const doc = (result.metadata!.documents as Record<string, unknown>[])[0];
    expect(doc.version).toBe('3.0.3');
    expect(doc.operations).toEqual([
      { method: 'GET', path: '/pets/{petId}', operationId: 'getPet' },
      { method: 'GET', path: '/pets', operationId: 'listPets' },
    ]);
    expect(doc.schemas).toEqual(['Pet']);
    expect(doc.files).toEqual(['api.yaml', 'schemas.yaml']);
  });

  it('accepts a valid 3.1 JSON contract', async () => {
    const result = await run({ 'api31.json': PETS_31 });
    expect(result.findings).toEqual([]);
  });

  it('reports a path parameter missing from parameters at the operation', async () => {
    const text = PETS_30.replace(/    parameters:\n(.*\n){5}/, '');
    const result = await run({ 'api.yaml': text, 'schemas.yaml': SCHEMAS });
    expect(rules(result.findings)).toEqual(['openapi/path-parameter-missing']);
    expect(result.findings[0]).toMatchObject({ file: 'api.yaml', line: lineOf(text, '    get:'), column: 5 });
    expect(result.findings[0].message).toContain('"petId"');
  });

  it('reports a $ref to a missing component at the $ref', async () => {
    const text = PETS_30.replace("'#/components/schemas/Pet'", "'#/components/schemas/Pets'");
    const result = await run({ 'api.yaml': text, 'schemas.yaml': SCHEMAS });
    expect(rules(result.findings)).toEqual(['openapi/ref-unresolved']);
    expect(result.findings[0]).toMatchObject({ line: lineOf(text, '#/components/schemas/Pets'), column: 23 });
    expect(result.ok).toBe(false);
  });

  it('reports a broken $ref inside a referenced file, in that file', async () => {
    const result = await run({ 'api.yaml': PETS_30, 'schemas.yaml': SCHEMAS.replace("'#/Pet'", "'#/Cat'") });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'openapi/ref-unresolved', file: 'schemas.yaml', line: 4, column: 18 }),
    ]);
  });

  it('reports a referenced file that does not exist', async () => {
    const text = PETS_30.replace('./schemas.yaml', './missing.yaml');
    const result = await run({ 'api.yaml': text });
    expect(rules(result.findings)).toEqual(['openapi/ref-unresolved', 'openapi/ref-unresolved']);
    expect(result.findings[0].message).toContain('missing.yaml does not exist');
  });

  it('reports path parameters that are not required or not in the template', async () => {
    const text = PETS_30.replace('        required: true\n', '        required: false\n').replace(
      '      operationId: listPets\n',
      '      operationId: listPets\n      parameters:\n        - { name: petId, in: path, required: true, schema: { type: string } }\n',
    );
    const result = await run({ 'api.yaml': text, 'schemas.yaml': SCHEMAS });
    expect(rules(result.findings).sort()).toEqual(['openapi/path-parameter-not-required', 'openapi/path-parameter-unused']);
    const notRequired = result.findings.find((f) => f.rule === 'openapi/path-parameter-not-required')!;
    expect(notRequired.line).toBe(lineOf(text, 'required: false'));
  });

  it('reports duplicate operationIds, undefined security schemes, and undescribed responses', async () => {
    const text = PETS_30.replace('operationId: listPets', 'operationId: getPet').replace('- apiKey: []', '- oauth: [read]');
    const result = await run({ 'api.yaml': text, 'schemas.yaml': SCHEMAS });
    expect(rules(result.findings)).toEqual(['openapi/operation-id-duplicate', 'openapi/security-scheme-undefined']);
    expect(result.findings[0]).toMatchObject({ line: text.split('\n').lastIndexOf('      operationId: getPet') + 1, column: 20 });
    expect(result.findings[1].message).toContain('defined: apiKey');
    const noDescription = await run({ 'api.yaml': PETS_30.replace('          description: Pets\n', ''), 'schemas.yaml': SCHEMAS });
    expect(noDescription.findings).toEqual([
      expect.objectContaining({ rule: 'openapi/structure', message: expect.stringContaining('"description"') }),
    ]);
  });

  it('validates examples against their schemas and points at the offending field', async () => {
    const text = PETS_30.replace('{ id: 7, name: Rex, tag: null }', '{ id: "seven", name: Rex, tag: null }').replace(
      'example: 7\n    get',
      'example: x\n    get',
    );
    const result = await run({ 'api.yaml': text, 'schemas.yaml': SCHEMAS });
    expect(rules(result.findings)).toEqual(['openapi/example-invalid', 'openapi/example-invalid']);
    const body = result.findings.find((f) => f.message.includes('/id'))!;
    expect(body.message).toContain('GET /pets/{petId} response 200');
    expect(body.line).toBe(lineOf(text, 'id: "seven"'));
    const nullTag = await run({ 'api.yaml': PETS_30.replace('tag: null', 'tag: 3'), 'schemas.yaml': SCHEMAS });
    expect(nullTag.findings).toEqual([
      expect.objectContaining({ rule: 'openapi/example-invalid', message: expect.stringContaining('/tag') }),
    ]);
  });

  it('reports structure errors per the official schema, and 3.1 examples', async () => {
    const bad = JSON.parse(PETS_31);
    bad.info = { title: 'Pets' };
    bad.components.schemas.Id.examples = [1];
    const result = await run({ 'api31.json': JSON.stringify(bad, null, 2) });
    expect(rules(result.findings)).toEqual(['openapi/structure', 'openapi/example-invalid']);
    expect(result.findings[0].message).toContain('missing required property "version"');
  });

  it('judges 3.1 schemas as JSON Schema 2020-12 unless they declare another dialect', async () => {
    const bad = JSON.parse(PETS_31);
    bad.components.schemas.Low = { type: 'number', minimum: 1, exclusiveMinimum: true };
    bad.components.schemas.Old = { $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', exclusiveMinimum: true };
    const text = JSON.stringify(bad, null, 2);
    const result = await run({ 'api31.json': text });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'openapi/schema-invalid',
        line: lineOf(text, '"exclusiveMinimum": true'),
        message: expect.stringContaining('/exclusiveMinimum must be number'),
      }),
    ]);
  });

  it('reports unparsable files, unsupported versions and missing files with positions', async () => {
    const parse = await run({ 'bad.yaml': 'openapi: 3.0.3\ninfo: [\n' });
    expect(parse.findings[0]).toMatchObject({ rule: 'openapi/parse', file: 'bad.yaml', line: expect.any(Number) });
    const swagger = await run({ 'old.yaml': 'swagger: "2.0"\ninfo: {}\n' });
    expect(swagger.findings).toEqual([expect.objectContaining({ rule: 'openapi/version-unsupported', line: 1, column: 1 })]);
    const duplicate = await run({ 'dup.yaml': 'openapi: 3.0.3\nopenapi: 3.0.3\n' });
    expect(duplicate.findings[0]).toMatchObject({ rule: 'openapi/parse', line: 2 });
    const missing = await check.run(['nope.yaml'], {}, { cwd: dir });
    expect(missing.findings).toEqual([expect.objectContaining({ rule: 'openapi/not-found', file: 'nope.yaml' })]);
  });
});
