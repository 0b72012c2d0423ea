import type { ValidateFunction } from 'ajv';

/** The ajv validator of a source's JSON Schema contract (2020-12 or draft-07), formats checked. */
export function compileContract(schema: Record<string, unknown>): ValidateFunction {
  const draft7 = typeof schema.$schema === 'string' && /draft-07/.test(schema.$schema);
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ajv = draft7 ? require('ajv').default : require('ajv/dist/2020').default;
  const addFormats = require('ajv-formats').default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
