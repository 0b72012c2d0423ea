import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMPILE_HELPER, HEALTH_HELPER } from './python-scripts';

describe('Python helpers', () => {
  it.each([
    ['compile_helper.py', COMPILE_HELPER],
    ['health_helper.py', HEALTH_HELPER],
  ])('%s is what python-scripts.ts passes to the interpreter', (file, embedded) => {
    expect(embedded).toBe(readFileSync(path.join(__dirname, file), 'utf8'));
  });
});
