import { Finding } from '../contract';
import { dig, groupOf, isObj, K8sObject, stringMap } from './manifest-set';
import { label, MeshFindings } from './mesh-findings';
import { selects, workloadsOf } from './rules-discovery';

/**
 * Mutual TLS everywhere: every PeerAuthentication (and each of its port-level settings) is STRICT,
 * no DestinationRule turns TLS off for a service of the mesh, and every workload is covered by a
 * STRICT PeerAuthentication (its own, its namespace's, or the mesh-wide one in the root namespace).
 */
const ROOT_NAMESPACE = 'istio-system';

export function mtlsFindings(objects: K8sObject[]): Finding[] {
  const out = new MeshFindings();
  const policies = objects.filter((o) => o.kind === 'PeerAuthentication' && groupOf(o.apiVersion) === 'security.istio.io');
  for (const pa of policies) {
    const mode = dig(pa.value, ['spec', 'mtls', 'mode']);
    if (mode !== 'STRICT') {
      const hasMode = mode !== undefined;
      out.add(
        pa,
        'mtls-not-strict',
        `${label(pa)} sets mTLS mode ${hasMode ? String(mode) : '(unset: inherits PERMISSIVE unless a parent policy is STRICT)'}: plain-text calls are ${mode === 'DISABLE' ? 'the only ones' : 'accepted'}. Set spec.mtls.mode: STRICT.`,
        hasMode ? ['spec', 'mtls', 'mode'] : ['spec'],
      );
    }
    const portLevel = dig(pa.value, ['spec', 'portLevelMtls']);
    if (isObj(portLevel))
      for (const [port, setting] of Object.entries(portLevel)) {
        const m = dig(setting, ['mode']);
        if (m !== 'STRICT') {
          out.add(
            pa,
            'mtls-not-strict',
            `${label(pa)} sets mTLS mode ${String(m)} on port ${port}: that port accepts plain text. Remove the exception or make it STRICT.`,
            ['spec', 'portLevelMtls', port, 'mode'],
          );
        }
      }
  }
  for (const dr of objects.filter((o) => o.kind === 'DestinationRule' && groupOf(o.apiVersion) === 'networking.istio.io')) {
    const mode = dig(dr.value, ['spec', 'trafficPolicy', 'tls', 'mode']);
    if (mode === 'DISABLE' || mode === 'SIMPLE')
      out.add(
        dr,
        'mtls-client-disabled',
        `${label(dr)} sets client TLS mode ${mode}: calls to "${String(dig(dr.value, ['spec', 'host']))}" leave without mutual TLS and a STRICT server refuses them. Use ISTIO_MUTUAL.`,
        ['spec', 'trafficPolicy', 'tls', 'mode'],
      );
  }
  // The most specific policy that applies decides (workload, then namespace, then mesh-wide); a
  // non-STRICT one is reported above, so only a workload no policy reaches is reported here.
  for (const w of workloadsOf(objects)) {
    const applies = policies.some((pa) => {
      const selector = stringMap(dig(pa.value, ['spec', 'selector', 'matchLabels']));
      if (Object.keys(selector).length === 0) return pa.namespace === w.object.namespace || pa.namespace === ROOT_NAMESPACE;
      return pa.namespace === w.object.namespace && selects(selector, w.labels);
    });
    if (!applies)
      out.add(
        w.object,
        'mtls-missing',
        `${label(w.object)} is covered by no PeerAuthentication (its own, namespace ${w.object.namespace}'s, or the mesh-wide one in ${ROOT_NAMESPACE}): Istio's default PERMISSIVE accepts plain text. Add one with mtls.mode: STRICT.`,
        ['metadata', 'name'],
      );
  }
  return out.list;
}
