import { FASTIFY_SERVICE_DEPENDENCIES } from '../../skills/fastify-service';
import { PACT_DEPENDENCY } from '../../skills/pact-consumer/render-pact';
import { PRISM_DEPENDENCY } from '../../skills/prism-mock/render-mock';
import type { Plan, PlanInput } from '../../model/plan-schema';
import type { KindModule } from '../kind-module';
import { planFromTemplate } from '../plan-from-template';
import { buildContext, MicroservicesContext, MicroservicesOptions, optionsSchema } from './context';
import { microservicesFiles } from './files';
import { microservicesOverlay } from './overlay';
import { microservicesTemplate, TEMPLATE_TITLE } from './template';

/**
 * microservices: Template 6 of seed 001. Its context is the services and events (context.ts),
 * its plan the template filled with the services and proved item by item (overlay.ts), its files
 * the contracts, the services, the mesh, the platform and the CI (files.ts).
 */
export const microservicesKind: KindModule<MicroservicesOptions, MicroservicesContext> = {
  kind: 'microservices',
  templateTitle: TEMPLATE_TITLE,
  streamTitles: [
    'Inter-Service API Contracts',
    'Platform Infrastructure',
    'CI/CD & Deployment Pipeline',
    'Shared Services & Data',
    'Core Business Services',
    'Supporting Services',
    'API Gateway & Aggregation',
    'Testing & Validation Framework',
    'Service Mesh & Observability',
    'Frontend Integration',
  ],
  optionsSchema: optionsSchema as unknown as KindModule<MicroservicesOptions, MicroservicesContext>['optionsSchema'],
  context: (options) => buildContext(options),
  contextFromPlan: (plan, values) => contextOfPlan(plan, values),
  plan: (ctx) => microservicesPlan(ctx),
  overlay: (ctx) => microservicesOverlay(ctx),
  files: (ctx) => microservicesFiles(ctx),
  packageDependencies: () => ({
    dependencies: { ...FASTIFY_SERVICE_DEPENDENCIES.dependencies },
    devDependencies: { ...FASTIFY_SERVICE_DEPENDENCIES.devDependencies, ...PACT_DEPENDENCY, ...PRISM_DEPENDENCY.devDependencies },
  }),
  nextSteps: (ctx) => [
    `Next: nx run-many -t verify -p ${ctx.name}   (services: ${ctx.services.map((s) => s.name).join(', ')}; add one with --addService=<name>)`,
  ],
};

export function microservicesPlan(ctx: MicroservicesContext): PlanInput {
  const plan = planFromTemplate(microservicesTemplate(ctx), microservicesOverlay(ctx), {
    name: ctx.name,
    kind: 'microservices',
    variables: { services: ctx.services.map((s) => s.name).join(','), events: ctx.events.map((e) => e.name).join(',') },
  });
  // Each item with checks is its own Nx target: a change in one service's code re-runs that
  // service's items and the checks that read every service, not the whole stream they sit in.
  return { ...plan, title: ctx.title, overview: ctx.description, itemTargets: true };
}

/** The services and events of an existing or imported plan (its variables, else the defaults). */
export function contextOfPlan(plan: Plan, values: Record<string, string> = {}): MicroservicesContext | undefined {
  const vars = { ...(plan.variables ?? {}), ...values };
  try {
    return buildContext({ name: plan.name, title: plan.title, description: plan.overview, services: vars.services, events: vars.events });
  } catch {
    return undefined;
  }
}

export type { MicroservicesContext, MicroservicesOptions } from './context';
