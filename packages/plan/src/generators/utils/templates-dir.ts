import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The top-level templates/ folder: beside the repository's packages/ in source, inside the
 * package (dist/templates) once published. Recognised by its skills/ folder (the skill templates
 * every kind shares), not by any kind.
 */
export function templatesDir(...parts: string[]): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'templates');
    if (existsSync(path.join(candidate, 'skills'))) return path.join(candidate, ...parts);
    dir = path.dirname(dir);
  }
  throw new Error(`plan: cannot find the templates folder above ${__dirname}; the package is incomplete.`);
}
