import Ajv, { AnySchema, ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * JSON Schema by dialect: the `$schema` of the file picks ajv's 2020-12, 2019-09 or draft-07
 * validator (draft-06 and draft-07 share one); without `$schema`, 2020-12, the current draft.
 * One ajv instance per dialect and process; each schema is compiled in a fresh instance so that
 * `$id`s of different files never collide.
 */
export type Dialect = '2020-12' | '2019-09' | 'draft-07';

export function dialectOf(schema: unknown): Dialect | { unsupported: string } {
  const declared = typeof schema === 'object' && schema !== null ? (schema as { $schema?: unknown }).$schema : undefined;
  if (declared === undefined) return '2020-12';
  const uri = String(declared);
  if (/json-schema\.org\/draft\/2020-12\/schema/.test(uri)) return '2020-12';
  if (/json-schema\.org\/draft\/2019-09\/schema/.test(uri)) return '2019-09';
  if (/json-schema\.org\/draft-0[67]\/schema/.test(uri)) return 'draft-07';
  return { unsupported: uri };
}

export function newAjv(dialect: Dialect, warnings: string[] = []): Ajv {
  // ajv's warnings (an unknown format it ignores) become findings, not console output.
  const logger = { log: () => undefined, warn: (...args: unknown[]) => warnings.push(args.map(String).join(' ')), error: () => undefined };
  const options = { allErrors: true, strict: false, validateSchema: false, logger } as const;
  const ajv = dialect === '2020-12' ? new Ajv2020(options) : dialect === '2019-09' ? new Ajv2019(options) : new Ajv(options);
  addFormats(ajv);
  return ajv;
}

export interface Compiled {
  validate?: ValidateFunction;
  /** Meta-schema errors (the schema itself is invalid). */
  metaErrors: NonNullable<ValidateFunction['errors']>;
  /** ajv could not compile the schema (unresolvable $ref, bad pattern, ...). */
  compileError?: string;
  /** What ajv ignored while compiling (unknown formats). */
  warnings: string[];
}

export function compileJsonSchema(schema: unknown, dialect: Dialect): Compiled {
  const warnings: string[] = [];
  const ajv = newAjv(dialect, warnings);
  const copy = { ...(schema as Record<string, unknown>) };
  // The dialect is chosen above; ajv would look the https variants up as unknown meta-schemas.
  delete copy.$schema;
  const valid = ajv.validateSchema(copy as AnySchema);
  if (!valid) return { metaErrors: [...(ajv.errors ?? [])], warnings };
  try {
    const validate = ajv.compile(copy as AnySchema);
    return { validate, metaErrors: [], warnings: [...new Set(warnings)] };
  } catch (error) {
    return { metaErrors: [], compileError: String((error as Error).message ?? error).split('\n')[0], warnings };
  }
}
