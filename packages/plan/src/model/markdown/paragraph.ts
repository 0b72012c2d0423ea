/**
 * Free text inside PLAN.md. A plan's overview and notes: a line of it that reads as structure
 * (a heading, a code fence, a thematic break) would end its section on import and start another
 * one, so the renderer escapes such lines with a backslash, as CommonMark does (`\## x` shows
 * as "## x"), and the parser removes exactly that backslash again: text → PLAN.md → text is exact.
 */
const STRUCTURAL = /^( {0,3})(\\*)(#|`{3}|~{3}|([-*_])( *\4){2,} *$)/;

/** One backslash more before a structural token; lines already starting with backslashes get one more too. */
export function escapeParagraph(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(STRUCTURAL, (_m, indent: string, slashes: string, token: string) => `${indent}\\${slashes}${token}`))
    .join('\n');
}

/** The inverse of escapeParagraph. */
export function unescapeParagraph(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line.replace(STRUCTURAL, (whole, indent: string, slashes: string, token: string) =>
        slashes.length > 0 ? `${indent}${slashes.slice(1)}${token}` : whole,
      ),
    )
    .join('\n');
}

/**
 * Heading text that ends in a run of `#` would lose it as the heading's closing sequence
 * (`# Plan: C#` keeps it, `# Plan: #` does not): such a heading gets an explicit closing ` #`,
 * which the reader strips, leaving the text whole (CommonMark reads it the same way).
 */
export function headingText(text: string): string {
  return /(^|[ \t])#+[ \t]*$/.test(text) ? `${text} #` : text;
}
