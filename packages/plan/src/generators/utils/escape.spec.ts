import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';
import { parse, parseDocument } from 'yaml';
import { hostileStrings } from '../../testing/hostile-strings';
import { commentText, inertOrThrow, isUnsafeCodePoint, pythonString, pythonText, templateEscapes, yamlScalar } from './escape';

const values = [...hostileStrings('/tmp/never-created'), 'plain', 'Churn prediction', 'naïve café – 東京', 'a"b\'c\\d\ne'];

/** Runs `script` in a Python that reads JSON on stdin and prints JSON; one process per call. */
function python(executable: string, script: string, input: unknown): any {
  const run = spawnSync(executable, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${executable} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const hasUnsafe = (text: string) => [...text].some((c) => isUnsafeCodePoint(c.codePointAt(0)!));

describe('pythonString / pythonText (CPython reads back exactly the input)', () => {
  it('round-trips every value as a literal in both quote styles and inside a docstring', () => {
    const cases = values.flatMap((v) => [
      [pythonString(v), v],
      [pythonString(v, "'"), v],
      [`"""Title: ${pythonText(v)} API."""`, `Title: ${v} API.`],
      [`'''${pythonText(v)}'''`, v],
    ]);
    const script = `
import ast, json, sys
out = []
for source, expected in json.load(sys.stdin):
    try:
        out.append(ast.literal_eval(source) == expected)
    except Exception as error:
        out.append(repr(error))
print(json.dumps(out))
`;
    const results: unknown[] = python('python3', script, cases);
    const failures = cases.filter((_, i) => results[i] !== true).map(([source], i) => ({ source, result: results[i] }));
    expect(failures).toEqual([]);
    expect(results).toHaveLength(values.length * 4);
  });

  it('writes only safe characters, so the file is valid UTF-8 and has no stray line break', () => {
    for (const v of values) expect(hasUnsafe(pythonString(v))).toBe(false);
    expect(pythonString('a"""b\n')).toBe('"a\\"\\"\\"b\\n"');
    expect(pythonString('\ud800\u2028\0')).toBe('"\\ud800\\u2028\\x00"');
  });
});

describe('commentText', () => {
  it('keeps any value on its comment line in Python, YAML and a Dockerfile', () => {
    const sources = values.map((v) => `x = 1  # ${commentText(v)}\ny = 2\n`);
    const script = `
import ast, json, sys
print(json.dumps([len(ast.parse(s).body) for s in json.load(sys.stdin)]))
`;
    expect(python('python3', script, sources)).toEqual(values.map(() => 2));
    for (const v of values) {
      expect(parse(`a: 1 # ${commentText(v)}\nb: 2\n`)).toEqual({ a: 1, b: 2 });
      const docker = DockerfileParser.parse(`# syntax=docker/dockerfile:1\n# API image of ${commentText(v)}: x\nFROM alpine\n`);
      expect(docker.getInstructions().map((i) => i.getKeyword())).toEqual(['FROM']);
      expect(hasUnsafe(commentText(v))).toBe(false);
    }
  });

  it('spells line breaks visibly instead of dropping them', () => {
    expect(commentText('a\nb\r\u2028')).toBe('a\\x0ab\\x0d\\u2028');
  });
});

describe('yamlScalar', () => {
  it('round-trips every value in block and flow context, YAML 1.2 and 1.1 (yaml library)', () => {
    for (const v of values) {
      const scalar = yamlScalar(v);
      for (const version of ['1.2', '1.1'] as const) {
        const block = parseDocument(`key: ${scalar}\nnext: 1\n`, { version });
        expect(block.errors).toEqual([]);
        expect(block.toJS()).toEqual({ key: v, next: 1 });
        const flow = parseDocument(`list: [${scalar}, z]\n`, { version });
        expect(flow.errors).toEqual([]);
        expect(flow.toJS()).toEqual({ list: [v, 'z'] });
      }
    }
  });

  const pyyaml = existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import yaml']).status === 0;
  (pyyaml ? it : it.skip)('round-trips every value under PyYAML (Mage, ml/train.py), which reads YAML 1.1', () => {
    const documents = values.map((v) => `key: ${yamlScalar(v)}\nlist: [${yamlScalar(v)}, z]\n`);
    const script = `
import json, sys, yaml
out = []
for doc in json.load(sys.stdin):
    try:
        out.append(yaml.safe_load(doc))
    except Exception as error:
        out.append(repr(error))
print(json.dumps(out))
`;
    // Unpaired surrogates: PyYAML decodes the escape into the same lone surrogate, which JSON spells the same way.
    expect(python('/usr/bin/python3', script, documents)).toEqual(values.map((v) => ({ key: v, list: [v, 'z'] })));
  });

  it('quotes YAML 1.1 booleans and never emits a block scalar or an unsafe character', () => {
    expect(yamlScalar('yes')).toBe('"yes"');
    expect(yamlScalar('churn_etl')).toBe('churn_etl');
    for (const v of values) {
      expect(yamlScalar(v)).not.toMatch(/^[|>]/);
      expect(hasUnsafe(yamlScalar(v))).toBe(false);
    }
  });
});

describe('inertOrThrow (the EJS escape of every template)', () => {
  it('prints identifiers, paths and numbers', () => {
    expect(inertOrThrow('models/churn_model.zip')).toBe('models/churn_model.zip');
    expect(inertOrThrow(0.7)).toBe('0.7');
  });

  it('refuses anything with syntax in it', () => {
    for (const v of ['"', "'", '`', '\\', '\n', '#', '$(x)', '<%', '{{', ';', '\u2028'])
      expect(() => inertOrThrow(`a${v}b`)).toThrow(/Template bug: .* esc\.\* helper/s);
  });
});

describe('templateEscapes', () => {
  it('takes one argument each, so values.map(esc.x) is safe', () => {
    expect(['a', 'b'].map(templateEscapes.py)).toEqual(['"a"', '"b"']);
    expect(['a'].map(templateEscapes.pySingle)).toEqual(["'a'"]);
  });
});
