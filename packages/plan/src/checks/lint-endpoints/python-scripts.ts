import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The Python helpers, passed to the interpreter with `-c`. The .py files beside this module are
 * the single source: tools/build.js copies them into dist/ next to the compiled module.
 */
function helper(file: string): string {
  return readFileSync(path.join(__dirname, file), 'utf8');
}

export const COMPILE_HELPER = helper('compile_helper.py');
export const HEALTH_HELPER = helper('health_helper.py');
