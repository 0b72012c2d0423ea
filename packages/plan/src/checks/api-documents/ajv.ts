import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isRecord, LoadedDocument } from './load-document';

/**
 * The JSON Schema dialects the contracts use: OpenAPI 3.0 (a draft-04 extension with `nullable`),
 * OpenAPI 3.1 (2020-12), AsyncAPI (draft-07).
 */
export type Dialect = 'oas30' | 'oas31' | 'draft07';

export type AnyAjv = Ajv | Ajv2020 | AjvDraft04;

const OPTIONS = { allErrors: true, strict: false, validateSchema: false, logger: false, validateFormats: true } as const;

export function createAjv(dialect: Dialect, validateSchema = false): AnyAjv {
  const options = { ...OPTIONS, validateSchema };
  const ajv = dialect === 'oas31' ? new Ajv2020(options) : dialect === 'oas30' ? new AjvDraft04(options) : new Ajv(options);
  addFormats(ajv as Ajv);
  return ajv;
}

/** `file:` URL of a document: the `$id` its content is registered under, so relative `$ref`s resolve. */
export const documentId = (document: LoadedDocument) => pathToFileURL(document.file).href;

/**
 * One validator per contract: every document of the contract registered under its file URL, as
 * the dialect expects it (OpenAPI 3.0's `nullable` becomes a `null` type). Schemas are compiled
 * by reference (`file:///…#/pointer`), so `$ref`s inside them resolve in their own file.
 */
export class ContractSchemas {
  private readonly ajv: AnyAjv;
  private readonly compiled = new Map<string, ValidateFunction | Error>();

  constructor(
    readonly dialect: Dialect,
    documents: LoadedDocument[],
  ) {
    this.ajv = createAjv(dialect);
    for (const document of documents) {
      const value = dialect === 'oas30' ? convertNullable(document.value) : document.value;
      if (!isRecord(value)) continue;
      try {
        this.ajv.addSchema(stripIds(value) as object, documentId(document));
      } catch {
        // A document ajv cannot take (e.g. a duplicate $id) only loses example validation.
      }
    }
  }

  /** Validator of the schema at `pointer` of `document`, or the reason it cannot be compiled. */
  validator(document: LoadedDocument, pointer: string): ValidateFunction | Error {
    const ref = `${documentId(document)}#${encodeURI(pointer)}`;
    let found = this.compiled.get(ref);
    if (!found) {
      try {
        found = this.ajv.compile({ $ref: ref });
      } catch (error) {
        found = error instanceof Error ? error : new Error(String(error));
      }
      this.compiled.set(ref, found);
    }
    return found;
  }
}

export type { ErrorObject };

/** OpenAPI 3.0 `nullable: true` as JSON Schema: `null` joins the type (and the enum). */
export function convertNullable(value: unknown, depth = 0): unknown {
  if (depth > 256 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => convertNullable(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = key === 'example' || key === 'default' || key === 'enum' || key === 'const' ? child : convertNullable(child, depth + 1);
  }
  if (out.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

/** `$id`/`id` inside a contract would re-base its references away from the file: drop them. */
function stripIds(value: Record<string, unknown>): Record<string, unknown> {
  const { $id: _a, id: _b, $schema: _c, ...rest } = value;
  return rest;
}

/** A published JSON Schema file of an installed package. */
export function packageSchema(pkg: string, relative: string): Record<string, unknown> {
  const root = path.dirname(require.resolve(`${pkg}/package.json`));
  return JSON.parse(readFileSync(path.join(root, relative), 'utf8'));
}
