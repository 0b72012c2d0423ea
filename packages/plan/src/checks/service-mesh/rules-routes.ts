import { Finding } from '../contract';
import { dig, groupOf, isObj, K8sObject } from './manifest-set';
import { label, MeshFindings } from './mesh-findings';

/**
 * Gateway API routes: every backendRef (a core Service unless it names another kind) is a Service
 * of the set with that port, and every parentRef to a Gateway names a Gateway of the set.
 */
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

export function routeFindings(objects: K8sObject[]): Finding[] {
  const out = new MeshFindings();
  const services = objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
  const gateways = objects.filter((o) => o.kind === 'Gateway' && groupOf(o.apiVersion) === 'gateway.networking.k8s.io');
  for (const route of objects.filter((o) => ROUTE_KINDS.has(o.kind) && groupOf(o.apiVersion) === 'gateway.networking.k8s.io')) {
    const parents = dig(route.value, ['spec', 'parentRefs']);
    if (Array.isArray(parents))
      parents.forEach((ref, i) => {
        if (!isObj(ref) || (ref.kind !== undefined && ref.kind !== 'Gateway') || typeof ref.name !== 'string') return;
        const namespace = typeof ref.namespace === 'string' ? ref.namespace : route.namespace;
        if (gateways.length > 0 && !gateways.some((g) => g.name === ref.name && g.namespace === namespace))
          out.add(
            route,
            'route-parent-missing',
            `${label(route)} attaches to Gateway "${ref.name}" in namespace ${namespace}, which these manifests do not define (${gateways.map((g) => `${g.namespace}/${g.name}`).join(', ')}): the route is never served.`,
            ['spec', 'parentRefs', i, 'name'],
          );
      });
    const rules = dig(route.value, ['spec', 'rules']);
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, r) => {
      const refs = isObj(rule) ? rule.backendRefs : undefined;
      if (!Array.isArray(refs)) return;
      refs.forEach((ref, b) => {
        if (!isObj(ref) || typeof ref.name !== 'string') return;
        const kind = ref.kind ?? 'Service';
        const group = ref.group ?? '';
        if (kind !== 'Service' || group !== '') return;
        const namespace = typeof ref.namespace === 'string' ? ref.namespace : route.namespace;
        const at = ['spec', 'rules', r, 'backendRefs', b];
        const target = services.find((s) => s.name === ref.name && s.namespace === namespace);
        if (!target) {
          const near = services.filter((s) => s.namespace === namespace).map((s) => s.name);
          out.add(
            route,
            'route-backend-missing',
            `${label(route)} sends traffic to Service "${ref.name}" in namespace ${namespace}, which these manifests do not define${near.length ? ` (there: ${near.join(', ')})` : ''}: requests would get 500. Point it at an existing Service.`,
            [...at, 'name'],
          );
          return;
        }
        const ports = dig(target.value, ['spec', 'ports']);
        const numbers = Array.isArray(ports) ? ports.filter(isObj).map((p) => p.port) : [];
        if (ref.port !== undefined && !numbers.includes(ref.port))
          out.add(
            route,
            'route-backend-port',
            `${label(route)} sends traffic to port ${String(ref.port)} of Service "${ref.name}", which exposes ${numbers.map(String).join(', ') || 'no port'}. Use one of its ports.`,
            [...at, 'port'],
          );
      });
    });
  }
  return out.list;
}
