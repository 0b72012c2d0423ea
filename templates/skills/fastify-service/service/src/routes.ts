import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from './auth.js';
import type { Contract, ContractOperation, JsonSchema } from './contract.js';
import { handlerFile, type OperationHandler, type Principal } from './operation.js';
import { problem, PROBLEM_MEDIA, ProblemError } from './problem.js';
import type { Dependencies } from './operation.js';
import type { ResponseValidator } from './validation.js';

/** The handler modules present, by operationId; the missing ones are listed, not guessed. */
export async function loadHandlers(contract: Contract): Promise<{ handlers: Map<string, OperationHandler>; missing: string[] }> {
  const handlers = new Map<string, OperationHandler>();
  const missing: string[] = [];
  for (const op of contract.operations) {
    const ts = new URL(`./handlers/${op.operationId}.ts`, import.meta.url);
    const js = new URL(`./handlers/${op.operationId}.js`, import.meta.url);
    const file = existsSync(ts) ? ts : existsSync(js) ? js : undefined;
    if (!file) {
      missing.push(op.operationId);
      continue;
    }
    const module = (await import(file.href)) as { default?: OperationHandler };
    if (typeof module.default !== 'function')
      throw new Error(`${handlerFile(op.operationId)} must default-export the operation's handler.`);
    handlers.set(op.operationId, module.default);
  }
  return { handlers, missing };
}

/**
 * One route per contract operation, its URL, parameters and body schema taken from the contract.
 * An operation without a handler answers 501 (and start-up logs it): the contract stays the list
 * of routes, and the gap is visible to tests and to contract-test instead of being a silent 404.
 */
declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function registerOperations(
  app: FastifyInstance,
  contract: Contract,
  handlers: Map<string, OperationHandler>,
  auth: Authenticator,
  deps: Dependencies,
  validator: ResponseValidator | undefined,
): void {
  app.decorateRequest('principal', undefined);
  for (const op of contract.operations) {
    const handler = handlers.get(op.operationId);
    if (!handler)
      app.log.error({ operationId: op.operationId }, `operation ${op.operationId} has no handler: create ${handlerFile(op.operationId)}`);
    app.route({
      method: op.method,
      url: op.url,
      schema: requestSchema(op),
      config: { operationId: op.operationId },
      // After the rate limit (onRequest), before validation: an anonymous caller learns nothing about the schema.
      preValidation: async (request) => {
        request.principal = await auth.authenticate(request, op.scopes);
      },
      handler: async (request, reply) => {
        const principal = request.principal!;
        if (!handler)
          throw new ProblemError(
            problem(501, `Operation ${op.operationId} is not implemented: ${handlerFile(op.operationId)} is missing.`),
          );
        const result = await handler(
          { params: request.params as never, query: request.query as never, body: request.body, principal, log: request.log },
          deps,
        );
        validator?.check(op, result.status, result.body);
        reply.code(result.status).headers(result.headers ?? {});
        if (result.status >= 400) reply.type(PROBLEM_MEDIA);
        return reply.send(result.body);
      },
    });
  }
}

function requestSchema(op: ContractOperation): Record<string, JsonSchema> {
  const schema: Record<string, JsonSchema> = {};
  for (const where of ['path', 'query', 'header'] as const) {
    const list = op.parameters.filter((p) => p.in === where);
    if (list.length === 0) continue;
    const key = where === 'path' ? 'params' : where === 'query' ? 'querystring' : 'headers';
    schema[key] = {
      type: 'object',
      properties: Object.fromEntries(list.map((p) => [where === 'header' ? p.name.toLowerCase() : p.name, p.schema])),
      required: list.filter((p) => p.required).map((p) => (where === 'header' ? p.name.toLowerCase() : p.name)),
    };
  }
  if (op.requestBody) schema.body = op.requestBody.schema;
  return schema;
}
