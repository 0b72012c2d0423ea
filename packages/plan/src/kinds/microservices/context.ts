import { z } from 'zod';
import { checkIdentifier, checkText, KEBAB_NAME } from '../../generators/utils/option-rules';
import { RESERVED } from '../../skills/infra-stack/stack';
import { meshPlatformDefaults, MeshPlatform } from '../../skills/k8s-service/k8s-service';
import { defaultProducer, SystemEvent } from '../../skills/service-links';

/**
 * The context of a microservices plan: the services (each with a port, its public path, whom it
 * calls and who calls it) and the events (one producer, its consumers). Every file and the plan
 * are rendered from this one object, so the contracts, the code, the manifests and the catalog
 * agree by construction.
 */
export interface MicroservicesOptions {
  name: string;
  title?: string;
  description?: string;
  /** Comma-separated kebab-case service names (or a list). */
  services?: string | string[];
  events?: string | string[];
  /** One more service, appended to those of the existing plan (the generator reads them). */
  addService?: string;
}

export interface MicroService {
  name: string;
  port: number;
  publicPaths: string[];
  calls: string[];
  callers: string[];
}

export interface MicroservicesContext {
  name: string;
  title: string;
  description: string;
  services: MicroService[];
  events: SystemEvent[];
  platform: MeshPlatform;
}

export const DEFAULT_SERVICES = ['orders', 'payments', 'inventory'];
export const DEFAULT_EVENTS = ['order-placed', 'payment-captured'];
/** The first service listens on 3001, the next on 3002, ...: appending a service keeps the others' ports. */
export const FIRST_PORT = 3001;
const MAX_SERVICES = 20;

export function listOption(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : value.split(',')).map((s) => s.trim()).filter(Boolean);
  return list;
}

export const optionsSchema = z
  .object({
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    services: z.union([z.string(), z.array(z.string())]).optional(),
    events: z.union([z.string(), z.array(z.string())]).optional(),
    addService: z.string().optional(),
  })
  .superRefine((options, ctx) => {
    try {
      buildContext(options);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export function buildContext(options: MicroservicesOptions): MicroservicesContext {
  const name = checkIdentifier('name', options.name, { ...KEBAB_NAME, maxLength: 40 });
  const title = checkText('--title', options.title ?? `${name} microservices`, { multiline: false, required: true });
  const description = checkText(
    '--description',
    options.description ?? `${name}: services that keep their contracts with each other (HTTP contracts, events, mesh).`,
    { multiline: true },
  );
  const names = [...(listOption(options.services) ?? DEFAULT_SERVICES)];
  if (options.addService !== undefined) {
    const added = options.addService.trim();
    if (names.includes(added)) throw new Error(`Invalid --addService "${added}": the plan has this service already.`);
    names.push(added);
  }
  if (names.length === 0) throw new Error('Invalid --services: name at least one service (e.g. orders,payments).');
  if (names.length > MAX_SERVICES) throw new Error(`Invalid --services: at most ${MAX_SERVICES} services.`);
  const seen = new Set<string>();
  for (const s of names) {
    checkIdentifier('--services', s, { ...KEBAB_NAME, maxLength: 30 });
    if (RESERVED.has(s) || s === 'platform' || s === 'events')
      throw new Error(
        `Invalid --services "${s}": the platform uses this name (${[...RESERVED, 'platform', 'events'].join(', ')}); choose another.`,
      );
    if (seen.has(s)) throw new Error(`Invalid --services: "${s}" is listed twice.`);
    seen.add(s);
  }
  const eventNames = listOption(options.events) ?? DEFAULT_EVENTS;
  const events: SystemEvent[] = [];
  for (const e of eventNames) {
    checkIdentifier('--events', e, { ...KEBAB_NAME, maxLength: 40 });
    if (events.some((x) => x.name === e)) throw new Error(`Invalid --events: "${e}" is listed twice.`);
    const producer = defaultProducer(e, names);
    events.push({ name: e, producer, consumers: names.filter((s) => s !== producer) });
  }
  // The first service is the entry point: it calls every other service (orders → payments, inventory).
  const services: MicroService[] = names.map((s, i) => ({
    name: s,
    port: FIRST_PORT + i,
    publicPaths: [`/v1/${s}`],
    calls: i === 0 ? names.slice(1) : [],
    callers: i === 0 ? [] : [names[0]],
  }));
  return { name, title, description, services, events, platform: meshPlatformDefaults(name) };
}
