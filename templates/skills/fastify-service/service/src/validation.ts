import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { ContractOperation, JsonSchema } from './contract.js';
import { handlerFile } from './operation.js';

// ajv-formats is CommonJS with a default export; under ESM the function is the module or its .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

function newAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: coerce ? 'array' : false, useDefaults: coerce });
  addFormats(ajv);
  return ajv;
}

/**
 * Request validation with the contract's own schemas (JSON Schema 2020-12, as OpenAPI 3.1 says):
 * query, path and header values are strings on the wire and are coerced to the declared types;
 * bodies are JSON and are not (a string "5" for an integer is a 400). Unknown body properties are
 * refused, not silently dropped.
 */
export function contractValidatorCompiler(): FastifySchemaCompiler<JsonSchema> {
  const strict = newAjv(false);
  const coercing = newAjv(true);
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema) as never;
}

export class ContractViolation extends Error {}

/** Checks what a handler answers against the contract's response schema for that status. */
export interface ResponseValidator {
  check(op: ContractOperation, status: number, body: unknown): void;
}

export function responseValidator(): ResponseValidator {
  const ajv = newAjv(false);
  const compiled = new Map<JsonSchema, ValidateFunction>();
  return {
    check(op, status, body) {
      if (!op.responses.has(status)) {
        throw new ContractViolation(
          `${op.operationId} answered ${status}, a status its contract does not document (${handlerFile(op.operationId)}).`,
        );
      }
      const schema = op.responses.get(status);
      if (!schema) return;
      let validate = compiled.get(schema);
      if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
      if (!validate(body)) {
        throw new ContractViolation(
          `${op.operationId} ${status} response does not match the contract: ${describe(validate.errors ?? [])} (${handlerFile(op.operationId)}).`,
        );
      }
    },
  };
}

export function describe(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}
