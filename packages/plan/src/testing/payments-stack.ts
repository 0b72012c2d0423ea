import { renderGateway } from '../skills/kong-gateway/render-gateway';
import { renderRealm } from '../skills/keycloak-realm/render-realm';
import { renderLoadTest } from '../skills/load-test/render-load-test';
import { buildContract, renderContractYaml } from '../skills/openapi-contract';
import type { Stack, StackService } from '../skills/infra-stack/stack';

/**
 * One sound sample for the infrastructure skills and checks: a payments service (payments and
 * refunds) behind Kong, with Keycloak and RabbitMQ, and the files the skills render from its
 * contract. Shared by the infra-stack spec, the infrastructure checks' fuzzers and their benchmark.
 */
export const PAYMENTS_CONTRACT = buildContract({ serviceName: 'payments', resources: ['payments', 'refunds'] });

export const PAYMENTS_API: StackService = {
  name: 'api',
  context: '.',
  dockerfile: 'Dockerfile',
  port: 3000,
  healthPath: '/health',
  readyPath: '/ready',
  metricsPath: '/metrics',
  contract: PAYMENTS_CONTRACT,
};

/** The stack; `title` lets a spec try a hostile one. */
export function paymentsStack(title = 'Payments'): Stack {
  return { name: 'payments', title, services: [PAYMENTS_API], broker: 'rabbitmq', tracing: false, gatewayPort: 8000 };
}

/** The files the skills render from the sample, by what they are. */
export const PAYMENTS_FILES = {
  contractYaml: renderContractYaml(PAYMENTS_CONTRACT),
  kongYaml: renderGateway(paymentsStack()).get('infra/gateway/kong.yml')!,
  realmJson: renderRealm(paymentsStack()).get('infra/keycloak/realm.json')!,
  loadYaml: renderLoadTest(PAYMENTS_CONTRACT).get('tests/load/load-test.yaml')!,
};
