/**
 * Counts the levels of a domain file the way current H2O readers do (ModelMojoReader's small
 * state machine): a level ends at \r or \n; a level starting with `"` is quoted, may contain line
 * breaks, `""` escapes a quote, and the character right after the closing quote is swallowed.
 * So "a\r\nb\r\n" counts 4 levels (an empty one after each \r) — older readers (readLine) count 2.
 */
export interface DomainCount {
  levels: number;
  /** Levels counted line by line, as older readers did. */
  lineLevels: number;
  hasCarriageReturn: boolean;
  /** An opening quote is never closed: H2O loops forever on such a file. */
  unterminatedQuote: boolean;
}

export function countDomainLevels(text: string): DomainCount {
  let levels = 0;
  let i = 0;
  let unterminatedQuote = false;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      // Quoted level: runs to a closing quote not followed by another quote.
      i++;
      let closed = false;
      while (i < n) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            i += 2;
            continue;
          }
          closed = true;
          i += 2; // the closing quote and the character after it
          break;
        }
        i++;
      }
      if (!closed) {
        unterminatedQuote = true;
        break;
      }
      levels++;
    } else if (c === '\r' || c === '\n') {
      levels++; // an empty level
      i++;
    } else {
      while (i < n && text[i] !== '\r' && text[i] !== '\n') i++;
      levels++;
      i++; // the terminator (or past the end)
    }
  }
  const lines = text === '' ? [] : text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { levels, lineLevels: lines.length, hasCarriageReturn: text.includes('\r'), unterminatedQuote };
}
