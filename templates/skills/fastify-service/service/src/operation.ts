import type { FastifyBaseLogger } from 'fastify';
import type { Database } from './db.js';

/** Who is calling: the token's subject and scopes. */
export interface Principal {
  subject: string;
  scopes: string[];
}

/** What a handler receives: validated parameters and body (per the contract) and the caller. */
export interface OperationRequest<Params = Record<string, string>, Query = Record<string, unknown>, Body = unknown> {
  params: Params;
  query: Query;
  body: Body;
  principal: Principal;
  log: FastifyBaseLogger;
}

export interface OperationReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Dependencies {
  db: Database;
}

/** One module per contract operation, src/handlers/<operationId>.ts, default-exports this. */
export type OperationHandler = (request: OperationRequest<any, any, any>, deps: Dependencies) => Promise<OperationReply>;

/** Where the handler of an operation lives, relative to the service folder. */
export const handlerFile = (operationId: string) => `src/handlers/${operationId}.ts`;
