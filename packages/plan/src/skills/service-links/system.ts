import { resourceModel } from '../openapi-contract';

/**
 * A microservices system as the service-links skill renders it: services with their port, public
 * paths and the services they call; events with their one producer and their consumers. Names are
 * kebab-case (validated by the kind before they get here).
 */
export interface SystemService {
  name: string;
  port: number;
  publicPaths: string[];
  calls: string[];
}

export interface SystemEvent {
  /** kebab-case, e.g. `order-placed`: the AsyncAPI channel and what the code publishes. */
  name: string;
  producer: string;
  consumers: string[];
}

export interface MicroSystem {
  name: string;
  services: SystemService[];
  events: SystemEvent[];
}

const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
const camel = (kebab: string) => pascal(kebab).replace(/^./, (c) => c.toLowerCase());

/** Names an event needs in code: `order-placed` → OrderPlaced, orderId (its first word is the entity). */
export function eventNames(event: SystemEvent) {
  const entity = event.name.split('-')[0];
  return { ...event, pascal: pascal(event.name), entityId: `${camel(entity)}Id` };
}

export const serviceCamel = camel;

/**
 * The default owner of an event: the service whose resource the event's first word names
 * (`order-placed` → orders, `payment-captured` → payments), else the first service.
 */
export function defaultProducer(event: string, services: readonly string[]): string {
  const entity = event.split('-')[0];
  return services.find((s) => s === entity || resourceModel(s).singular === entity) ?? services[0];
}
