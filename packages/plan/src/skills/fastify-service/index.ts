export { FASTIFY_SERVICE_DEPENDENCIES, renderFastifyService, SERVICE_TESTS } from './fastify-service';
export type { FastifyServiceOptions } from './fastify-service';
