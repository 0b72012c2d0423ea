import { checkIdentifier, checkText, KEBAB_NAME } from '../../generators/utils/option-rules';
import { buildContract, type OpenApiDocument, resourceModels, RESOURCE_NAME } from '../../skills/openapi-contract';
import type { TemplateValues } from './template';

/** The generator's options: one per placeholder of Template 2, plus the resources the contract is built around. */
export interface ApiServiceOptions {
  name: string;
  /** [API Service Name]: the plan's title and the contract's info.title. */
  serviceName?: string;
  /** [Brief description of the API service and its purpose]. */
  description?: string;
  /** Comma-separated kebab-case plurals, e.g. payments,refunds (default: from the name). */
  resources?: string | string[];
  /** [Backend Framework]: the service is scaffolded with Fastify (TypeScript). */
  backendFramework?: string;
  contractHours?: string;
  infraHours?: string;
  foundationHours?: string;
  /** Plan folder relative to the workspace (the CI workflow names it). */
  directory?: string;
}

export interface ApiServiceContext {
  name: string;
  title: string;
  description: string;
  resources: string[];
  /** The plan folder relative to the workspace root. */
  planDir: string;
  contract: OpenApiDocument;
  template: TemplateValues;
}

/**
 * Loopback ports the checks start the mock or the service on: one per check, because the tasks of
 * a plan run in parallel (streams D and E both start the service).
 */
export const PORTS = {
  mock: 4710,
  endpoints: 4711,
  contractTests: 4712,
  load: 4713,
  integrationContract: 4714,
  integrationMock: 4715,
  integrationService: 4716,
  integrationLoad: 4717,
  successEndpoints: 4718,
  successLoad: 4719,
  performance: 4720,
} as const;

const HOURS = /^\d{1,3}(-\d{1,3})?$/;
const FRAMEWORKS = /^fastify( \(typescript\))?$/i;
const PLAN_DIR = /^(\.|[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)$/;

/** `payments` → payments; `payment-service` → payments; `billing-api` → billings. */
export function defaultResources(name: string): string[] {
  const base = name.replace(/-(service|api|svc)$/, '') || name;
  if (/s$/.test(base)) return [base];
  if (/[^aeiou]y$/.test(base)) return [`${base.slice(0, -1)}ies`];
  return [`${base}s`];
}

export function buildContext(options: ApiServiceOptions): ApiServiceContext {
  const name = checkIdentifier('name', options.name, KEBAB_NAME);
  if (name.length > 40)
    throw new Error(`Invalid name "${name}": at most 40 characters (it names the Keycloak realm, images and services).`);
  const title = checkText('--serviceName', options.serviceName ?? `${titleOf(name)} API`, { multiline: false, required: true });
  const description = checkText('--description', options.description ?? `Contract-first API service ${title}.`, { multiline: true });
  const list = Array.isArray(options.resources)
    ? options.resources
    : options.resources === undefined
      ? defaultResources(name)
      : String(options.resources).split(',');
  const resources = list.map((r) => r.trim()).filter((r) => r !== '');
  if (resources.length === 0 || resources.length > 12)
    throw new Error('Invalid --resources: give 1 to 12 comma-separated resource names (kebab-case plurals, e.g. payments,refunds).');
  for (const r of resources) {
    if (!RESOURCE_NAME.test(r) || r.length > 40)
      throw new Error(`Invalid --resources "${r}": use kebab-case plurals such as payments or line-items (at most 40 characters).`);
  }
  resourceModels(resources); // duplicates and colliding names, named
  const framework = (options.backendFramework ?? 'Fastify (TypeScript)').trim();
  if (!FRAMEWORKS.test(framework))
    throw new Error(`Invalid --backendFramework "${framework}": the service is scaffolded with Fastify (TypeScript); use Fastify.`);
  const hours = (option: string, value: string | undefined, fallback: string) => {
    const v = (value ?? fallback).trim();
    if (!HOURS.test(v)) throw new Error(`Invalid --${option} "${v}": use hours as a number or a range, e.g. 6 or 6-10.`);
    return v;
  };
  const planDir = (options.directory ?? name).replace(/\/$/, '') || '.';
  if (!PLAN_DIR.test(planDir) || planDir.split('/').includes('..'))
    throw new Error(`Invalid directory "${options.directory}": use a relative folder of letters, digits, dots, dashes and underscores.`);
  return {
    name,
    title,
    description,
    resources,
    planDir,
    contract: buildContract({ serviceName: name, resources, title, description }),
    template: {
      contractHours: hours('contractHours', options.contractHours, '6-10'),
      infraHours: hours('infraHours', options.infraHours, '4-6'),
      foundationHours: hours('foundationHours', options.foundationHours, '3-4'),
      backendFramework: 'Fastify (TypeScript)',
    },
  };
}

function titleOf(name: string): string {
  return name
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}
