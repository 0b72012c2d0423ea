import { ServiceCatalog } from '../contract-files/service-catalog';
import { Finding } from '../contract';
import { dig, isObj, K8sObject, stringMap } from './manifest-set';
import { label, MeshFindings } from './mesh-findings';

/**
 * Discovery: each Service selects the pods of its Deployment (the one of the same name when there
 * is one), its target ports are ports those containers open, and the containers listen on the port
 * the service catalog gives the service (containerPort and the PORT variable alike).
 */
export interface Workload {
  object: K8sObject;
  labels: Record<string, string>;
  containers: { name: string; index: number; value: Record<string, unknown> }[];
}

const TEMPLATE = ['spec', 'template'];

export function workloadsOf(objects: K8sObject[]): Workload[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((object) => {
      const containers = dig(object.value, [...TEMPLATE, 'spec', 'containers']);
      return {
        object,
        labels: stringMap(dig(object.value, [...TEMPLATE, 'metadata', 'labels'])),
        containers: Array.isArray(containers)
          ? containers.flatMap((c, index) =>
              isObj(c) ? [{ name: typeof c.name === 'string' ? c.name : `#${index}`, index, value: c }] : [],
            )
          : [],
      };
    });
}

export const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

export function discoveryFindings(objects: K8sObject[], catalog: ServiceCatalog | undefined): Finding[] {
  const out = new MeshFindings();
  const workloads = workloadsOf(objects);
  const services = objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
  for (const service of services) {
    const spec = isObj(service.value.spec) ? service.value.spec : {};
    if (spec.type === 'ExternalName') continue;
    const selector = stringMap(spec.selector);
    const wanted = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    const sameNamespace = workloads.filter((w) => w.object.namespace === service.namespace);
    const selected = sameNamespace.filter((w) => selects(selector, w.labels));
    const own = sameNamespace.find((w) => w.object.name === service.name);
    if (Object.keys(selector).length === 0) {
      out.add(
        service,
        'service-without-selector',
        `${label(service)} has no selector: it selects no Deployment, so it gets no endpoints from the mesh. Select its pods (e.g. app: ${service.name}).`,
        ['spec'],
      );
      continue;
    }
    if (selected.length === 0) {
      const hint = own
        ? `Deployment "${own.object.name}" labels its pods ${
            Object.entries(own.labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ') || '(no labels)'
          }`
        : `no Deployment in namespace ${service.namespace} labels its pods so${sameNamespace.length ? ` (there: ${sameNamespace.map((w) => w.object.name).join(', ')})` : ''}`;
      out.add(
        service,
        'service-selects-nothing',
        `${label(service)} selects ${wanted}, but ${hint}: the Service has no endpoints. Fix the selector (a typo?) or the pod labels.`,
        ['spec', 'selector'],
      );
      continue;
    }
    if (own && !selected.includes(own))
      out.add(
        service,
        'service-selects-other',
        `${label(service)} selects ${wanted}: the pods of ${selected.map((w) => w.object.name).join(', ')}, not of its own Deployment "${own.object.name}". Fix the selector.`,
        ['spec', 'selector'],
      );
    const ports = Array.isArray(spec.ports) ? spec.ports : [];
    ports.forEach((port, i) => {
      if (!isObj(port)) return;
      const target = port.targetPort ?? port.port;
      for (const w of selected) {
        const opened = w.containers.flatMap((c) => {
          const list = Array.isArray(c.value.ports) ? c.value.ports : [];
          return list.filter(isObj).map((p) => ({ name: p.name, number: p.containerPort }));
        });
        const hit = opened.some((p) => (typeof target === 'string' ? p.name === target : p.number === target));
        if (!hit)
          out.add(
            service,
            'target-port',
            `${label(service)} sends port ${String(port.port)} to ${typeof target === 'string' ? `the port named "${target}"` : `port ${String(target)}`}, which no container of Deployment "${w.object.name}" opens (${opened.map((p) => (typeof p.name === 'string' ? `${p.name}=${String(p.number)}` : String(p.number))).join(', ') || 'none'}). Make targetPort a containerPort or its name.`,
            ['spec', 'ports', i, port.targetPort === undefined ? 'port' : 'targetPort'],
          );
      }
    });
  }
  if (catalog) {
    for (const entry of catalog.services) {
      const workload = workloads.find((w) => w.object.name === entry.name);
      const service = services.find((s) => s.name === entry.name);
      if (!workload || !service) {
        out.list.push({
          rule: 'mesh/catalog-service-undeployed',
          severity: 'error',
          message: `Service "${entry.name}" of the catalog has no ${[!workload && 'Deployment', !service && 'Service'].filter(Boolean).join(' and ')} named "${entry.name}" in these manifests: add deploy/k8s/${entry.name}/ or remove it from the catalog.`,
          file: catalog.file,
          ...entry.at,
        });
        continue;
      }
      if (entry.port === undefined) continue;
      for (const c of workload.containers) {
        const list = Array.isArray(c.value.ports) ? c.value.ports : [];
        list.forEach((p, i) => {
          if (isObj(p) && typeof p.containerPort === 'number' && p.containerPort !== entry.port)
            out.add(
              workload.object,
              'config-port',
              `${label(workload.object)} container "${c.name}" opens ${p.containerPort}, but the service catalog (${catalog.file}) says "${entry.name}" listens on ${entry.port}: make them agree.`,
              ['spec', 'template', 'spec', 'containers', c.index, 'ports', i, 'containerPort'],
            );
        });
        const env = Array.isArray(c.value.env) ? c.value.env : [];
        env.forEach((e, i) => {
          if (isObj(e) && e.name === 'PORT' && e.value !== undefined && String(e.value) !== String(entry.port))
            out.add(
              workload.object,
              'config-port',
              `${label(workload.object)} container "${c.name}" sets PORT=${String(e.value)}, but the service catalog (${catalog.file}) says "${entry.name}" listens on ${entry.port}: make them agree.`,
              ['spec', 'template', 'spec', 'containers', c.index, 'env', i, 'value'],
            );
        });
      }
    }
  }
  return out.list;
}
