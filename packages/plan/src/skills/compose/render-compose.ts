import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { checkStack, databaseHost, envPrefix, imageOf, Stack, StackService } from '../infra-stack/stack';

/**
 * docker-compose.yml and .env.example of a stack: every service built from its Dockerfile with
 * a healthcheck, PostgreSQL (shared, or one per service that names a database), Redis, the broker
 * (RabbitMQ or NATS), Keycloak importing the realm, Kong with the declarative routes, Prometheus,
 * Grafana and optionally Jaeger; `depends_on` waits for health. Secrets only through .env.
 */
export function renderCompose(stack: Stack): Map<string, string> {
  checkStack(stack);
  return renderTemplateDir(
    templatesDir('skills', 'compose'),
    {
      ...stack,
      web: stack.web,
      snake: stack.name.replace(/-/g, '_'),
      sharedDatabase: stack.services.some((s) => !s.database),
      image: (s: { name: string }) => imageOf(stack, s),
      databaseHost,
      databaseName: (s: StackService) => s.database ?? '${POSTGRES_DB:?copy .env.example to .env}',
      envPrefix,
    },
    {},
  );
}
