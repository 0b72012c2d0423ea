import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const created: string[] = [];
// Every spec that imports these helpers removes its temp folders when it ends.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder holding `files` (relative path → content); returns the folder. */
export function projectWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lint-endpoints-'));
  created.push(dir);
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(dir, relative);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
  return dir;
}

/** Python source from indented template lines (strips the common indentation). */
export function py(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
