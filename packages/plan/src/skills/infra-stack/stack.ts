/**
 * What the infrastructure skills (compose, gateway, realm, monitoring, Dockerfile, CI, load and
 * Pact tests) are rendered from: the services of a system, each with its OpenAPI contract as a
 * plain object. api-service has one service; web-app adds `web`; microservices has many, with a
 * database each and tracing. Names are checked once here, before any file is rendered.
 */
export type OpenApiDocument = Record<string, any>;

export interface StackService {
  /** kebab-case: compose service, Kong upstream host, Prometheus job, image name. */
  name: string;
  /** Build context and Dockerfile, relative to the plan folder. */
  context: string;
  dockerfile: string;
  /** Port the service listens on inside its container (its PORT). */
  port: number;
  healthPath: string;
  readyPath: string;
  metricsPath: string;
  /** The service's contract: gateway routes, realm scopes, Pact interactions, load requests. */
  contract?: OpenApiDocument;
  /** snake_case database of its own (database per service); undefined: the shared database. */
  database?: string;
}

export interface StackWeb {
  name: string;
  context: string;
  dockerfile: string;
  port: number;
  healthPath: string;
}

export interface Stack {
  /** kebab-case system name: compose project, Keycloak realm, dashboard uid. */
  name: string;
  /** Free text for titles (escaped wherever it lands). */
  title: string;
  services: StackService[];
  web?: StackWeb;
  broker: 'rabbitmq' | 'nats';
  /** Jaeger (OTLP) for distributed tracing. */
  tracing: boolean;
  /** Port of the gateway on the host. */
  gatewayPort: number;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;
const URL_PATH = /^\/[A-Za-z0-9._~\-/]*$/;
const RELATIVE = /^(\.|[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)$/;

/** Throws naming the field when a value would not be inert in the files (a bug of the calling kind). */
export function checkStack(stack: Stack): Stack {
  const fail = (what: string, value: unknown) => {
    throw new Error(`Invalid infrastructure stack: ${what} ${JSON.stringify(value)}.`);
  };
  if (!KEBAB.test(stack.name) || stack.name.length > 40) fail('name', stack.name);
  const names = new Set<string>();
  const parts = [...stack.services, ...(stack.web ? [stack.web] : [])];
  for (const s of parts) {
    if (!KEBAB.test(s.name) || s.name.length > 40) fail('service name', s.name);
    if (names.has(s.name) || RESERVED.has(s.name)) fail('service name (taken)', s.name);
    names.add(s.name);
    if (!RELATIVE.test(s.context) || s.context.split('/').includes('..')) fail(`context of ${s.name}`, s.context);
    if (!RELATIVE.test(s.dockerfile) || s.dockerfile.split('/').includes('..')) fail(`dockerfile of ${s.name}`, s.dockerfile);
    if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) fail(`port of ${s.name}`, s.port);
    if (!URL_PATH.test(s.healthPath)) fail(`healthPath of ${s.name}`, s.healthPath);
  }
  for (const s of stack.services) {
    if (!URL_PATH.test(s.readyPath) || !URL_PATH.test(s.metricsPath)) fail(`readyPath/metricsPath of ${s.name}`, s);
    if (s.database !== undefined && (!SNAKE.test(s.database) || s.database.length > 63)) fail(`database of ${s.name}`, s.database);
  }
  if (!Number.isInteger(stack.gatewayPort) || stack.gatewayPort < 1 || stack.gatewayPort > 65535) fail('gatewayPort', stack.gatewayPort);
  return stack;
}

/** Service names the stack itself uses. */
export const RESERVED = new Set(['postgres', 'redis', 'rabbitmq', 'nats', 'keycloak', 'prometheus', 'grafana', 'gateway', 'jaeger']);

/** The image every service's compose entry and CI job builds. */
export const imageOf = (stack: Stack, service: { name: string }) => `${stack.name}-${service.name}:local`;

/** PostgreSQL service (and host) holding a service's database. */
export const databaseHost = (service: StackService) => (service.database ? `${service.name}-db` : 'postgres');

/** Upper snake-case prefix of a service's variables (`payments-api` → `PAYMENTS_API`). */
export const envPrefix = (name: string) => name.toUpperCase().replace(/-/g, '_');
