import ejs from 'ejs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { inertOrThrow, templateEscapes } from './escape';

/**
 * Renders every file below `dir` with EJS. File and folder names may hold `__key__` tokens,
 * replaced by `substitutions[key]` (other `__x__` names are kept); a trailing `.ejs` is dropped; other files are copied as-is.
 * Templates get the escape helpers as `esc`; `<%= %>` prints only inert values (escape.ts).
 * Returns plan-relative POSIX paths → content, sorted, so output is deterministic.
 */
export function renderTemplateDir(dir: string, data: Record<string, unknown>, substitutions: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of listFiles(dir).sort()) {
    const relative = path.relative(dir, file).split(path.sep).join('/');
    const target = relative
      // Only known keys are tokens: Python's __init__.py and __main__.py stay as they are.
      .replace(/__([a-zA-Z0-9]+)__/g, (whole, key: string) => substitutions[key] ?? whole)
      .replace(/\.ejs$/, '');
    const source = readFileSync(file, 'utf8');
    const content = file.endsWith('.ejs')
      ? ejs.render(source, { ...data, esc: templateEscapes }, { filename: file, escape: inertOrThrow })
      : source;
    out.set(target, content);
  }
  return out;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
