import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/**
 * Prometheus's own checker, `promtool` (Debian: `apt-get install prometheus`), run once per kind
 * of file for all files of a check run. Its reports go to stderr and its "Checking <file>"
 * headers to stdout; both are read from one pipe (2>&1) so each report follows its header.
 */
export function findPromtool(configured?: string): string | undefined {
  const candidates = configured
    ? configured.includes('/')
      ? [configured]
      : (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, configured))
    : (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d || '.', 'promtool'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

export interface PromtoolRun {
  code: number | null;
  output: string;
  timedOut: boolean;
}

export function runPromtool(
  binary: string,
  command: 'config' | 'rules',
  files: string[],
  cwd: string,
  timeoutMs = 60_000,
): Promise<PromtoolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', binary, 'check', command, ...files], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks).toString('utf8'), timedOut });
    });
  });
}

export interface PromtoolReport {
  /** The file as promtool printed it after "Checking". */
  file: string;
  ok: boolean;
  problems: { message: string; line?: number; column?: number }[];
}

/** Splits promtool's output into one report per "Checking <file>" section. */
export function parsePromtoolOutput(output: string): PromtoolReport[] {
  const reports: PromtoolReport[] = [];
  let current: PromtoolReport | undefined;
  let failing = false;
  let unmarshal = false;
  const seen = new Set<string>();
  const push = (problem: { message: string; line?: number; column?: number }) => {
    if (!current) return;
    const key = `${current.file}\u0000${problem.line}:${problem.column}:${problem.message}`;
    if (seen.has(key) || problem.message === '') return;
    seen.add(key);
    current.problems.push(problem);
    current.ok = false;
  };
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const header = /^Checking (.+)$/.exec(line);
    if (header) {
      current = { file: header[1], ok: true, problems: [] };
      reports.push(current);
      failing = false;
      unmarshal = false;
      continue;
    }
    if (!current) continue;
    if (/^\s*SUCCESS\b/.test(line)) {
      failing = false;
      continue;
    }
    const failed = /^\s*FAILED:\s*(.*)$/.exec(line);
    if (failed) {
      failing = true;
      current.ok = false;
      if (failed[1]) handle(failed[1]);
      continue;
    }
    if (!failing || line.trim() === '') continue;
    handle(line);
  }
  return reports;

  function handle(text: string) {
    if (!current) return;
    let message = text.trim();
    const unmarshalLine = /^line (\d+): (.*)$/.exec(message);
    if (unmarshal && unmarshalLine) return push({ message: unmarshalLine[2], line: Number(unmarshalLine[1]) });
    message = stripPrefix(message, current.file);
    if (/yaml: unmarshal errors:$/.test(message)) {
      unmarshal = true;
      return;
    }
    // Rule files: "5:15: group "api", rule 1, "X": could not parse expression: 1:38: parse error: ..."
    const positioned = /^(\d+):(\d+): (.*)$/.exec(message);
    // promtool prints 0:0 when it has no position for a rule.
    if (positioned && Number(positioned[1]) < 1) return push({ message: positioned[3] });
    if (positioned) {
      let column = Number(positioned[2]);
      const inner = /could not parse expression: (\d+):(\d+): /.exec(positioned[3]);
      if (inner && inner[1] === '1') column += Number(inner[2]) - 1;
      return push({ message: positioned[3], line: Number(positioned[1]), column });
    }
    const yamlLine = /^yaml: line (\d+): (.*)$/.exec(message);
    if (yamlLine) return push({ message: `invalid YAML: ${yamlLine[2]}`, line: Number(yamlLine[1]) });
    return push({ message });
  }
}

function stripPrefix(message: string, file: string): string {
  let out = message;
  if (out.startsWith(`${file}: `)) out = out.slice(file.length + 2);
  const parsing = /^parsing YAML file .+?: (.*)$/.exec(out);
  if (parsing && out.startsWith(`parsing YAML file ${file}: `)) out = out.slice(`parsing YAML file ${file}: `.length);
  else if (parsing) out = parsing[1];
  return out;
}
