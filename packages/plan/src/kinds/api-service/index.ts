import { z } from 'zod';
import type { KindModule } from '../kind-module';
import { listOption, optionsCheckedBy, templateKind, textOption as text } from '../kind-options';
import { buildContext, type ApiServiceContext, type ApiServiceOptions } from './context';
import { apiServiceFiles, apiServicePackages } from './files';
import { apiServiceOverlay } from './overlay';
import * as template from './template';

/**
 * api-service: Template 2 of seed 001. Its files: the OpenAPI 3.1 contract, the Fastify service
 * implementing it (routes read from it), the Prism mock, the typed SDK, the Swagger UI explorer,
 * and the infrastructure skills (compose, Kong, Keycloak, Prometheus/Grafana, Dockerfile, CI,
 * load and Pact tests), all built from the one contract object.
 */
const optionsSchema = optionsCheckedBy(
  {
    name: z.string(),
    serviceName: text,
    description: text,
    resources: listOption,
    backendFramework: text,
    contractHours: text,
    infraHours: text,
    foundationHours: text,
    directory: text,
  },
  buildContext,
);

export const apiServiceKind: KindModule<ApiServiceOptions, ApiServiceContext> = {
  ...templateKind({
    kind: 'api-service',
    template,
    optionsSchema,
    buildContext,
    optionsFromPlan: (plan, values) => ({
      name: plan.name,
      serviceName: plan.title,
      description: plan.overview || undefined,
      resources: values.resources?.split(','),
    }),
    overlay: apiServiceOverlay,
    variables: (ctx) => ({
      api_service_name: ctx.title,
      resources: ctx.resources.join(','),
      backend_framework: ctx.template.backendFramework,
    }),
    overview: (ctx) => ctx.description,
  }),
  files: (ctx) => apiServiceFiles(ctx),
  packageDependencies: () => apiServicePackages(),
  nextSteps: (ctx) => [
    `Next: nx run-many -t verify -p ${ctx.name}   (then npx plan status ${ctx.name})`,
    `Run the service: node --import tsx ${ctx.planDir}/api/src/server.ts   (the mock: sh ${ctx.planDir}/mock/start.sh)`,
  ],
};
