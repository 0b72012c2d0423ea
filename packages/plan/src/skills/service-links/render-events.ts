import { stringify } from 'yaml';
import { eventNames, MicroSystem } from './system';

/** Where the events contract lives, relative to the plan folder. */
export const EVENTS_PATH = 'contracts/events/asyncapi.yaml';

/**
 * The AsyncAPI 3.0 document of a system's events: a channel per event on the broker, its message
 * and payload schema, one `send` operation for its producer and a `receive` operation per
 * consumer, each naming its service in `x-service` (what event-flow reads).
 */
export function buildEventsDocument(system: MicroSystem): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const event of system.events.map(eventNames)) {
    schemas[event.pascal] = {
      type: 'object',
      additionalProperties: false,
      required: ['eventId', 'occurredAt', event.entityId],
      properties: {
        eventId: { type: 'string', format: 'uuid', description: 'Unique per event: consumers drop duplicates by it.' },
        occurredAt: { type: 'string', format: 'date-time' },
        [event.entityId]: { type: 'string', format: 'uuid' },
      },
    };
    messages[event.pascal] = {
      name: event.pascal,
      title: event.name,
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${event.pascal}` },
      examples: [
        {
          name: 'example',
          payload: {
            eventId: '3f0b6f4e-8d1a-4c55-9a39-5f3f0f1c2a01',
            occurredAt: '2026-01-01T12:00:00Z',
            [event.entityId]: '7c2d9a50-1b6e-4f0e-8f3a-2a9d1e6b4c10',
          },
        },
      ],
    };
    channels[event.name] = {
      address: `${system.name}.${event.name}`,
      description: `${event.name}, owned by ${event.producer}.`,
      messages: { [event.pascal]: { $ref: `#/components/messages/${event.pascal}` } },
    };
    const operation = (service: string, action: 'send' | 'receive') => ({
      action,
      channel: { $ref: `#/channels/${event.name}` },
      messages: [{ $ref: `#/channels/${event.name}/messages/${event.pascal}` }],
      'x-service': service,
    });
    operations[`${event.producer}.send.${event.name}`] = operation(event.producer, 'send');
    for (const consumer of event.consumers) operations[`${consumer}.receive.${event.name}`] = operation(consumer, 'receive');
  }
  return {
    asyncapi: '3.0.0',
    info: { title: `${system.name} events`, version: '1.0.0', description: 'Events between the services: each has one producer.' },
    defaultContentType: 'application/json',
    servers: { broker: { host: 'rabbitmq:5672', protocol: 'amqp', description: 'The RabbitMQ of docker-compose.yml' } },
    channels,
    operations,
    components: { messages, schemas },
  };
}

export function renderEventsYaml(system: MicroSystem): string {
  const body = stringify(buildEventsDocument(system), { aliasDuplicateObjects: false, lineWidth: 0 });
  return `# The events contract: every event with its one producer and its consumers (x-service).\n${body}`;
}
