/**
 * Line scanner for plan Markdown: numbers every line, marks fenced code (``` or ~~~) so headings
 * and placeholders inside code are not taken for structure, and cuts the document into sections
 * by heading level. Never throws: any text is a list of lines.
 */

export interface SourceLine {
  /** The line without its end-of-line characters. */
  text: string;
  /** 1-based line number. */
  line: number;
  /** Inside a fenced code block (the fence lines themselves are not). */
  inFence: boolean;
  /** A fence line that opens a block: its info string (e.g. "bash"); '' for a bare fence. */
  fenceOpen?: string;
  /** A fence line that closes a block. */
  fenceClose?: boolean;
}

export interface Heading {
  level: number;
  title: string;
  /** Column (1-based) where the title starts. */
  column: number;
}

export interface Section {
  heading: Heading;
  headingLine: SourceLine;
  /** Lines after the heading up to the next heading of the same or a higher level. */
  body: SourceLine[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`]*?)\s*$/;

export function scanLines(text: string): SourceLine[] {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const lines: SourceLine[] = [];
  let open: { char: string; size: number } | undefined;
  raw.forEach((lineText, i) => {
    const entry: SourceLine = { text: lineText, line: i + 1, inFence: false };
    const fence = FENCE.exec(lineText);
    if (open) {
      if (fence && fence[1][0] === open.char && fence[1].length >= open.size && fence[2] === '') {
        entry.fenceClose = true;
        open = undefined;
      } else entry.inFence = true;
    } else if (fence) {
      entry.fenceOpen = fence[2];
      open = { char: fence[1][0], size: fence[1].length };
    }
    lines.push(entry);
  });
  return lines;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*$/;

/** The ATX heading on a line outside code, if any. */
export function headingOf(line: SourceLine): Heading | undefined {
  if (line.inFence || line.fenceOpen !== undefined || line.fenceClose) return undefined;
  const match = HEADING.exec(line.text);
  if (!match) return undefined;
  const title = match[2].replace(/[ \t]+#+$/, '').trim();
  return { level: match[1].length, title, column: line.text.indexOf(match[2]) + 1 };
}

/** Splits `lines` at headings of exactly `level` (a heading of a higher level ends the last one). */
export function sectionsAt(lines: SourceLine[], level: number): { before: SourceLine[]; sections: Section[]; after: SourceLine[] } {
  const before: SourceLine[] = [];
  const sections: Section[] = [];
  const after: SourceLine[] = [];
  let current: Section | undefined;
  let ended = false;
  for (const line of lines) {
    const heading = headingOf(line);
    if (heading && heading.level < level) ended = true;
    if (ended) {
      after.push(line);
      continue;
    }
    if (heading && heading.level === level) {
      current = { heading, headingLine: line, body: [] };
      sections.push(current);
    } else if (current) current.body.push(line);
    else before.push(line);
  }
  return { before, sections, after };
}

export function isBlank(line: SourceLine): boolean {
  return line.text.trim() === '';
}

/** A thematic break (`---`, `***`, `___`), which the renderer puts between sections. */
export function isRule(line: SourceLine): boolean {
  return !line.inFence && /^ {0,3}([-*_])( *\1){2,} *$/.test(line.text);
}
