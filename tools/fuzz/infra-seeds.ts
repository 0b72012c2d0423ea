/** Sound inputs for the infrastructure checks' fuzzers: rendered by the skills from one contract. */
import { renderGateway } from '../../packages/plan/src/skills/kong-gateway/render-gateway';
import { renderRealm } from '../../packages/plan/src/skills/keycloak-realm/render-realm';
import { renderLoadTest } from '../../packages/plan/src/skills/load-test/render-load-test';
import { buildContract, renderContractYaml } from '../../packages/plan/src/skills/openapi-contract';
import type { Stack } from '../../packages/plan/src/skills/infra-stack/stack';

const contract = buildContract({ serviceName: 'payments', resources: ['payments', 'refunds'] });
const stack: Stack = {
  name: 'payments',
  title: 'Payments',
  broker: 'rabbitmq',
  tracing: false,
  gatewayPort: 8000,
  services: [
    {
      name: 'api',
      context: '.',
      dockerfile: 'Dockerfile',
      port: 3000,
      healthPath: '/health',
      readyPath: '/ready',
      metricsPath: '/metrics',
      contract,
    },
  ],
};

export const CONTRACT_YAML = renderContractYaml(contract);
export const KONG_YAML = renderGateway(stack).get('infra/gateway/kong.yml')!;
export const REALM_JSON = renderRealm(stack).get('infra/keycloak/realm.json')!;
export const LOAD_YAML = renderLoadTest(contract).get('tests/load/load-test.yaml')!;
