import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { contractOperations, resourceModel } from '../openapi-contract';
import { eventNames, MicroSystem, serviceCamel } from './system';

/**
 * The code by which a service reaches the others (plan-relative paths under services/<svc>/):
 * src/clients/http.ts (breaker, timeout, retries), a client per callee with the callee's create
 * and get operations, a resilience test per callee (the callee stopped, the breaker answers within
 * its bound), and src/events.ts (the events it publishes and subscribes to).
 */
export function renderServiceLinks(system: MicroSystem, serviceName: string): Map<string, string> {
  const service = system.services.find((s) => s.name === serviceName);
  if (!service) throw new Error(`plan: no service "${serviceName}" in the system`);
  const out = new Map<string, string>();
  const base = `services/${service.name}/`;
  const add = (files: Map<string, string>) => {
    for (const [p, c] of files) out.set(base + p, c);
  };
  if (service.calls.length > 0) add(renderTemplateDir(templatesDir('skills', 'service-links', 'service'), {}, {}));
  for (const calleeName of service.calls) {
    const r = resourceModel(calleeName);
    const ops = contractOperations({ resources: [calleeName] });
    const create = ops.find((o) => o.operationId === r.operationIds.create)!;
    const get = ops.find((o) => o.operationId === r.operationIds.get)!;
    const callee = {
      name: calleeName,
      camel: serviceCamel(calleeName),
      create: { operationId: create.operationId, path: create.path },
      get: { operationId: get.operationId, prefix: get.path.replace(/\{[^}]+\}$/, '') },
    };
    add(renderTemplateDir(templatesDir('skills', 'service-links', 'client'), { caller: service.name, callee }, { callee: calleeName }));
  }
  const events = system.events.map(eventNames);
  const produced = events.filter((e) => e.producer === service.name);
  const consumed = events.filter((e) => e.consumers.includes(service.name));
  if (produced.length + consumed.length > 0)
    add(
      renderTemplateDir(
        templatesDir('skills', 'service-links', 'events'),
        { service: service.name, events: [...produced, ...consumed.filter((e) => !produced.includes(e))], produced, consumed },
        {},
      ),
    );
  return out;
}
