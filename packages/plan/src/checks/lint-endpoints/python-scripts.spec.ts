import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMPILE_HELPER, HEALTH_HELPER } from './python-scripts';

describe('embedded Python helpers', () => {
  it.each([
    ['compile_helper.py', COMPILE_HELPER],
    ['health_helper.py', HEALTH_HELPER],
  ])('%s is embedded verbatim in python-scripts.ts', (file, embedded) => {
    expect(embedded).toBe(readFileSync(path.join(__dirname, file), 'utf8'));
  });
});
