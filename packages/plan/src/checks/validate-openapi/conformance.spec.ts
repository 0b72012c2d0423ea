import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { fromPointer, isRecord, valueAt } from '../api-documents/load-document';
import { redoclyErrors, ReferenceError } from '../../testing/redocly-reference';
import { describeWithSharedFixtures, sharedFixturesDir } from '../../testing/shared-fixtures';
import { check } from './validate-openapi';

/**
 * Real public OpenAPI documents (read in place) judged by validate-openapi and by the reference
 * validator, Redocly's `spec` ruleset: both must agree on every file, and on two realistic
 * mistakes made in each (a path parameter missing from `parameters`, a `$ref` to a missing
 * component). Redocly errors the specification does not support are set aside, each for a reason:
 * - discriminator mappings to bare schema names ("Option One": "OptionOneNoDisc"): the
 *   specification allows names as well as references; Redocly resolves every value as a $ref;
 * - `x-code-samples`: an extension Redocly types for its own products; extensions are free-form;
 * - schemas that declare another dialect with `$schema` (3.1): Redocly judges them as 2020-12.
 */
const UNSUPPORTED_BY_SPEC = (doc: unknown) => (error: ReferenceError) => {
  const segments = fromPointer(error.pointer.replace(/^#/, '')) ?? [];
  if (error.rule === 'no-unresolved-refs' && segments.includes('mapping') && segments[segments.indexOf('mapping') - 1] === 'discriminator')
    return true;
  if (error.rule === 'struct' && segments.some((s) => String(s).startsWith('x-'))) return true;
  for (let i = segments.length; i >= 0; i--) {
    const node = valueAt(doc, segments.slice(0, i)).value;
    if (isRecord(node) && typeof node.$schema === 'string' && !node.$schema.includes('2020-12')) return true;
  }
  return false;
};

describeWithSharedFixtures('validate-openapi conformance: ../shared/fixtures/contracts/openapi vs Redocly', () => {
  const dir = path.join(sharedFixturesDir() ?? '', 'contracts', 'openapi');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
    : [];
  let scratch: string;
  const mutants: { name: string; file: string; mistake: 'path-parameter' | 'ref' }[] = [];
  let reference: Map<string, ReferenceError[]>;

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(tmpdir(), 'openapi-conformance-'));
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const doc = parse(text);
      const first = Object.keys(doc.paths)[0];
      const templated = { ...doc, paths: { ...doc.paths, [`${first.replace(/\/$/, '')}/{mutantId}`]: doc.paths[first] } };
      delete templated.paths[first];
      const missingRef = text.replace(/#\/components\/schemas\/([A-Za-z0-9_.-]+)/, '#/components/schemas/$1Missing');
      const ext = path.extname(file);
      const paramFile = path.join(scratch, `param-${file}`);
      fs.writeFileSync(paramFile, JSON.stringify(templated, null, 2));
      mutants.push({ name: `${file} with a path parameter missing`, file: paramFile, mistake: 'path-parameter' });
      if (missingRef !== text) {
        const refFile = path.join(scratch, `ref-${path.basename(file, ext)}${ext}`);
        fs.writeFileSync(refFile, missingRef);
        mutants.push({ name: `${file} with a $ref to a missing component`, file: refFile, mistake: 'ref' });
      }
    }
    reference = redoclyErrors([...files.map((f) => path.join(dir, f)), ...mutants.map((m) => m.file)]);
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('has fixtures of both versions to read', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(files.some((f) => f.includes('3.0'))).toBe(true);
    expect(files.some((f) => f.includes('3.1'))).toBe(true);
  });

  it.each(files)('%s: valid for both', async (file) => {
    const result = await check.run([file], {}, { cwd: dir });
    const doc = parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const referenceErrors = reference.get(path.join(dir, file))!.filter((e) => !UNSUPPORTED_BY_SPEC(doc)(e));
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(referenceErrors).toEqual([]);
  });

  it('made a $ref mutant of most files', () => {
    expect(mutants.filter((m) => m.mistake === 'ref').length).toBeGreaterThanOrEqual(3);
  });

  it('both reject every mutant, ours with the rule of the mistake', async () => {
    for (const mutant of mutants) {
      const result = await check.run([mutant.file], {}, { cwd: scratch });
      const rule = mutant.mistake === 'ref' ? 'openapi/ref-unresolved' : 'openapi/path-parameter-missing';
      expect({ mutant: mutant.name, rules: result.findings.filter((f) => f.severity === 'error').map((f) => f.rule) }).toEqual({
        mutant: mutant.name,
        rules: expect.arrayContaining([rule]),
      });
      expect({ mutant: mutant.name, referenceErrors: reference.get(mutant.file)!.length > 0 }).toEqual({
        mutant: mutant.name,
        referenceErrors: true,
      });
    }
  });
});
