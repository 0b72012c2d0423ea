import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { createAuthenticator, type Authenticator } from './auth.js';
import type { Config } from './config.js';
import { loadContract } from './contract.js';
import { lazyDatabase, openDatabase, type Database } from './db.js';
import { registerMetrics } from './metrics.js';
import { migrate } from './migrate.js';
import { DependencyUnavailable } from './outbound.js';
import { problem, PROBLEM_MEDIA, ProblemError } from './problem.js';
import { loadHandlers, registerOperations } from './routes.js';
import { contractValidatorCompiler, ContractViolation, describe, responseValidator } from './validation.js';

export interface AppOverrides {
  /** A database other than the configured one (tests: a failing double). */
  db?: Database;
  authenticator?: Authenticator;
  /** ms the JWKS breaker stays open (tests shorten it). */
  breakerResetMs?: number;
  logger?: boolean;
}

/**
 * The service: every contract operation as a route (routes.ts), problem details for every error,
 * JWT auth, rate limiting, /health, /ready, /metrics, and the contract itself at /openapi.json.
 */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: overrides.logger === false ? false : { level: config.logLevel, redact: ['req.headers.authorization'] },
  });
  app.setValidatorCompiler(contractValidatorCompiler());
  const contract = loadContract(config.contractPath);
  const db =
    overrides.db ??
    lazyDatabase(async () => {
      const opened = await openDatabase(config);
      await migrate(opened);
      return opened;
    });
  app.addHook('onClose', async () => db.close());

  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.timeWindowMs,
    errorResponseBuilder: (_request, context) =>
      new ProblemError(problem(429, `Rate limit of ${context.max} requests per ${context.after} exceeded; retry later.`), {
        'retry-after': String(Math.ceil(context.ttl / 1000)),
      }),
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
    return payload;
  });
  registerMetrics(app);

  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
    if (error instanceof ProblemError) {
      return reply.code(error.problem.status).headers(error.headers).type(PROBLEM_MEDIA).send(error.problem);
    }
    if ((error as FastifyError).validation) {
      const fastifyError = error as FastifyError;
      const errors = (fastifyError.validation ?? []).map((e) => {
        const missing = (e.params as { missingProperty?: string }).missingProperty;
        return {
          pointer: `/${fastifyError.validationContext ?? 'body'}${e.instancePath}${missing ? `/${missing}` : ''}`,
          detail: e.message ?? 'is invalid',
        };
      });
      return reply
        .code(400)
        .type(PROBLEM_MEDIA)
        .send(problem(400, `The request does not match the contract: ${describe(fastifyError.validation as never)}`, { errors }));
    }
    if ((error as FastifyError).statusCode === 400 || (error as FastifyError).statusCode === 415) {
      return reply.code(400).type(PROBLEM_MEDIA).send(problem(400, error.message));
    }
    if (error instanceof DependencyUnavailable) {
      request.log.warn({ dependency: error.dependency }, error.message);
      return reply.code(503).header('retry-after', '30').type(PROBLEM_MEDIA).send(problem(503, error.message));
    }
    if (error instanceof ContractViolation) request.log.error(error.message);
    else request.log.error(error);
    return reply
      .code(500)
      .type(PROBLEM_MEDIA)
      .send(problem(500, error instanceof ContractViolation ? error.message : 'Unexpected error; see the service log.'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .type(PROBLEM_MEDIA)
      .send(problem(404, `No route ${request.method} ${request.url}.`));
  });

  app.get('/health', { config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get('/ready', { config: { rateLimit: false } }, async (request, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ready', checks: { database: 'ok' } };
    } catch (error) {
      request.log.warn({ err: error }, 'not ready: database unavailable');
      return reply.code(503).type(PROBLEM_MEDIA).send(problem(503, 'The database is unavailable.'));
    }
  });
  app.get('/openapi.json', { config: { rateLimit: false } }, async () => contract.document);

  const { handlers, missing } = await loadHandlers(contract);
  const auth = overrides.authenticator ?? createAuthenticator(config, { resetTimeout: overrides.breakerResetMs });
  app.addHook('onClose', async () => auth.close());
  registerOperations(app, contract, handlers, auth, { db }, config.validateResponses ? responseValidator() : undefined);
  if (missing.length > 0) app.log.error({ missing }, `${missing.length} contract operation(s) have no handler`);
  return app;
}
