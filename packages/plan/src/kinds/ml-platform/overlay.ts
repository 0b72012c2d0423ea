import type { ItemOverlayEntry, ItemProof } from '../kind-module';

/**
 * Template 5's items → what proves them, only where a check of plan really proves the item: the
 * inference contract is a valid OpenAPI document, the compose file, the monitoring configuration
 * (promtool) and the CI workflow are valid. Production deployment and operational documentation
 * say why no machine proves them here; every other item has no check and stays unproven until
 * attested. (Seed 000's ml-app kind carries the proofs of a concrete ML stack.)
 */
export const ML_PLATFORM_PATHS = {
  contract: 'contracts/openapi.yaml',
  compose: 'docker-compose.yml',
  prometheus: 'monitoring/prometheus.yml',
  ci: '.github/workflows/ci.yml',
};

export function mlPlatformOverlay(): ItemOverlayEntry[] {
  const p = ML_PLATFORM_PATHS;
  const creates = (uses: string, path: string): ItemProof => ({ checks: [{ uses, with: { paths: [path] } }], files: [{ path }] });
  return [
    { scope: 'stream', match: /^Create OpenAPI 3\.0 specification for ML inference APIs/, proof: creates('validate-openapi', p.contract) },
    { scope: 'stream', match: /^Create docker-compose\.yml with ML stack/, proof: creates('validate-compose', p.compose) },
    { scope: 'stream', match: /^Set up monitoring and alerting for ML systems/, proof: creates('prometheus-config', p.prometheus) },
    { scope: 'stream', match: /^Set up CI\/CD for application deployment/, proof: creates('validate-workflow', p.ci) },
    { scope: 'integration', match: /^Application and models deployed to production/, proof: { unprovable: 'production deployment' } },
    {
      scope: 'integration',
      match: /^Documentation and operational procedures complete/,
      proof: { unprovable: 'completeness of documentation is judged by a person' },
    },
  ];
}
