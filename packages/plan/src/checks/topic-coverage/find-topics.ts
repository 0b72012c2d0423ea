import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit } from 'yaml';

/**
 * Topic names a file uses, with their line and column. YAML/JSON: values of `topic`/`topics` keys
 * anywhere. Code (Python, TypeScript, JavaScript, Java, Scala, Kotlin, Go, SQL): string literals on
 * a line that mentions a topic or a subscription (`EVENTS_TOPIC = "app.events"`,
 * `.option("subscribe", "app.events")`, `producer.send({ topic: 'app.events' })`), minus the
 * option names themselves. Comments are skipped.
 */
export interface TopicUse {
  topic: string;
  line: number;
  column: number;
}

const CODE = /\.(py|ts|tsx|js|mjs|cjs|java|scala|kt|go|sql)$/i;
const YAML = /\.(ya?ml|json)$/i;
const MENTION = /topic|subscribe/i;
const OPTION_NAMES = new Set(['subscribe', 'subscribepattern', 'topic', 'topics', 'assign', 'kafka']);
const TOPIC = /^[A-Za-z0-9][A-Za-z0-9._-]{0,248}$/;

export function isScannable(file: string): boolean {
  return CODE.test(file) || YAML.test(file);
}

export function topicsIn(file: string, text: string): TopicUse[] {
  if (YAML.test(file)) return topicsInYaml(text);
  if (CODE.test(file)) return topicsInCode(file, text);
  return [];
}

function topicsInYaml(text: string): TopicUse[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, logLevel: 'silent' });
  if (doc.errors.length > 0) return [];
  const uses: TopicUse[] = [];
  const add = (node: unknown) => {
    if (!isScalar(node) || typeof (node as Scalar).value !== 'string') return;
    const pos = counter.linePos((node as Scalar).range?.[0] ?? 0);
    uses.push({ topic: String((node as Scalar).value), line: pos.line, column: pos.col });
  };
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || !['topic', 'topics'].includes(String(pair.key.value))) return;
      if (isSeq(pair.value)) pair.value.items.forEach(add);
      else if (!isMap(pair.value)) add(pair.value);
    },
  });
  return uses;
}

function topicsInCode(file: string, text: string): TopicUse[] {
  const hash = /\.(py)$/i.test(file);
  const sql = /\.sql$/i.test(file);
  const uses: TopicUse[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = stripComment(raw, hash, sql);
    if (!MENTION.test(line)) return;
    for (const m of line.matchAll(/(["'`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
      const value = m[2];
      if (!TOPIC.test(value) || OPTION_NAMES.has(value.toLowerCase()) || /^kafka\./i.test(value) || !/[._-]/.test(value)) continue;
      uses.push({ topic: value, line: i + 1, column: (m.index ?? 0) + 2 });
    }
  });
  return uses;
}

/** The line without its trailing comment (quotes respected). */
function stripComment(line: string, hash: boolean, sql: boolean): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (hash && c === '#') return line.slice(0, i);
    else if (!hash && !sql && c === '/' && line[i + 1] === '/') return line.slice(0, i);
    else if (sql && c === '-' && line[i + 1] === '-') return line.slice(0, i);
  }
  return line;
}
