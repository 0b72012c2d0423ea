/**
 * Fuzzes the Markdown plan parser: mutates valid plan documents (the seeds in ../shared/seeds
 * when present — seed 000 and each template of seed 001, filled — else the package's own sample
 * documents) with byte flips, truncation, line duplication/deletion/swaps, random tokens and
 * unicode, and structure-aware edits (headings, fields, dependency names, mermaid edges, fences,
 * placeholders), plus hostile input (invalid UTF-8 given as bytes, control and bidi characters,
 * huge lines and documents over the size cap, deep list/quote/bracket nesting, YAML alias bombs in
 * fences), then runs the real importPlan() on each. Counts uncaught exceptions (must be 0) and
 * printed diagnostics with a stack trace or an unescaped control character (must be 0).
 * When a mutant parses, it is rendered and parsed again: the plan must come back deep-equal
 * (round-trip failures are counted and also fail the run).
 *
 *   node -r @swc-node/register tools/fuzz/parse-markdown.ts [--iterations N] [--seed S] [--builtin] [--dump]
 *   (--builtin: only the built-in documents; --dump: print the mutant and rendering of a round-trip failure)
 */
import { isDeepStrictEqual } from 'node:util';
import { importPlan } from '../../packages/plan/src/model/markdown/import-plan';
import { parsePlanMarkdown } from '../../packages/plan/src/model/markdown/parse-markdown';
import { STREAM_DOCUMENT, STREAM_VALUES, TASK_DOCUMENT, TASK_VALUES } from '../../packages/plan/src/model/markdown/sample-documents';
import { exampleValues, seedDocuments } from '../../packages/plan/src/model/markdown/seed-documents';
import { formatDiagnostics } from '../../packages/plan/src/model/diagnostics';
import { renderPlanMarkdown } from '../../packages/plan/src/model/render-markdown';
import { PLAN_DOCUMENT_MAX_BYTES } from '../../packages/plan/src/model/source-text';
import { arg, HOSTILE_TEXT, printedProblem, prng, withInvalidUtf8 } from './lib';

const iterations = arg('iterations', 10000);
const random = prng(arg('seed', 1));
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)];

interface Seed {
  name: string;
  markdown: string;
  values: Record<string, string>;
}

const shared = process.argv.includes('--builtin') ? [] : seedDocuments();
const seeds: Seed[] = shared.length
  ? shared.map((d) => ({ name: d.name, markdown: d.markdown, values: exampleValues(d.markdown) }))
  : [
      { name: 'task-document', markdown: TASK_DOCUMENT, values: TASK_VALUES },
      { name: 'stream-document', markdown: STREAM_DOCUMENT, values: STREAM_VALUES },
    ];

const TOKENS = [
  '**',
  '- ',
  '- [ ] ',
  '- [x] ',
  '`',
  '```',
  '```mermaid',
  '~~~',
  '---',
  '|',
  '\\|',
  ':',
  '(',
  ')',
  '[',
  ']',
  '{{',
  '}}',
  '{{ x }}',
  '[Name]',
  '#',
  '## ',
  '### ',
  '#### ',
  '(Priority: High)',
  '(Priority: Nope)',
  '(CREATE)',
  '(MODIFY)',
  '(DELETE)',
  'Task 1.1',
  'Task 9.9',
  'Stream A',
  'Stream Z',
  ', ',
  'None',
  ' --> ',
  '-->',
  'T1.1',
  'T9.9[Task 9.9: X]',
  '**Dependencies:** ',
  '- **Dependencies**: ',
  '**Estimated Time:** ',
  '[4-8] hours',
  '99999999999999999999 hours',
  '1e309 minutes',
  'Run `',
  'python skills/a/scripts/validate_schema.py ',
  '../',
  '/etc/passwd',
  '\u0000',
  '\t',
  '\r',
  '\r\n',
  '\u2028',
  '\uFEFF',
  'é',
  '𝔘',
  '🔥',
  '\u202E',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
];

