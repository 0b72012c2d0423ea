import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { redoclyErrors, ReferenceError } from '../../testing/redocly-reference';
import { describeWithSharedFixtures, sharedFixturesDir } from '../../testing/shared-fixtures';
import { check } from './validate-asyncapi';

/**
 * Real public AsyncAPI documents (read in place; social-media/ references common/*.yaml across
 * folders) judged by validate-asyncapi and by the reference validator, Redocly's `spec` ruleset:
 * both accept every file, and both reject each file with a `$ref` pointed at a missing target.
 */
describeWithSharedFixtures('validate-asyncapi conformance: ../shared/fixtures/contracts/asyncapi vs Redocly', () => {
  const dir = path.join(sharedFixturesDir() ?? '', 'contracts', 'asyncapi');
  const files = fs.existsSync(dir)
    ? [
        ...fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)),
        ...['comments-service', 'notification-service']
          .map((s) => `social-media/${s}/asyncapi.yaml`)
          .filter((f) => fs.existsSync(path.join(dir, f))),
      ].sort()
    : [];
  let scratch: string;
  const mutants: { name: string; file: string }[] = [];
  let reference: Map<string, ReferenceError[]>;

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(tmpdir(), 'asyncapi-conformance-'));
    // A temporary copy of the whole folder, so mutants keep their relative references to common/.
    fs.cpSync(dir, scratch, { recursive: true });
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const mutated = text.replace(/(\$ref: *['"]?#\/[^'"\n]*?)(['"]?\n)/, '$1Missing$2');
      if (mutated === text) continue;
      const copy = path.join(scratch, path.dirname(file), `mutant-${path.basename(file)}`);
      fs.writeFileSync(copy, mutated);
      mutants.push({ name: `${file} with a $ref to a missing target`, file: copy });
    }
    reference = redoclyErrors([...files.map((f) => path.join(dir, f)), ...mutants.map((m) => m.file)]);
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('has fixtures to read, single- and multi-file', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(files.some((f) => f.startsWith('social-media/'))).toBe(true);
    expect(mutants.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s: valid for both', async (file) => {
    const result = await check.run([file], {}, { cwd: dir });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(reference.get(path.join(dir, file))).toEqual([]);
  });

  it('both reject every mutant, ours at the broken $ref', async () => {
    for (const mutant of mutants) {
      const result = await check.run([mutant.file], {}, { cwd: scratch });
      expect({ mutant: mutant.name, rules: result.findings.filter((f) => f.severity === 'error').map((f) => f.rule) }).toEqual({
        mutant: mutant.name,
        rules: expect.arrayContaining(['asyncapi/ref-unresolved']),
      });
      expect({ mutant: mutant.name, referenceErrors: reference.get(mutant.file)!.length > 0 }).toEqual({
        mutant: mutant.name,
        referenceErrors: true,
      });
    }
  });
});
