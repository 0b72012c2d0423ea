import { stringify } from 'yaml';
import { MicroSystem } from './system';

/** The service catalog, relative to the plan folder (read by service-mesh and event-flow). */
export const CATALOG_PATH = 'contracts/services.yaml';

/** Service boundaries: each service's port, public paths and the services it may call. */
export function renderCatalog(system: MicroSystem): string {
  const services = Object.fromEntries(
    system.services.map((s) => [
      s.name,
      { port: s.port, publicPaths: s.publicPaths, calls: s.calls, contract: `contracts/${s.name}/openapi.yaml` },
    ]),
  );
  return `# Service boundaries of ${system.name}: the port each service listens on, its public paths, whom it calls.\n# The Kubernetes manifests, the network policies and the code are checked against this file.\n${stringify({ system: system.name, services }, { lineWidth: 0 })}`;
}
