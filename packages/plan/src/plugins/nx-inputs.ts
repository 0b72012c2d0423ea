/**
 * Plan paths as Nx fileset inputs. Nx reads inputs as globs, so a file named `p(1).txt` or
 * `[a].txt` would match nothing and never be hashed: every glob character is escaped with a
 * backslash (measured on Nx 24: `\(`, `\[`, `\{`, `\*`, `\?`, `\!` match literally).
 */
export function escapeGlob(planPath: string): string {
  return planPath.replace(/[\\*?[\]{}()!]/g, (c) => `\\${c}`);
}

/** The input of a plan path: a file, or everything under a folder (trailing `/`, or `.` for the plan folder). */
export function fileInput(planPath: string): string {
  const clean = planPath.replace(/^(\.\/)+/, '');
  if (clean === '' || clean === '.' || clean === './') return '{projectRoot}/**/*';
  if (clean.endsWith('/')) return `{projectRoot}/${escapeGlob(clean)}**/*`;
  return `{projectRoot}/${escapeGlob(clean)}`;
}
