import type { MojoRule } from './rule-catalogue';

/**
 * model.ini, read the way H2O's ModelMojoReader reads it: line by line (\n, \r\n or \r), each line
 * trimmed, blank and `#` lines skipped; `[info]` holds `key = value`, `[columns]` one name per line
 * (n_columns must already be known), `[domains]` lines `<col>: <n_levels> <file>`. Lines before
 * any section are ignored. Values stay raw text with their position; javaType() types them.
 */
export interface IniValue {
  raw: string;
  line: number;
  /** 1-based column of the value's first character. */
  column: number;
}

export interface IniProblem {
  rule: MojoRule;
  severity: 'error' | 'warning';
  message: string;
  line: number;
  column: number;
}

export interface DomainSpec {
  columnIndex: number;
  levels: number;
  file: string;
  line: number;
  column: number;
}

export interface ModelIni {
  info: Map<string, IniValue>;
  /** Undefined when there is no [columns] section. */
  columns?: Array<{ name: string; line: number }>;
  columnsLine?: number;
  /** n_columns as H2O read it when entering [columns]. */
  declaredColumns?: number;
  /** Undefined when there is no [domains] section. */
  domains?: DomainSpec[];
  domainsLine?: number;
  problems: IniProblem[];
}

/** Java's String.trim(): strips every char <= U+0020 at both ends (not U+FEFF, not NBSP). */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return s.slice(start, end);
}

export function parseModelIni(text: string): ModelIni {
  const result: ModelIni = { info: new Map(), problems: [] };
  const problem = (rule: MojoRule, severity: 'error' | 'warning', message: string, line: number, column = 1) =>
    result.problems.push({ rule, severity, message, line, column });
  if (text.charCodeAt(0) === 0xfeff) {
    problem(
      'mojo/ini-syntax',
      'error',
      'model.ini starts with a byte-order mark: H2O does not strip it, so the first line is not read as [info] and every key before the next section is lost. Save the file as UTF-8 without BOM.',
      1,
    );
  }
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let section = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const original = lines[i];
    const line = javaTrim(original);
    const indent = original.indexOf(line.charAt(0)) + 1 || 1;
    if (line === '' || line.startsWith('#')) continue;
    if (line === '[info]') {
      section = 1;
    } else if (line === '[columns]') {
      if (result.columns)
        problem(
          'mojo/ini-syntax',
          'error',
          'Second [columns] section: H2O restarts the column list and fails with "`n_columns` variable is too small". Keep one [columns] section.',
          lineNo,
          indent,
        );
      section = 2;
      result.columnsLine = lineNo;
      result.columns = [];
      const n = result.info.get('n_columns');
      if (!n) {
        problem(
          'mojo/n-columns',
          'error',
          '`n_columns` is not set before [columns]: H2O fails with "`n_columns` variable is missing in the model info". Add `n_columns = <number of lines in [columns]>` to [info].',
          lineNo,
          indent,
        );
      } else if (javaInt(n.raw) === undefined || (javaInt(n.raw) as number) < 0) {
        problem(
          'mojo/n-columns',
          'error',
          `n_columns = ${n.raw} is not a non-negative integer (H2O parses it with Integer.parseInt). Write the number of lines in [columns].`,
          n.line,
          n.column,
        );
      } else {
        result.declaredColumns = javaInt(n.raw);
      }
    } else if (line === '[domains]') {
      if (result.domains)
        problem(
          'mojo/ini-syntax',
          'warning',
          'Second [domains] section: its lines are merged with the first. Keep one [domains] section.',
          lineNo,
          indent,
        );
      section = 3;
      result.domainsLine = lineNo;
      result.domains ??= [];
    } else if (section === 0) {
      problem(
        'mojo/ini-syntax',
        'warning',
        `Line outside any section is ignored by H2O: ${JSON.stringify(clip(line))}. Move it under [info] or remove it.`,
        lineNo,
        indent,
      );
    } else if (section === 1) {
      const match = /\s*=\s*/.exec(line);
      if (!match) {
        problem(
          'mojo/ini-syntax',
          'error',
          `[info] line without "=": ${JSON.stringify(clip(line))}; H2O fails on it (ArrayIndexOutOfBounds). Write it as \`key = value\`.`,
          lineNo,
          indent,
        );
        continue;
      }
      const key = line.slice(0, match.index);
      const raw = line.slice(match.index + match[0].length);
      if (result.info.has(key))
        problem(
          'mojo/duplicate-key',
          'warning',
          `Key ${key} is set twice; H2O keeps the last value (${JSON.stringify(clip(raw))}). Remove one.`,
          lineNo,
          indent,
        );
      result.info.set(key, { raw, line: lineNo, column: indent + match.index + match[0].length });
    } else if (section === 2) {
      const columns = result.columns as Array<{ name: string; line: number }>;
      if (result.declaredColumns !== undefined && columns.length === result.declaredColumns) {
        problem(
          'mojo/n-columns',
          'error',
          `More lines in [columns] than n_columns = ${result.declaredColumns}: H2O fails with "\`n_columns\` variable is too small". Set n_columns to the number of column lines.`,
          lineNo,
          indent,
        );
      }
      columns.push({ name: line, line: lineNo });
    } else {
      const match = /:\s*/.exec(line);
      const index = match ? javaInt(line.slice(0, match.index)) : undefined;
      const rest = match ? line.slice(match.index + match[0].length) : '';
      const space = rest.indexOf(' ');
      const levels = space > 0 ? javaInt(rest.slice(0, space)) : undefined;
      const file = space > 0 ? rest.slice(space + 1) : '';
      if (!match || index === undefined || levels === undefined || file === '' || index < 0 || levels < 0) {
        problem(
          'mojo/ini-syntax',
          'error',
          `Bad [domains] line ${JSON.stringify(clip(line))}: H2O expects \`<column index>: <number of levels> <file>\`, e.g. \`0: 3 d000.txt\`.`,
          lineNo,
          indent,
        );
        continue;
      }
      (result.domains as DomainSpec[]).push({ columnIndex: index, levels, file, line: lineNo, column: indent });
    }
  }
  return result;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Integer.parseInt: optional sign, ASCII digits, 32-bit range; undefined when Java would throw. */
