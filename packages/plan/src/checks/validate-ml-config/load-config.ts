import type { z } from 'zod';
import type { Finding, Severity } from '../contract';
import { KNOWN_KEYS, MlConfig, mlConfigSchema } from './ml-config-schema';
import type { MlConfigRule } from './rule-catalogue';
import { parseYamlWithPositions, Pos, ValuePath, YamlDoc } from './yaml-doc';

/**
 * Reads ml/config.yaml into findings with positions: YAML syntax, then the zod shape (unknown
 * keys, missing keys, wrong types, unknown algorithm). Rules across fields run on `value` even when
 * the shape is wrong elsewhere, so one typo does not hide every other problem.
 */
export interface LoadedConfig {
  doc: YamlDoc;
  /** The plain value when the YAML could be read (a mapping or not). */
  value?: unknown;
  /** Set only when the whole shape is valid. */
  config?: MlConfig;
  findings: Finding<MlConfigRule>[];
}

const MAX_SYNTAX_FINDINGS = 10;

export function loadConfig(text: string, file: string): LoadedConfig {
  const doc = parseYamlWithPositions(text);
  const findings: Finding<MlConfigRule>[] = [];
  const add = (rule: MlConfigRule, severity: Severity, message: string, pos: Pos) =>
    findings.push({ rule, severity, message, file, ...pos });

  let syntax = 0;
  for (const p of doc.problems) {
    if (p.kind === 'duplicate-key') {
      add('ml-config/duplicate-key', 'error', `${p.message}: PyYAML silently keeps the last one. Remove the other occurrence.`, p.pos);
    } else if (p.kind === 'key') {
      add(
        'ml-config/invalid-yaml',
        'error',
        `Invalid key: ${p.message}; PyYAML fails with "found unhashable key". Use a plain name as the key.`,
        p.pos,
      );
    } else if (p.kind === 'aliases') {
      add(
        'ml-config/invalid-yaml',
        'error',
        `YAML aliases expand too much (${p.message}). Write the values out instead of nesting aliases.`,
        p.pos,
      );
    } else if (++syntax <= MAX_SYNTAX_FINDINGS) {
      add(
        'ml-config/invalid-yaml',
        'error',
        `Invalid YAML: ${p.message}. Fix the syntax; the training script cannot read this file.`,
        p.pos,
      );
    }
  }
  if (doc.value === undefined || doc.value === null) {
    if (!findings.length)
      add('ml-config/empty', 'error', 'The config is empty: write version, data, training and export (see the ml/config.yaml format).', {
        line: 1,
        column: 1,
      });
    return { doc, findings };
  }
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    add(
      'ml-config/not-a-mapping',
      'error',
      `The config is ${what}; it must be a mapping with version, data, training and export.`,
      doc.locate([]),
    );
    return { doc, value, findings };
  }

  const result = mlConfigSchema.safeParse(value);
  if (result.success) return { doc, value, config: result.data, findings };
  for (const issue of result.error.issues) findings.push(...issueFindings(issue, value, doc, file));
  return { doc, value, findings };
}

function issueFindings(issue: z.core.$ZodIssue, value: unknown, doc: YamlDoc, file: string): Finding<MlConfigRule>[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const where = formatPath(path);
  const at = (rule: MlConfigRule, message: string, pos: Pos, severity: Severity = 'error'): Finding<MlConfigRule> => ({
    rule,
    severity,
    message,
    file,
    ...pos,
  });

  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_KEYS[path.filter((p) => typeof p === 'string').join('.')] ?? [];
    return issue.keys.map((key) => {
      const near = closest(key, known);
      const hint = near ? `did you mean "${near}"?` : known.length ? `known keys: ${known.join(', ')}` : 'remove it';
      return at(
        'ml-config/unknown-key',
        `Unknown key "${key}" in ${where || 'the config'} (${hint}): remove it or fix the spelling.`,
        doc.locate([...path, key], 'key'),
      );
    });
  }
  const actual = valueAt(value, path);
  if (issue.code === 'invalid_type') {
    if (actual === undefined) {
      const parent = path.slice(0, -1);
      return [
        at(
          'ml-config/missing-key',
          `${where} is required: add it under ${formatPath(parent) || 'the top level'} (see the ml/config.yaml format).`,
          parent.length ? doc.locate(parent, 'key') : doc.locate([]),
        ),
      ];
    }
    return [
      at(
        'ml-config/invalid-type',
        `${where} must be ${expectedText(issue.expected)}, found ${describeValue(actual)}: fix the value.`,
        doc.locate(path),
      ),
    ];
  }
  if (issue.code === 'invalid_value') {
    const options = issue.values.map((v) => JSON.stringify(v)).join(', ');
    if (where === 'training.algorithm') {
      return [at('ml-config/unknown-algorithm', `Unknown algorithm ${JSON.stringify(actual)}: use one of ${options}.`, doc.locate(path))];
    }
    const expected = issue.values.length === 1 ? options : `one of ${options}`;
    return [at('ml-config/invalid-value', `${where} is ${JSON.stringify(actual)}; it must be ${expected}.`, doc.locate(path))];
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    return [at('ml-config/invalid-value', `${where || 'the config'}: ${lowerFirst(issue.message)}. Fix the value.`, doc.locate(path))];
  }
  return [at('ml-config/invalid-value', `${where || 'the config'}: ${lowerFirst(issue.message)}. Fix the value.`, doc.locate(path))];
}

export function valueAt(value: unknown, path: ValuePath): unknown {
  let node = value;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** `data.features[2]` */
export function formatPath(path: ValuePath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

function expectedText(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object' || expected === 'record') return 'a mapping';
  if (expected === 'int') return 'an integer';
  return `a ${expected}`;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null (an empty value)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  return `the ${typeof v} ${String(v)}`;
}

function lowerFirst(s: string): string {
  return s ? s[0].toLowerCase() + s.slice(1).replace(/\.$/, '') : s;
}

/** The known key at edit distance ≤ 2 (typos), if any. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
