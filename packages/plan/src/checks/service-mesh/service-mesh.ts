import { rules } from './rule-catalogue';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { sortFindings } from '../contract-files/read-input';
import { readServiceCatalog, ServiceCatalog } from '../contract-files/service-catalog';
import { readManifestSet } from './manifest-set';
import { discoveryFindings } from './rules-discovery';
import { mtlsFindings } from './rules-mtls';
import { routeFindings } from './rules-routes';
import { trafficFindings } from './rules-traffic';

/**
 * A set of Kubernetes + Istio + Gateway API manifests holds together as a mesh: Services select
 * their Deployments on ports the containers open and the catalog names (discovery), every route
 * reaches a Service (routes), every Service has outlier detection and its hosts exist (traffic),
 * and mutual TLS is STRICT everywhere (mtls). `aspects` picks some, so that a plan can prove each
 * item by its own part. Schema validity is validate-k8s's job.
 */
export const ASPECTS = ['discovery', 'routes', 'traffic', 'mtls'] as const;
export type Aspect = (typeof ASPECTS)[number];

export interface ServiceMeshOptions {
  services?: string;
  aspects?: Aspect[];
}

export const check: CheckDefinition<ServiceMeshOptions> = {
  name: 'service-mesh',
  rules,
  summary:
    'Kubernetes/Istio/Gateway API manifests as one mesh: Services select their Deployments on the catalog ports, routes reach Services, outlier detection, mTLS STRICT everywhere',
  pathsDescription: 'Kubernetes manifest files (.yaml, several documents each); all paths form one set',
  options: [
    { name: 'services', type: 'string', description: 'Service catalog (contracts/services.yaml): each service and the port it listens on' },
    { name: 'aspects', type: 'string[]', description: `What to check (default all): ${ASPECTS.join(', ')}` },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('service-mesh needs at least one manifest file.');
    const aspects = options.aspects && options.aspects.length > 0 ? options.aspects : [...ASPECTS];
    const unknown = aspects.filter((a) => !(ASPECTS as readonly string[]).includes(a));
    if (unknown.length) throw new CheckUsageError(`Unknown aspect ${unknown.join(', ')}: use ${ASPECTS.join(', ')}.`);
    const { objects, findings } = await readManifestSet(paths, context.cwd, 'mesh');
    let catalog: ServiceCatalog | undefined;
    if (options.services && aspects.includes('discovery')) {
      const read = await readServiceCatalog(options.services, context.cwd, 'mesh');
      findings.push(...read.findings);
      catalog = read.catalog;
    }
    const all: Finding[] = [...findings];
    if (aspects.includes('discovery')) all.push(...discoveryFindings(objects, catalog));
    if (aspects.includes('routes')) all.push(...routeFindings(objects));
    if (aspects.includes('traffic')) all.push(...trafficFindings(objects));
    if (aspects.includes('mtls')) all.push(...mtlsFindings(objects));
    const count = (kind: string) => objects.filter((o) => o.kind === kind).length;
    return resultOf('service-mesh', sortFindings(all), {
      aspects,
      objects: objects.length,
      services: count('Service'),
      deployments: count('Deployment'),
      routes: count('HTTPRoute'),
      peerAuthentications: count('PeerAuthentication'),
    });
  },
};