export function javaInt(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

/** Double.parseDouble (decimal forms): trims, accepts NaN/Infinity, exponents, f/d suffixes. */
export function javaDouble(s: string): number | undefined {
  const t = javaTrim(s);
  const m = /^([+-]?)(NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?$/.exec(t);
  if (!m) return undefined;
  if (m[2] === 'NaN') return NaN;
  if (m[2] === 'Infinity') return m[1] === '-' ? -Infinity : Infinity;
  return Number(m[1] + m[2]);
}

/** Java's String.split(","): trailing empty strings are dropped; "" splits to [""]. */
function javaSplitComma(s: string): string[] {
  if (s === '') return [''];
  const parts = s.split(',');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export type JavaValue =
  | { type: 'null' }
  | { type: 'boolean'; value: boolean }
  | { type: 'int'; value: number }
  | { type: 'double'; value: number }
  | { type: 'int[]'; value: number[] }
  | { type: 'double[]'; value: number[] }
  | { type: 'string'; value: string };

/**
 * The type H2O's ParseUtils.tryParse guesses for a raw value, in its order: null, boolean, int,
 * double, int[], double[], else string. This is why `beta = [1, 0, 2]` (int[]) and
 * `default_threshold = 1` (int) fail to load: the reader casts them to double[] / double.
 */
export function javaType(raw: string): JavaValue {
  if (raw === 'null') return { type: 'null' };
  if (raw === 'true' || raw === 'false') return { type: 'boolean', value: raw === 'true' };
  const i = javaInt(raw);
  if (i !== undefined) return { type: 'int', value: i };
  const d = javaDouble(raw);
  if (d !== undefined) return { type: 'double', value: d };
  if (raw.startsWith('[') && raw.endsWith(']') && raw.length >= 2) {
    const parts = javaSplitComma(raw.slice(1, -1));
    const ints = parts.map((p) => javaInt(javaTrim(p)));
    if (ints.every((n) => n !== undefined)) return { type: 'int[]', value: ints as number[] };
    const doubles = parts.map((p) => javaDouble(p));
    if (doubles.every((n) => n !== undefined)) return { type: 'double[]', value: doubles as number[] };
  }
  return { type: 'string', value: raw };
}
