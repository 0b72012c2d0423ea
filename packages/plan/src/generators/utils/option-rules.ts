/**
 * What generator options may hold, checked before anything is rendered. Names that become
 * identifiers (SQL tables, Python modules, file and folder names, Docker and Compose names)
 * must match a strict pattern; free text is accepted and escaped per language (escape.ts),
 * except what no file can carry faithfully.
 */

export interface IdentifierRule {
  pattern: RegExp;
  /** What the user may write, for the error message. */
  allowed: string;
  maxLength: number;
}

/** Plan and Nx project names; also Docker image and Compose project names (lower-case, <= 63). */
export const KEBAB_NAME: IdentifierRule = {
  pattern: /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
  allowed: 'kebab-case: lower-case letters and digits in words joined by single dashes, starting with a letter (e.g. churn)',
  maxLength: 63,
};

/** Table, pipeline and model names: SQL identifiers unquoted, Python module and file names. */
export const SNAKE_NAME: IdentifierRule = {
  pattern: /^[a-z][a-z0-9_]*$/,
  // PostgreSQL silently truncates longer identifiers (NAMEDATALEN - 1).
  allowed: 'snake_case: lower-case letters, digits and _, starting with a letter, at most 63 characters (e.g. churn_model)',
  maxLength: 63,
};

export function checkIdentifier(option: string, value: string, rule: IdentifierRule): string {
  if (!rule.pattern.test(value) || value.length > rule.maxLength)
    throw new Error(`Invalid ${option} ${JSON.stringify(abbreviate(value))}: use ${rule.allowed}.`);
  return value;
}

export interface TextRule {
  /** Line feeds (and tabs) allowed: paragraphs; otherwise one line (titles). */
  multiline: boolean;
  /** Must hold more than white space (a title). */
  required?: boolean;
}

/** Longest free text accepted: generous for prose, small enough to keep files and errors sane. */
export const MAX_TEXT_LENGTH = 10_000;

/**
 * Free text is escaped wherever it lands; refused only where no target could keep it: control
 * characters other than tab and line feed (NUL, CR, escape sequences: PLAN.md and YAML comments
 * would change or lose them), line breaks in a one-line value, unpaired surrogates (not text; UTF-8
 * cannot hold them).
 */
export function checkText(option: string, value: string, rule: TextRule): string {
  const problem = textProblem(value, rule);
  if (problem) throw new Error(`Invalid ${option}: ${problem}.`);
  return value;
}

function textProblem(value: string, rule: TextRule): string | undefined {
  if (rule.required && value.trim() === '') return 'it is empty; give some text';
  if (value.length > MAX_TEXT_LENGTH) return `it is ${value.length} characters long; at most ${MAX_TEXT_LENGTH} are allowed`;
  let index = 0;
  for (const char of value) {
    const cp = char.codePointAt(0)!;
    const at = `at character ${index + 1}`;
    if (cp >= 0xd800 && cp <= 0xdfff) return `it holds an unpaired UTF-16 surrogate (U+${hex(cp)}) ${at}, which is not text`;
    if (cp === 0x0a || cp === 0x2028 || cp === 0x2029 || cp === 0x85) {
      if (!rule.multiline) return `it must be one line; remove the line break (U+${hex(cp)}) ${at}`;
      if (cp !== 0x0a) return `use a plain line feed for line breaks, not U+${hex(cp)} ${at}`;
    } else if ((cp < 0x20 && cp !== 0x09) || (cp >= 0x7f && cp <= 0x9f)) {
      return `it holds the control character U+${hex(cp)} ${at}; only printable text${rule.multiline ? ', tabs and line feeds' : ' and tabs'} are allowed`;
    }
    index += char.length;
  }
  return undefined;
}

const hex = (cp: number) => cp.toString(16).toUpperCase().padStart(4, '0');
const abbreviate = (value: string) => (value.length > 80 ? `${value.slice(0, 77)}...` : value);
