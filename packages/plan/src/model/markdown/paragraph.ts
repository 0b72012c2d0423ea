import { scanLines, SourceLine } from './blocks';

/**
 * Free text inside PLAN.md. A plan's overview and notes: a line of it that reads as structure
 * (a heading, a code fence, a thematic break) would end its section on import and start another
 * one, so the renderer escapes such lines with a backslash, as CommonMark does (`\## x` shows
 * as "## x"), and the parser removes exactly that backslash again: text → PLAN.md → text is exact.
 *
 * Fenced code in the text stays code (its lines are not escaped), because placeholders inside code
 * are not variables: turning a fence into text would make `{{ x }}` in it a variable on the next
 * import. That holds for a fence that closes within the text, and for an unclosed one when the text
 * ends the document (the Notes): it runs to the end there, as in the document it came from. Any
 * other unclosed fence would swallow the sections after it, so its opening line is escaped.
 */
const STRUCTURAL = /^( {0,3})(\\*)(#|`{3}|~{3}|([-*_])( *\4){2,} *$)/;

const escapeLine = (line: string) =>
  line.replace(STRUCTURAL, (_m, indent: string, slashes: string, token: string) => `${indent}\\${slashes}${token}`);

/** The text's lines as the document reads them (at \n, \r\n or \r), with the breaks to join them again. */
function split(text: string): { lines: string[]; breaks: string[] } {
  const parts = text.split(/(\r\n|\r|\n)/);
  return { lines: parts.filter((_, i) => i % 2 === 0), breaks: parts.filter((_, i) => i % 2 === 1) };
}

function join({ lines, breaks }: { lines: string[]; breaks: string[] }): string {
  return lines.map((line, i) => line + (breaks[i] ?? '')).join('');
}

function scan(lines: string[]): SourceLine[] {
  // A first empty line takes the scanner's leading-BOM rule: a BOM in the text is text, as mid-document.
  return scanLines(['', ...lines].join('\n')).slice(1);
}

const isCode = (l: SourceLine) => l.inFence || l.fenceOpen !== undefined || l.fenceClose === true;

/** One backslash more before a structural token outside fenced code; lines already starting with backslashes get one more too. */
export function escapeParagraph(text: string, options: { endsDocument?: boolean } = {}): string {
  const { lines, breaks } = split(text);
  const escaped = new Set<number>();
  // While the text ends inside a fence nothing closes, that fence's opening line becomes text.
  for (;;) {
    const scanned = scan(lines);
    const last = scanned[scanned.length - 1];
    if (options.endsDocument || !(last.inFence || last.fenceOpen !== undefined)) break;
    let opener = scanned.length - 1;
    while (scanned[opener].fenceOpen === undefined) opener--;
    lines[opener] = escapeLine(lines[opener]);
    escaped.add(opener);
  }
  const scanned = scan(lines);
  return join({ lines: lines.map((line, i) => (isCode(scanned[i]) || escaped.has(i) ? line : escapeLine(line))), breaks });
}

/** The inverse of escapeParagraph. */
export function unescapeParagraph(text: string): string {
  const { lines, breaks } = split(text);
  const scanned = scan(lines);
  const unescaped = lines.map((line, i) =>
    isCode(scanned[i])
      ? line
      : line.replace(STRUCTURAL, (whole, indent: string, slashes: string, token: string) =>
          slashes.length > 0 ? `${indent}${slashes.slice(1)}${token}` : whole,
        ),
  );
  return join({ lines: unescaped, breaks });
}

/**
 * Heading text that ends in a run of `#` would lose it as the heading's closing sequence
 * (`# Plan: C#` keeps it, `# Plan: #` does not): such a heading gets an explicit closing ` #`,
 * which the reader strips, leaving the text whole (CommonMark reads it the same way).
 */
export function headingText(text: string): string {
  return /(^|[ \t])#+[ \t]*$/.test(text) ? `${text} #` : text;
}
