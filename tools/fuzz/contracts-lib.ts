/**
 * Shared by the contract-check fuzzers (validate-compose, validate-k8s, validate-workflow,
 * validate-data-contract, prometheus-config): byte-level and structure-aware mutations of YAML or
 * JSON seeds, and a runner that feeds mutated files to the real check.run() in batches, checks the
 * shape of every finding and counts uncaught exceptions (which must be 0).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import type { CheckResult } from '../../packages/plan/src/checks/contract';
import { arg, prng } from './lib';

export interface Rng {
  rand: () => number;
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
}

export function rng(seed: number): Rng {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  return { rand, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] };
}

const TOKENS = [
  ':',
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '*zz',
  '<<: *a\n',
  '!!str ',
  '!!binary ',
  '!foo ',
  '? ',
  '|',
  '>-',
  "'",
  '"',
  '#',
  '\t',
  '  ',
  '\n',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  'null',
  '~',
  'yes',
  'on',
  '0x1F',
  '1e999',
  '-0',
  '.nan',
  '\u0000',
  '\uFEFF',
  '\u2028',
  '💥',
  'é',
  '\r\n',
  '${VAR}',
  '${{ ',
  ' }}',
  '$',
  '\\',
];

export const WEIRD_VALUES: unknown[] = [
  null,
  0,
  -1,
  70000,
  3.5,
  1e300,
  true,
  false,
  '',
  ' ',
  'x',
  '${X}',
  '${{ github.sha }}',
  '${{ )',
  '../..',
  '/',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  [],
  {},
  ['a'],
  { a: 1 },
  [[1]],
  { __proto__: 1 },
  '\u0000',
  'é/💥',
  '10s',
  '15x',
  '8080:80',
  '1-2:3-5/udp',
  '[::1]:80:80',
  'CMD',
  'service_healthy',
];

export function byteMutate(text: string, r: Rng): string {
  let s = text;
  const ops = 1 + r.int(4);
  for (let k = 0; k < ops; k++) {
    const at = r.int(s.length + 1);
    const lines = s.split('\n');
    switch (r.int(8)) {
      case 0:
        if (s.length > 0)
          s = s.slice(0, at) + String.fromCharCode(s.charCodeAt(Math.min(at, s.length - 1)) ^ (1 << r.int(7))) + s.slice(at + 1);
        break;
      case 1:
        s = s.slice(0, at);
        break;
      case 2:
        if (lines.length > 0) {
          const i = r.int(lines.length);
          lines.splice(i, 0, lines[i]);
          s = lines.join('\n');
        }
        break;
      case 3:
        if (lines.length > 1) {
          lines.splice(r.int(lines.length), 1);
          s = lines.join('\n');
        }
        break;
      case 4:
        if (lines.length > 1) {
          const i = r.int(lines.length);
          const j = r.int(lines.length);
          [lines[i], lines[j]] = [lines[j], lines[i]];
          s = lines.join('\n');
        }
        break;
      case 5:
        if (lines.length > 0) {
          const i = r.int(lines.length);
          lines[i] = ' '.repeat(r.int(7)) + lines[i].trimStart();
          s = lines.join('\n');
        }
        break;
      default:
        s = s.slice(0, at) + r.pick(TOKENS) + s.slice(at);
    }
  }
  return s;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every container (object or array) in the tree, each once. YAML aliases make the parsed tree a
 * graph (`&a [*a, *a]` is a cycle): walking it as a tree took exponential time and memory.
 */
