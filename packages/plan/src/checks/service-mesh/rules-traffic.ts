import { Finding } from '../contract';
import { dig, groupOf, isObj, K8sObject } from './manifest-set';
import { label, MeshFindings } from './mesh-findings';

/**
 * Istio traffic management: VirtualService destinations and DestinationRule hosts are Services of
 * the set (short names resolve in the object's namespace, `name.ns.svc.cluster.local` anywhere),
 * and every Service has a DestinationRule with outlier detection (failing pods leave the pool).
 */
function resolveHost(host: string, namespace: string): { name: string; namespace: string } | undefined {
  if (host.includes('*')) return undefined;
  const parts = host.split('.');
  if (parts.length === 1) return { name: host, namespace };
  if (parts.length === 2) return { name: parts[0], namespace: parts[1] };
  if (host.endsWith('.svc.cluster.local') || host.endsWith('.svc')) return { name: parts[0], namespace: parts[1] };
  // An external host (a ServiceEntry's business): not ours to judge.
  return undefined;
}

export function trafficFindings(objects: K8sObject[]): Finding[] {
  const out = new MeshFindings();
  const services = objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
  const istio = (o: K8sObject, kind: string) => o.kind === kind && groupOf(o.apiVersion) === 'networking.istio.io';
  const exists = (host: string, ns: string) => {
    const target = resolveHost(host, ns);
    return !target || services.some((s) => s.name === target.name && s.namespace === target.namespace);
  };
  for (const vs of objects.filter((o) => istio(o, 'VirtualService'))) {
    for (const protocol of ['http', 'tcp', 'tls'] as const) {
      const routes = dig(vs.value, ['spec', protocol]);
      if (!Array.isArray(routes)) continue;
      routes.forEach((route, r) => {
        const destinations = isObj(route) ? route.route : undefined;
        if (!Array.isArray(destinations)) return;
        destinations.forEach((d, i) => {
          const host = dig(d, ['destination', 'host']);
          if (typeof host === 'string' && !exists(host, vs.namespace))
            out.add(
              vs,
              'virtual-service-host',
              `${label(vs)} routes to host "${host}", which is no Service of these manifests: the mesh answers 503. Name an existing Service.`,
              ['spec', protocol, r, 'route', i, 'destination', 'host'],
            );
        });
      });
    }
  }
  const rules = objects.filter((o) => istio(o, 'DestinationRule'));
  for (const dr of rules) {
    const host = dig(dr.value, ['spec', 'host']);
    if (typeof host === 'string' && !exists(host, dr.namespace))
      out.add(
        dr,
        'destination-rule-host',
        `${label(dr)} applies to host "${host}", which is no Service of these manifests: its policy never applies. Name an existing Service.`,
        ['spec', 'host'],
      );
  }
  for (const service of services) {
    const rule = rules.find((dr) => {
      const host = dig(dr.value, ['spec', 'host']);
      const target = typeof host === 'string' ? resolveHost(host, dr.namespace) : undefined;
      return target?.name === service.name && target.namespace === service.namespace;
    });
    if (!rule) {
      out.add(
        service,
        'destination-rule-missing',
        `${label(service)} has no DestinationRule: no outlier detection ejects failing pods. Add one with trafficPolicy.outlierDetection.`,
        ['metadata', 'name'],
      );
    } else if (!isObj(dig(rule.value, ['spec', 'trafficPolicy', 'outlierDetection']))) {
      out.add(
        rule,
        'outlier-detection',
        `${label(rule)} has no trafficPolicy.outlierDetection: pods that keep failing stay in the pool. Add outlierDetection (e.g. consecutive5xxErrors, interval, baseEjectionTime).`,
        ['spec'],
      );
    }
  }
  return out.list;
}