const STRUCTURE: ((lines: string[]) => string[])[] = [
  // Heading level changes.
  (l) => l.map((x) => (x.startsWith('#') && random() < 0.2 ? (random() < 0.5 ? `#${x}` : x.slice(1)) : x)),
  // Drop a field line or a whole section.
  (l) => {
    const fields = l.flatMap((x, i) => (/\*\*[^*]+\*\*/.test(x) ? [i] : []));
    if (fields.length) l.splice(pick(fields), 1);
    return l;
  },
  // Rewrite a dependency value.
  (l) =>
    l.map((x) =>
      /Dependencies/.test(x) && random() < 0.5
        ? x.replace(
            /(\*\*:?\s*).*$/,
            `$1${pick(['None', 'Task 1.1', 'Task 1.1, Task 1.1', 'Stream A', 'API', 'Infrastructure', 'Nothing Real', 'Task 2.1, Task 1.2', ',', ''])}`,
          )
        : x,
    ),
  // Add or reverse a mermaid edge.
  (l) => {
    const at = l.findIndex((x) => /^graph /.test(x.trim()));
    if (at >= 0)
      l.splice(
        at + 1,
        0,
        pick([
          '    T5.1 --> T1.1',
          '    T1.1 --> T1.1',
          '    T2.1 --> T1.1',
          '    X[Task 7.7: Ghost] --> T1.1',
          '    T1.1 -->',
          '    T1.2[Task 1.2: Other] --> T2.1',
        ]),
      );
    return l;
  },
  // Duplicate a task or stream heading id.
  (l) =>
    l.map((x) =>
      x.replace(/^### (Task|Stream) ([^:]+):/, (m, kind) => (random() < 0.3 ? `### ${kind} ${kind === 'Task' ? '1.1' : 'A'}:` : m)),
    ),
  // Remove or add fences.
  (l) => l.map((x) => (/^(```|~~~)/.test(x) && random() < 0.5 ? '' : x)),
  // Tick checkboxes and change priorities.
  (l) =>
    l.map((x) =>
      x
        .replace('[ ]', random() < 0.3 ? '[x]' : '[ ]')
        .replace(/Priority: \w+/, (m) => (random() < 0.2 ? `Priority: ${pick(['Low', 'Urgent', ''])}` : m)),
    ),
  // Break a placeholder.
  (l) => l.map((x) => (random() < 0.1 ? x.replace(/\}\}/, '}').replace(/\]/, '') : x)),
  // Shuffle the sections.
  (l) => {
    const text = l.join('\n').split(/\n(?=## )/);
    for (let i = text.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [text[i], text[j]] = [text[j], text[i]];
    }
    return text.join('\n').split('\n');
  },
];

/** The first path where two JSON values differ, for the report. */
function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      if (d) return d;
    }
  }
  if (typeof a === 'string' && typeof b === 'string') {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return `${at}: ...${JSON.stringify(a.slice(Math.max(0, i - 40), i + 60))} ≠ ...${JSON.stringify(b.slice(Math.max(0, i - 40), i + 60))}`;
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 200)} ≠ ${JSON.stringify(b)?.slice(0, 200)}`;
}

/** Whole-document hostile edits; a Buffer is given to importPlan as the file's bytes. */
const HOSTILE: ((text: string) => string | Buffer)[] = [
  (t) => withInvalidUtf8(t, random),
  (t) => t.replace(/^(#+ .*)$/m, (m) => `${m}${pick(HOSTILE_TEXT)}${pick(HOSTILE_TEXT)}`),
  (t) => t.replace(/(Task|Stream) ([\w.]+)/g, (m) => (random() < 0.2 ? `${m}${pick(HOSTILE_TEXT)}` : m)),
  (t) => t.replace(/`([^`\n]+)`/g, (m, v) => (random() < 0.3 ? `\`${v}${pick(HOSTILE_TEXT)}\`` : m)),
  (t) => `${t}\n${'x'.repeat(int(PLAN_DOCUMENT_MAX_BYTES / 8))}\n`,
  (t) => `${t}\n${'y'.repeat(PLAN_DOCUMENT_MAX_BYTES + int(1000))}`,
  (t) => `${t}\n${Array.from({ length: 1 + int(3000) }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}\n`,
  (t) => `${t}\n${'>'.repeat(int(50000))} quoted\n`,
  (t) => `${t}\n${'['.repeat(int(50000))}${'('.repeat(int(50000))}\n`,
  (t) =>
    `${t}\n\`\`\`yaml\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`).join('\n')}\n\`\`\`\n`,
  (t) => '\uFEFF' + t,
];

function mutate(text: string): string {
  let lines = text.split('\n');
  const rounds = 1 + int(4);
  for (let r = 0; r < rounds; r++) {
    const op = int(9);
    if (op === 0 && lines.length) {
      const i = int(lines.length);
      const chars = [...lines[i]];
      if (chars.length) chars[int(chars.length)] = String.fromCharCode(int(0x3000));
      lines[i] = chars.join('');
    } else if (op === 1) {
      const joined = lines.join('\n');
      lines = joined.slice(0, int(joined.length + 1)).split('\n');
    } else if (op === 2 && lines.length) {
      const i = int(lines.length);
      lines.splice(i, 0, ...lines.slice(i, i + 1 + int(6)));
    } else if (op === 3 && lines.length) {
      lines.splice(int(lines.length), 1 + int(3));
    } else if (op === 4 && lines.length > 1) {
      const i = int(lines.length);
      const j = int(lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
    } else if (op === 5 && lines.length) {
      const i = int(lines.length);
      const at = int(lines[i].length + 1);
      lines[i] = lines[i].slice(0, at) + pick(TOKENS) + lines[i].slice(at);
    } else if (op === 6) {
      lines.splice(int(lines.length + 1), 0, pick(TOKENS) + pick(TOKENS) + pick(TOKENS));
    } else {
      lines = pick(STRUCTURE)(lines);
    }
  }
  return lines.join(random() < 0.05 ? '\r\n' : '\n');
}

const started = Date.now();
let exceptions = 0;
let slowest = { ms: 0, iteration: -1 };
let withErrors = 0;
let parsed = 0;
let roundTripFailures = 0;
for (let i = 0; i < iterations; i++) {
  const seed = seeds[i % seeds.length];
  const mutated = mutate(seed.markdown);
  const markdown: string | Buffer = random() < 0.2 ? pick(HOSTILE)(mutated) : mutated;
  const values = random() < 0.9 ? seed.values : {};
  const t0 = Date.now();
  try {
    const result = importPlan(markdown, { file: 'PLAN.md', name: 'fuzz', values });
    if (Date.now() - t0 > slowest.ms) slowest = { ms: Date.now() - t0, iteration: i };
    if (!result.plan) {
      withErrors++;
      if (result.diagnostics.length === 0) throw new Error('no plan and no diagnostic');
      for (const d of result.diagnostics)
        if (!(d.line >= 1 && d.column >= 1)) throw new Error(`diagnostic without a position: ${JSON.stringify(d)}`);
      const printed = formatDiagnostics(result.diagnostics);
      const problem = printedProblem(printed);
      if (problem) throw new Error(`${problem}:\n${printed.slice(0, 1000)}`);
      continue;
    }
    parsed++;
    const rendered = renderPlanMarkdown(result.plan);
    const again = parsePlanMarkdown(rendered, { file: 'PLAN.md', name: 'fuzz', values, kind: result.plan.kind });
    const difference = firstDifference(JSON.parse(JSON.stringify(result.plan)), JSON.parse(JSON.stringify(again.plan ?? null)));
    if (difference) {
      roundTripFailures++;
      if (roundTripFailures <= 10)
        console.error(
          `round trip differs (iteration ${i}, ${seed.name}): ${difference}\n${again.diagnostics.map((d) => `  ${d.line}:${d.column} ${d.message}`).join('\n')}`,
        );
      if (process.argv.includes('--dump')) console.error(`--- mutant ---\n${markdown}\n--- rendered ---\n${rendered}`);
    }
  } catch (error) {
    exceptions++;
    if (exceptions <= 5)
      console.error(
        `uncaught (iteration ${i}, ${seed.name}): ${(error as Error).stack}\n--- mutant ---\n${markdown.slice(0, 2000).toString()}\n`,
      );
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `fuzz parse-markdown: ${iterations} inputs (${seeds.length} seed documents${shared.length ? ' from ../shared/seeds' : ', built in'}), ${exceptions} uncaught exceptions, ${withErrors} with error diagnostics, ${parsed} parsed (${roundTripFailures} round-trip failures), slowest ${slowest.ms} ms (iteration ${slowest.iteration}), ${seconds} s`,
);
process.exit(exceptions > 0 || roundTripFailures > 0 ? 1 : 0);
