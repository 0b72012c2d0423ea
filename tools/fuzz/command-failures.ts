/**
 * Fuzzes the command check's reader of failed commands' output (checks/command/failures.ts): real
 * node:test TAP reports and tsc diagnostics as seeds, mutated line- and byte-wise (truncated YAML
 * blocks, broken indentation, odd locations and stacks, YAML alias bombs, hostile text, huge
 * lines), then failuresIn() on each. Counts uncaught exceptions (must be 0), messages with a stack
 * trace or an unescaped control character (must be 0), positions that are not positive integers
 * and messages over the length cap (must be 0).
 *
 *   node -r @swc-node/register tools/fuzz/command-failures.ts [--iterations N] [--seed S]
 */
import { failuresIn } from '../../packages/plan/src/checks/command/failures';
import { arg, HOSTILE_TEXT, printedProblem, prng } from './lib';

const iterations = arg('iterations', 10000);
const random = prng(arg('seed', 1));
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)];

const TAP = [
  'TAP version 13',
  '# Subtest: outer',
  '    # Subtest: every contract operation has its handler module',
  '    not ok 1 - every contract operation has its handler module',
  '      ---',
  '      duration_ms: 2863.279565',
  "      location: '/tmp/plan/api/test/endpoints.test.ts:1:357'",
  "      failureType: 'testCodeFailure'",
  '      error: |-',
  '        contract operations without a handler: src/handlers/getPayment.ts',
  '        + actual - expected',
  '        ',
  '        + [',
  "        +   'getPayment: create src/handlers/getPayment.ts'",
  '        + ]',
  '        - []',
  "      code: 'ERR_ASSERTION'",
  '      stack: |-',
  '        TestContext.<anonymous> (/tmp/plan/api/test/endpoints.test.ts:18:10)',
  '        async Test.run (node:internal/test_runner/test:797:9)',
  '      ...',
  '    1..1',
  'not ok 1 - outer',
  '  ---',
  "  location: 'file:///tmp/plan/api/test/endpoints.test.ts:1:1'",
  "  failureType: 'subtestsFailed'",
  "  error: '1 subtest failed'",
  '  ...',
  'ok 2 - fine # SKIP later',
  '1..2',
  '# tests 2',
  '# fail 1',
].join('\n');

const TSC = [
  "sdk/examples/usage.ts(8,7): error TS2322: Type 'string' is not assignable to type 'number'.",
  "src/a b/é.ts(120,33): error TS2339: Property 'x' does not exist on type '{}'.",
  'Found 2 errors in 2 files.',
].join('\n');

const TOKENS = [
  'not ok 1 - ',
  'not ok ',
  '  ---',
  '  ...',
  '---',
  '...',
  "location: '",
  'location: ',
  ':0:0',
  ':999999999999999999999:1',
  ':-1:2',
  '(1,2): error TS1: ',
  '(0,0): error TS9999: x',
  '((1,1)): error TS1: x',
  'error: |-',
  'error: ',
  "failureType: 'subtestsFailed'",
  'stack: |-',
  ' (file:///x.ts:1:1)',
  '&a [*a,*a,*a,*a,*a,*a]',
  '*a',
  '!!binary ',
  '# SKIP',
  '# TODO',
  '\t',
  '\r',
  '\r\n',
  '\u001b[31m',
  '    at Object.<anonymous> (/x.js:1:1)',
  // Not 'TypeError: ...': a failed test's error message is quoted on purpose (it is what went wrong).
  '__proto__',
  'constructor: 1',
];

const BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...Array.from(
    { length: 10 },
    (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
  ),
];

const EDITS: ((lines: string[]) => string[])[] = [
  (l) => l.slice(0, int(l.length + 1)),
  (l) => (l.splice(int(l.length), 1), l),
  (l) => (l.splice(int(l.length), 0, l[int(l.length)] ?? ''), l),
  (l) => l.map((x) => (random() < 0.2 ? x.replace(/^\s+/, (s) => ' '.repeat(Math.max(0, s.length + int(5) - 2))) : x)),
  (l) => l.map((x) => (random() < 0.1 ? `${x.slice(0, int(x.length + 1))}${pick(TOKENS)}${x.slice(int(x.length + 1))}` : x)),
  (l) => l.map((x) => (random() < 0.1 ? `${x}${pick(HOSTILE_TEXT)}` : x)),
  (l) => {
    const at = l.findIndex((x) => x.trim() === '---');
    if (at >= 0) l.splice(at + 1, 0, ...BOMB.map((b) => `${' '.repeat(l[at].indexOf('-'))}${b}`));
    return l;
  },
  (l) => (l.splice(int(l.length), 0, 'x'.repeat(int(200000))), l),
  (l) => {
    for (let i = l.length - 1; i > 0; i--) if (random() < 0.1) [l[i], l[i - 1]] = [l[i - 1], l[i]];
    return l;
  },
];

function mutant(): string {
  let lines = (random() < 0.5 ? TAP : random() < 0.5 ? TSC : `${TSC}\n${TAP}`).split('\n');
  for (let n = 1 + int(4); n > 0; n--) lines = pick(EDITS)(lines);
  let text = lines.join('\n');
  if (random() < 0.2) {
    const bytes = [...text];
    for (let n = int(8); n > 0; n--) bytes[int(bytes.length)] = String.fromCharCode(int(0x250));
    text = bytes.join('');
  }
  return text;
}

let crashes = 0;
let unsafe = 0;
let badPositions = 0;
let withFindings = 0;
const started = Date.now();
for (let i = 0; i < iterations; i++) {
  const text = mutant();
  try {
    const failures = failuresIn(text, '/tmp/plan');
    if (failures.length > 0) withFindings++;
    for (const f of failures) {
      const problem = printedProblem(f.message) ?? (f.message.length > 501 ? 'a message over the cap' : undefined);
      if (problem) {
        unsafe++;
        if (unsafe <= 3) console.log(`#${i}: ${problem}: ${JSON.stringify(f.message.slice(0, 200))}`);
      }
      for (const n of [f.line, f.column])
        if (n !== undefined && !(Number.isSafeInteger(n) && n > 0)) {
          badPositions++;
          if (badPositions <= 3) console.log(`#${i}: position ${n}`);
        }
    }
  } catch (error) {
    crashes++;
    if (crashes <= 3) console.log(`#${i}: uncaught ${(error as Error).stack}`);
  }
}
console.log(
  `command-failures: ${iterations} inputs, ${withFindings} with failures read, ${crashes} uncaught, ${unsafe} unsafe messages, ` +
    `${badPositions} bad positions (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exitCode = crashes + unsafe + badPositions > 0 ? 1 : 0;
