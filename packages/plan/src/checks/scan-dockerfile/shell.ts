/**
 * A small, forgiving reading of the POSIX shell text of RUN instructions: enough to find which
 * commands run and with which words (apt-get install, pip install, sudo, curl | sh). It is not a
 * shell parser; anything it does not understand is kept as plain words, and it never throws.
 */

/** One simple command: its words (quotes removed) and the index of its pipeline. */
export interface ShellCommand {
  words: string[];
  /** Commands joined by `|` share a pipeline number. */
  pipeline: number;
}

/**
 * The shell text Docker would run for a shell-form RUN: continuation escapes joined, and comment
 * lines inside continuations dropped (Docker removes them; dockerfile-ast's processed text keeps
 * indented ones, which would hide or invent commands).
 */
export function shellTextOf(raw: string, escapeChar: string): string {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let continuing = false;
  for (const line of lines) {
    if (continuing && /^\s*#/.test(line)) continue;
    if (continuing && line.trim() === '') continue;
    const trimmed = line.replace(/\s+$/, '');
    if (trimmed.endsWith(escapeChar) && !trimmed.endsWith(escapeChar + escapeChar)) {
      out.push(trimmed.slice(0, -1) + ' ');
      continuing = true;
    } else {
      out.push(line + '\n');
      continuing = false;
    }
  }
  return out.join('').replace(/\n$/, '');
}

type Token = { word: string } | { op: string };

/** Splits shell text into words and control operators, honouring quotes and backslashes. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = () => {
    if (inWord) tokens.push({ word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end === -1 ? text.length : end;
      word += text.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) {
          word += text[j + 1];
          j += 2;
        } else {
          word += text[j++];
        }
      }
      inWord = true;
      i = j;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (c === '#' && !inWord) {
      // Comment to end of line.
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end - 1;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      flush();
    } else if (c === '\n' || c === ';' || c === '(' || c === ')' || c === '`') {
      flush();
      tokens.push({ op: c === '\n' || c === '`' ? ';' : c });
    } else if (c === '&' || c === '|') {
      flush();
      if (text[i + 1] === c) {
        tokens.push({ op: c + c });
        i++;
      } else {
        tokens.push({ op: c });
      }
    } else if (c === '$' && text[i + 1] === '(') {
      // Command substitution: its inside is a command list of its own.
      flush();
      tokens.push({ op: '(' });
      i++;
    } else {
      word += c;
      inWord = true;
    }
  }
  flush();
  return tokens;
}

/** Simple commands of the text, in order, with pipelines numbered. */
export function commandsOf(text: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let pipeline = 0;
  let words: string[] = [];
  const end = () => {
    if (words.length > 0) commands.push({ words, pipeline });
    words = [];
  };
  for (const token of tokenize(text)) {
    if ('word' in token) {
      words.push(token.word);
    } else if (token.op === '|') {
      end();
    } else {
      end();
      pipeline++;
    }
  }
  end();
  return commands;
}

const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'time', 'nohup', 'nice', 'doas']);

/**
 * The words of a command from its program name on: leading `VAR=value` assignments and
 * wrappers (`sudo`, `env`, with their flags) skipped.
 */
export function programWords(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const w = words[i];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
      i++;
    } else if (WRAPPERS.has(w)) {
      i++;
      while (i < words.length && words[i].startsWith('-')) {
        // `sudo -u user cmd`: the flags taking a value.
        if (/^-[ugCDhprtT]$/.test(words[i])) i++;
        i++;
      }
    } else {
      break;
    }
  }
  return words.slice(i);
}

/** The program name of a command (basename, so `/usr/bin/apt-get` is `apt-get`). */
export function programOf(words: string[]): string {
  const first = programWords(words)[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1);
}

/**
 * The arguments after a subcommand (`apt-get -y install x` → words after `install`), or
 * undefined when the command's first non-flag word is not that subcommand.
 */
export function subcommandArgs(words: string[], start: number, subcommands: string[]): string[] | undefined {
  for (let i = start; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('-')) continue;
    return subcommands.includes(w) ? words.slice(i + 1) : undefined;
  }
  return undefined;
}

/**
 * Non-flag words (packages) of an install command's arguments. `withValue` lists the flags that
 * take the next word as their value, so that word is not a package.
 */
export function positionalWords(args: string[], withValue: Set<string>): string[] {
  const result: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w.startsWith('-')) {
      if (withValue.has(w)) i++;
      continue;
    }
    result.push(w);
  }
  return result;
}
