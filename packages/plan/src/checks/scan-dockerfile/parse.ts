import type * as Ast from 'dockerfile-ast';
import { shellTextOf } from './shell';

/**
 * The Dockerfile as the rules see it: dockerfile-ast's instructions grouped into stages, with the
 * facts every rule needs (keyword, 1-based position, raw and shell text, flags, exec form) read
 * once. Heredoc bodies are not instructions: dockerfile-ast keeps them inside their RUN/COPY.
 */
export interface Position {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Instr {
  keyword: string;
  pos: Position;
  /** Arguments as written (continuations and comment lines included). */
  raw: string;
  /** Argument words as dockerfile-ast splits them (flags removed for instructions with flags). */
  args: string[];
  flags: { name: string; value: string | null }[];
  /** `["a", "b"]` exec form: only when both brackets are present and the JSON is an array of strings. */
  exec?: string[];
  hasHeredoc: boolean;
  node: Ast.Instruction;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as Docker compares it. */
  name?: string;
  /** The image as written after FROM (variables substituted from global ARG defaults when known). */
  image: string;
  from: Instr;
  instructions: Instr[];
  /** The earlier stage this one is built FROM, if its image names one. */
  parent?: Stage;
}

export interface ParsedDockerfile {
  text: string;
  lines: string[];
  escapeChar: string;
  /** Instructions before the first FROM (only ARG is allowed there). */
  preamble: Instr[];
  stages: Stage[];
  all: Instr[];
  globalArgs: Map<string, string | undefined>;
  df: Ast.Dockerfile;
}

export function positionOf(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Position {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function execFormOf(raw: string): string[] | undefined {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed.replace(/\\\r?\n/g, ''));
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    /* not JSON: Docker runs it in shell form */
  }
  return undefined;
}

/** dockerfile-ast getters can throw on odd input; one bad getter must not lose the whole file. */
export function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function toInstr(node: Ast.Instruction): Instr {
  const raw = safe(() => node.getRawArgumentsContent(), null) ?? '';
  const withFlags = node as Ast.Instruction & { getFlags?: () => Ast.Flag[]; getHeredocs?: () => Ast.Heredoc[] };
  const flags =
    typeof withFlags.getFlags === 'function'
      ? safe(() => withFlags.getFlags!().map((f) => ({ name: f.getName().toLowerCase(), value: f.getValue() })), [])
      : [];
  const keyword = node.getKeyword().toUpperCase();
  const instr: Instr = {
    keyword,
    pos: positionOf(node.getRange()),
    raw,
    args: safe(() => node.getArguments().map((a) => a.getValue()), raw.split(/\s+/).filter(Boolean)),
    flags,
    // getHeredocs() throws on some malformed continuations (dockerfile-ast 0.7.1); the operator is enough then.
    hasHeredoc: typeof withFlags.getHeredocs === 'function' && safe(() => withFlags.getHeredocs!().length > 0, /<<-?\s*["']?\w/.test(raw)),
    node,
  };
  if (['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME'].includes(keyword)) {
    const exec = execFormOf(argsWithoutFlags(raw));
    if (exec) instr.exec = exec;
  }
  return instr;
}

/** Raw arguments minus leading `--flag[=value]` words (RUN --mount=..., COPY --chown=...). */
export function argsWithoutFlags(raw: string): string {
  let rest = raw.replace(/^\s+/, '');
  for (;;) {
    const m = /^--[^\s]*\s*/.exec(rest);
    if (!m) return rest;
    rest = rest.slice(m[0].length);
  }
}

/** The shell text of a RUN/CMD/ENTRYPOINT/HEALTHCHECK in shell form ('' for exec form). */
export function shellOf(instr: Instr, escapeChar: string): string {
  if (instr.exec) return instr.exec.join(' ');
  return shellTextOf(argsWithoutFlags(instr.raw), escapeChar);
}

/**
 * `$VAR`, `${VAR}` and `${VAR:-default}` replaced by `lookup`; undefined when one stays unknown.
 */
export function substitute(value: string, lookup: (name: string) => string | null | undefined): string | undefined {
  let unknown = false;
  const result = value.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced, fallback, bare) => {
      const name = (braced ?? bare) as string;
      const known = lookup(name);
      if (typeof known === 'string' && known !== '') return known;
      if (fallback !== undefined) return fallback as string;
      unknown = true;
      return '';
    },
  );
  return unknown ? undefined : result;
}

export function parseDockerfile(text: string, parser: typeof Ast.DockerfileParser): ParsedDockerfile {
  const df = parser.parse(text);
  const all = df.getInstructions().map(toInstr);
  const preamble: Instr[] = [];
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string | undefined>();
  for (const instr of all) {
    if (instr.keyword === 'FROM') {
      const rawImage = instr.args[0] ?? '';
      const image = substitute(rawImage, (n) => globalArgs.get(n)) ?? rawImage;
      const asIndex = instr.args.findIndex((a) => a.toLowerCase() === 'as');
      const name = asIndex >= 0 ? instr.args[asIndex + 1]?.toLowerCase() : undefined;
      const stage: Stage = { index: stages.length, image, from: instr, instructions: [] };
      if (name) stage.name = name;
      // FROM takes a stage by name only (an index there would be an image called "0").
      const parent = stages.find((s) => s.name !== undefined && s.name === image.toLowerCase());
      if (parent) stage.parent = parent;
      stages.push(stage);
    } else if (stages.length === 0) {
      preamble.push(instr);
      if (instr.keyword === 'ARG') {
        const property = safe(() => (instr.node as Ast.Arg).getProperty?.(), null);
        if (property) globalArgs.set(property.getName(), property.getValue() ?? undefined);
      }
    } else {
      stages[stages.length - 1].instructions.push(instr);
    }
  }
  return { text, lines: text.split(/\r?\n/), escapeChar: df.getEscapeCharacter(), preamble, stages, all, globalArgs, df };
}

/** The earlier stage a reference names: its alias (case-insensitive) or its index. */
export function findStage(earlier: Stage[], ref: string): Stage | undefined {
  const lower = ref.toLowerCase();
  if (/^\d+$/.test(ref)) return earlier[Number(ref)];
  return earlier.find((s) => s.name === lower);
}