function containers(root: unknown): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, depth: number) => {
    if (depth > 40 || seen.has(node)) return;
    if (Array.isArray(node) || isObj(node)) {
      seen.add(node);
      out.push(node);
      for (const v of Object.values(node as Obj)) walk(v, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

/**
 * A fresh copy of a weird value: inserting the shared one let later edits grow WEIRD_VALUES itself,
 * so every run's inputs were larger than the last (megabytes after a few thousand, then out of memory).
 */
const weird = (r: Rng): unknown => structuredClone(r.pick(WEIRD_VALUES));

/** Whether a container is reached twice (YAML aliases, a cycle). */
function isGraph(root: unknown): boolean {
  const seen = new Set<unknown>();
  const walk = (node: unknown): boolean => {
    if (!Array.isArray(node) && !isObj(node)) return false;
    if (seen.has(node)) return true;
    seen.add(node);
    return Object.values(node as Obj).some(walk);
  };
  return walk(root);
}

/**
 * Structure-aware edits: drop, retype, rename or duplicate keys and items anywhere in the tree,
 * insert format-specific `extras` (e.g. a depends_on naming a ghost), graft subtrees elsewhere.
 */
export function structureMutate(root: unknown, r: Rng, extras: Obj = {}): void {
  const ops = 1 + r.int(4);
  for (let k = 0; k < ops; k++) {
    const all = containers(root);
    if (all.length === 0) return;
    const node = r.pick(all);
    if (Array.isArray(node)) {
      switch (r.int(4)) {
        case 0:
          if (node.length) node.splice(r.int(node.length), 1);
          break;
        case 1:
          if (node.length) node.push(structuredClone(r.pick(node)));
          break;
        case 2:
          node[r.int(node.length + 1)] = weird(r);
          break;
        default:
          node.push(structuredClone(r.pick(all)));
      }
      continue;
    }
    const obj = node as Obj;
    const keys = Object.keys(obj);
    const key = keys.length ? r.pick(keys) : 'x';
    switch (r.int(6)) {
      case 0:
        delete obj[key];
        break;
      case 1:
        obj[key] = weird(r);
        break;
      case 2: {
        // rename (a typo)
        const value = obj[key];
        delete obj[key];
        obj[key.length > 1 ? key.slice(0, -1) : `${key}x`] = value;
        break;
      }
      case 3: {
        const extraKeys = Object.keys(extras);
        if (extraKeys.length) {
          const e = r.pick(extraKeys);
          obj[e] = structuredClone(extras[e]);
        } else obj[key] = weird(r);
        break;
      }
      case 4:
        obj[`${key}${r.int(3)}`] = structuredClone(r.pick(all));
        break;
      default:
        if (isObj(obj[key]) || Array.isArray(obj[key])) obj[key] = structuredClone(obj[key]);
        else obj[key] = String(obj[key]);
    }
  }
}

/** One mutated text from a seed: bytes, structure, or both. */
export function mutate(seed: string, r: Rng, extras: Obj = {}, json = false): string {
  const mode = r.int(3);
  if (mode === 0) return byteMutate(seed, r);
  let docs: unknown[];
  try {
    docs = seed.split(/^---\s*$/m).map((part) => parse(part));
  } catch {
    return byteMutate(seed, r);
  }
  for (const doc of docs) if (r.rand() < 0.7) structureMutate(doc, r, extras);
  let text: string;
  try {
    text = json
      ? docs.map((d) => JSON.stringify(d, null, r.rand() < 0.5 ? 2 : 0)).join('\n')
      : // A tree written out in full; a graph (aliases, cycles) with anchors, as its source had them.
        docs.map((d) => stringify(d, { aliasDuplicateObjects: isGraph(d) })).join('---\n');
  } catch {
    return byteMutate(seed, r);
  }
  return mode === 2 ? byteMutate(text, r) : text;
}

export interface FuzzSpec {
  name: string;
  /** Inputs per check.run() (checks that spawn a process per run batch their files). */
  batch?: number;
  /** Writes the inputs of one run into `dir` and runs the check on them. */
  run(dir: string, r: Rng, count: number): Promise<CheckResult>;
  /** A sound input must pass, or the fuzzer measures noise. */
  baseline?(dir: string): Promise<CheckResult>;
}

export async function fuzzMain(spec: FuzzSpec): Promise<void> {
  const iterations = arg('iterations', 10000);
  const seed = arg('seed', 1);
  const r = rng(seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fuzz-${spec.name}-`));
  if (spec.baseline) {
    const base = await spec.baseline(dir);
    if (!base.ok)
      throw new Error(`${spec.name}: the seed does not pass: ${JSON.stringify(base.findings.filter((f) => f.severity === 'error'))}`);
  }
  const started = Date.now();
  const batch = spec.batch ?? 1;
  let exceptions = 0;
  let failing = 0;
  let findings = 0;
  const rules = new Map<string, number>();
  for (let done = 0; done < iterations; done += batch) {
    const count = Math.min(batch, iterations - done);
    try {
      const result = await spec.run(dir, r, count);
      if (!result.ok) failing++;
      findings += result.findings.length;
      for (const f of result.findings) {
        rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
        if (
          typeof f.rule !== 'string' ||
          typeof f.message !== 'string' ||
          !['error', 'warning', 'info'].includes(f.severity) ||
          (f.line !== undefined && !(Number.isInteger(f.line) && f.line >= 1)) ||
          (f.column !== undefined && !(Number.isInteger(f.column) && f.column >= 1))
        )
          throw new Error(`malformed finding ${JSON.stringify(f)}`);
      }
    } catch (error) {
      exceptions++;
      if (exceptions <= 5) {
        const saved = fs.mkdtempSync(path.join(os.tmpdir(), `fuzz-${spec.name}-crash-`));
        for (const f of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, f), path.join(saved, f));
        console.error(`run at input ${done}: ${(error as Error).stack ?? error}\n  inputs saved in ${saved}`);
      }
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `fuzz ${spec.name}: ${iterations} inputs in ${Math.ceil(iterations / batch)} runs, ${exceptions} uncaught exceptions, ${failing} runs with error findings, ${findings} findings, ${seconds} s (seed ${seed})`,
  );
  if (process.argv.includes('--verbose'))
    console.log(
      [...rules]
        .sort((a, b) => b[1] - a[1])
        .map(([rule, n]) => `  ${rule}: ${n}`)
        .join('\n'),
    );
  process.exit(exceptions > 0 ? 1 : 0);
}

/** Real files from ../shared/fixtures/contracts/<folder> when present (read in place). */
export function sharedSeeds(folder: string, ext: RegExp): string[] {
  const dir = path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures', 'contracts', folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => ext.test(f))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
}
