import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';

/**
 * Kubernetes and mesh manifests of a set of services: per service (deploy/k8s/<svc>/) a Deployment,
 * Service, HPA, PodDisruptionBudget, NetworkPolicy, Istio VirtualService, DestinationRule (outlier
 * detection, mutual TLS) and PeerAuthentication STRICT, and one Gateway API HTTPRoute per public
 * path; for the platform (deploy/k8s/platform/) the namespaces, the Gateway and the namespace-wide
 * STRICT PeerAuthentication. Names are validated by the caller (kebab-case services, `/a/b` paths).
 */
export interface MeshService {
  /** kebab-case: the Deployment, Service and `app` label. */
  name: string;
  /** The port the service listens on (its PORT). */
  port: number;
  /** Paths the gateway exposes, e.g. `/orders`: one HTTPRoute each. */
  publicPaths: string[];
  /** Services that call this one: the NetworkPolicy lets their pods in. */
  callers: string[];
}

export interface MeshPlatform {
  /** The system's name (kebab-case): labels and image names. */
  system: string;
  namespace: string;
  gateway: string;
  gatewayNamespace: string;
  /** Image registry prefix, e.g. `ghcr.io/acme`; the image is `<registry>/<system>-<service>:<tag>`. */
  registry: string;
  tag: string;
}

export const K8S_DIR = 'deploy/k8s';

export function meshPlatformDefaults(system: string): MeshPlatform {
  return {
    system,
    namespace: system,
    gateway: `${system}-gateway`,
    gatewayNamespace: `${system}-gateway`,
    registry: 'registry.local',
    tag: '0.1.0',
  };
}

/** The slug of a public path for its HTTPRoute's name: `/orders/{id}` → `orders-id`. */
export function routeSlug(publicPath: string): string {
  return (
    publicPath
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'root'
  );
}

export function renderServiceManifests(platform: MeshPlatform, service: MeshService): Map<string, string> {
  const routes = service.publicPaths.map((p) => ({ path: p, name: `${service.name}-${routeSlug(p)}` }));
  const image = `${platform.registry}/${platform.system}-${service.name}:${platform.tag}`;
  const rendered = renderTemplateDir(
    templatesDir('skills', 'k8s-service', 'service'),
    { ...platform, service, callers: [...service.callers].sort(), routes, image },
    {},
  );
  return prefixed(rendered, `${K8S_DIR}/${service.name}/`);
}

export function renderPlatformManifests(platform: MeshPlatform): Map<string, string> {
  return prefixed(renderTemplateDir(templatesDir('skills', 'k8s-service', 'platform'), { ...platform }, {}), `${K8S_DIR}/platform/`);
}

/** Every manifest of the platform and the services, path → content. */
export function renderK8s(platform: MeshPlatform, services: MeshService[]): Map<string, string> {
  const out = renderPlatformManifests(platform);
  for (const service of services) for (const [p, c] of renderServiceManifests(platform, service)) out.set(p, c);
  return out;
}

function prefixed(files: Map<string, string>, prefix: string): Map<string, string> {
  return new Map([...files].map(([p, c]) => [prefix + p, c]));
}
