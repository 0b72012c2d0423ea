import type { ItemOverlayEntry, ItemProof } from '../../kinds/kind-module';
import { GATEWAY_PATH } from '../kong-gateway/render-gateway';
import { REALM_PATH } from '../keycloak-realm/render-realm';
import { ALERT_RULES, DASHBOARD_PATH, PROMETHEUS_CONFIG } from '../monitoring/render-monitoring';

/**
 * What proves each infrastructure item, for the kinds that use these skills (api-service now;
 * web-app and microservices reuse it): compose → validate-compose, gateway → gateway-routes,
 * auth → realm-scopes, monitoring → prometheus-config (promtool), CI/CD → validate-workflow,
 * Dockerfile → scan-dockerfile, load → load-test, consumer contracts → the Pact tests.
 * Paths are plan-relative; each proof lists the files it creates and the inputs its check reads.
 */
export interface InfraProofOptions {
  /** The OpenAPI contract the gateway and realm are judged against. */
  contract: string;
  /** Dockerfile of the service (plan-relative). */
  dockerfile?: string;
  /** Load test definition (load-test check) and how to start the service for it. */
  load?: { spec: string; command: string; port: number; /** Seconds the service has to start (default 120). */ timeout?: number };
  /** Consumer contract tests: the folder and the command that runs them. */
  pact?: { dir: string; command: string };
  workflow?: string;
}

export type InfraItem = 'compose' | 'gateway' | 'auth' | 'monitoring' | 'cicd' | 'dockerfile' | 'load' | 'pact';

export const COMPOSE_FILES = ['docker-compose.yml', '.env.example'];
export const WORKFLOW_PATH = '.github/workflows/ci.yml';

export function infraProofs(options: InfraProofOptions): Record<InfraItem, ItemProof> {
  const dockerfile = options.dockerfile ?? 'Dockerfile';
  const workflow = options.workflow ?? WORKFLOW_PATH;
  const files = (...paths: string[]) => paths.map((path) => ({ path }));
  return {
    compose: { checks: [{ uses: 'validate-compose', with: { paths: ['docker-compose.yml'] } }], files: files(...COMPOSE_FILES) },
    gateway: {
      checks: [{ uses: 'gateway-routes', with: { paths: [GATEWAY_PATH], contract: options.contract } }],
      files: files(GATEWAY_PATH),
      inputs: [options.contract],
    },
    auth: {
      checks: [{ uses: 'realm-scopes', with: { paths: [REALM_PATH], contract: options.contract } }],
      files: files(REALM_PATH),
      inputs: [options.contract],
    },
    monitoring: {
      checks: [{ uses: 'prometheus-config', with: { paths: [PROMETHEUS_CONFIG, ALERT_RULES] } }],
      files: files(PROMETHEUS_CONFIG, ALERT_RULES, DASHBOARD_PATH),
    },
    cicd: { checks: [{ uses: 'validate-workflow', with: { paths: [workflow] } }], files: files(workflow) },
    dockerfile: { checks: [{ uses: 'scan-dockerfile', with: { paths: [dockerfile] } }], files: files(dockerfile) },
    load: options.load
      ? {
          checks: [
            {
              uses: 'load-test',
              with: {
                paths: [options.load.spec],
                command: options.load.command,
                port: options.load.port,
                timeout: options.load.timeout ?? 120,
              },
            },
          ],
          files: files(options.load.spec),
        }
      : { unprovable: 'No load test definition was generated for this plan.' },
    pact: options.pact
      ? { checks: [{ uses: 'command', with: { command: options.pact.command, timeout: 300 } }], files: files(`${options.pact.dir}/`) }
      : { unprovable: 'No consumer contract tests were generated for this plan.' },
  };
}

/**
 * Overlay entries for the infrastructure items of seed 001's Template 2 (API service), ready to
 * drop into the kind's overlay; texts as the template writes them.
 */
export function apiServiceInfraOverlay(options: InfraProofOptions): ItemOverlayEntry[] {
  const p = infraProofs(options);
  return [
    { scope: 'stream', match: /^Create docker-compose\.yml with all dependencies/, proof: p.compose },
    { scope: 'stream', match: /^Set up API Gateway configuration/, proof: p.gateway },
    { scope: 'stream', match: /^Configure authentication service \(Keycloak\/OIDC\)/, proof: p.auth },
    { scope: 'stream', match: /^Set up monitoring and logging stack/, proof: p.monitoring },
    { scope: 'stream', match: /^Set up CI\/CD pipeline/, proof: p.cicd },
    { scope: 'stream', match: /^Configure code quality and security scanning/, proof: p.dockerfile },
    { scope: 'stream', match: /^Implement performance and load testing/, proof: p.load },
    { scope: 'stream', match: /^Set up consumer-driven contract testing/, proof: p.pact },
    { scope: 'stream', match: /^Set up comprehensive monitoring and alerting/, proof: p.monitoring },
    { scope: 'integration', match: /^Monitoring and alerting fully configured/, proof: p.monitoring },
  ];
}
