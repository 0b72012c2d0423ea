import Ajv, { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The Compose Specification's JSON Schema (vendored beside this file; see SOURCE.md), compiled
 * once per process. Files are judged as written: Compose validates before interpolation too.
 */
let compiled: ValidateFunction | undefined;

export function composeValidator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(path.join(__dirname, 'compose-spec.json'), 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  // The schema uses `format: duration` and similar formats Compose defines itself; it marks
  // deprecated keys with `deprecated`. Neither is an error of the file.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  compiled = ajv.compile(schema);
  return compiled;
}
