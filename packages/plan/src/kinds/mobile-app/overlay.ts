import type { ItemOverlayEntry, ItemProof } from '../kind-module';

/**
 * Template 3's items → what proves them, only where a check of plan really proves the item: the
 * contract is a valid OpenAPI document, the compose file and the CI workflow are valid. Items a
 * machine cannot prove here (store listings, signing, legal text, beta feedback) say why; every
 * other item has no check and stays unproven until attested.
 */
export const MOBILE_PATHS = { contract: 'contracts/openapi.yaml', compose: 'docker-compose.yml', ci: '.github/workflows/ci.yml' };

export function mobileAppOverlay(): ItemOverlayEntry[] {
  const p = MOBILE_PATHS;
  const creates = (uses: string, path: string): ItemProof => ({ checks: [{ uses, with: { paths: [path] } }], files: [{ path }] });
  const unprovable = (why: string): ItemProof => ({ unprovable: why });
  return [
    { scope: 'stream', match: /^Create OpenAPI 3\.0 specification/, proof: creates('validate-openapi', p.contract) },
    { scope: 'stream', match: /^Create docker-compose\.yml/, proof: creates('validate-compose', p.compose) },
    { scope: 'stream', match: /^Set up automated testing in CI\/CD pipeline/, proof: creates('validate-workflow', p.ci) },
    { scope: 'stream', match: /^Create app store listings/, proof: unprovable('store listings and screenshots are judged by the stores') },
    { scope: 'stream', match: /^Configure app signing and certificates/, proof: unprovable("signing needs the team's certificates") },
    {
      scope: 'stream',
      match: /^Set up code signing and app store configuration/,
      proof: unprovable("signing needs the team's certificates"),
    },
    { scope: 'stream', match: /^Create privacy policy and legal requirements/, proof: unprovable('legal text needs a legal review') },
    {
      scope: 'integration',
      match: /^App signed and ready for app store submission/,
      proof: unprovable("signing needs the team's certificates"),
    },
    { scope: 'integration', match: /^Beta testing feedback incorporated/, proof: unprovable('beta feedback comes from testers') },
    { scope: 'success', match: /^App store submission requirements met/, proof: unprovable('the stores decide at submission') },
  ];
}
