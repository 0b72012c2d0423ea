import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { rules } from './rule-catalogue';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { sortFindings } from '../contract-files/read-input';
import { readServiceCatalog, ServiceCatalog } from '../contract-files/service-catalog';
import { loadOpenApi } from '../openapi/load-openapi';
import { listOperations, Operation, operationLabel, templatePattern } from '../openapi/operations';
import { CodeCall, readCodeCalls } from './code-usage';
import { EventsDocument, readEvents } from './read-events';

export interface EventFlowOptions {
  events?: string;
  services?: string;
  contracts?: string;
  servicesDir?: string;
  /** Only the events (document + publish/subscribe) or only the calls; default both. */
  only?: 'events' | 'calls';
}

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED = new Set(['node_modules', 'dist', 'build', '.git', 'coverage']);
const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
const MAX_FILES = 5000;

/**
 * The services keep their contracts with each other, statically: in the AsyncAPI document every
 * event has exactly one producer and every consumed event has one; in the code each service
 * publishes and subscribes only what the document says it does (and publishes every event it
 * says it produces); every call to another service is to a service the catalog lets it call and
 * to an operation of that service's OpenAPI contract. Findings sit at the code line.
 */
export const check: CheckDefinition<EventFlowOptions> = {
  name: 'event-flow',
  rules,
  summary:
    'Events and calls across services: one producer per event, no consumed event without one, code publishes/subscribes/calls only what the AsyncAPI document, the catalog and the callee’s OpenAPI contract say',
  pathsDescription: 'service source folders or files, e.g. services/ (each file belongs to services/<service>/)',
  options: [
    { name: 'events', type: 'string', description: 'The AsyncAPI 3 document of the events (contracts/events/asyncapi.yaml)' },
    { name: 'services', type: 'string', description: 'The service catalog (contracts/services.yaml): who may call whom' },
    {
      name: 'contracts',
      type: 'string',
      description: 'Where each service’s OpenAPI contract is; {service} is replaced',
      default: 'contracts/{service}/openapi.yaml',
    },
    { name: 'servicesDir', type: 'string', description: 'The folder whose sub-folders are the services', default: 'services' },
    { name: 'only', type: 'string', description: 'events or calls: judge only that half (a plan item each)' },
  ],
  async run(paths, options, context) {
    if (!options.events && !options.services)
      throw new CheckUsageError('event-flow needs --events (AsyncAPI) or --services (catalog), or both.');
    if (options.only !== undefined && options.only !== 'events' && options.only !== 'calls')
      throw new CheckUsageError(`event-flow: --only must be events or calls (got ${String(options.only)}).`);
    const findings: Finding[] = [];
    let events: EventsDocument | undefined;
    if (options.events && options.only !== 'calls') {
      const read = await readEvents(options.events, context.cwd);
      findings.push(...read.findings);
      events = read.events;
    }
    let catalog: ServiceCatalog | undefined;
    if (options.services) {
      const read = await readServiceCatalog(options.services, context.cwd, 'flow');
      findings.push(...read.findings);
      catalog = read.catalog;
    }
    const known = catalog ? new Set(catalog.services.map((s) => s.name)) : undefined;
    if (events) findings.push(...documentFindings(events, known));

    const servicesDir = (options.servicesDir ?? 'services').replace(/\/+$/, '');
    const files = await sourceFiles(paths, context.cwd, findings);
    const byService = new Map<string, { file: string; calls: CodeCall[] }[]>();
    for (const file of files) {
      const relative = path.relative(context.cwd, file).split(path.sep).join('/');
      const service = serviceOf(relative, servicesDir);
      if (!service) continue;
      const stat = await fs.stat(file);
      if (stat.size > MAX_SOURCE_BYTES) {
        findings.push({
          rule: 'flow/too-large',
          severity: 'error',
          message: `Source file larger than 4 MiB: not read; split it.`,
          file: relative,
        });
        continue;
      }
      const calls = readCodeCalls(relative, await fs.readFile(file, 'utf8'));
      const list = byService.get(service) ?? [];
      list.push({ file: relative, calls });
      byService.set(service, list);
    }
    const contracts = new Map<string, { operations?: Operation[]; file: string; problem?: string }>();
    const contractOf = (service: string) => {
      let c = contracts.get(service);
      if (!c) {
        const file = (options.contracts ?? 'contracts/{service}/openapi.yaml').replace(/\{service\}/g, service);
        const loaded = loadOpenApi(file, context.cwd);
        c = loaded.contract
          ? { file, operations: listOperations(loaded.contract) }
          : { file, problem: loaded.findings[0]?.message ?? 'it could not be read' };
        contracts.set(service, c);
      }
      return c;
    };

    let checkedCalls = 0;
    for (const [service, sources] of byService) {
      const entry = catalog?.services.find((s) => s.name === service);
      const published = new Set<string>();
      for (const { file, calls } of sources) {
        for (const call of calls) {
          const add = (rule: string, message: string, severity: Finding['severity'] = 'error') =>
            findings.push({
              rule: `flow/${rule}`,
              severity,
              message,
              file,
              line: call.argLine ?? call.line,
              column: call.argColumn ?? call.column,
            });
          if (call.kind === 'dynamic') {
            add(
              'dynamic',
              `A ${call.target ? 'call to ' + call.target : 'publish/subscribe'} with a computed ${call.target ? 'path' : 'event name'} cannot be compared with the contracts: write it literally.`,
              'warning',
            );
            continue;
          }
          if ((call.kind === 'publish' || call.kind === 'subscribe') && events) {
            const channel = events.channels.get(call.target!);
            const ops = channel ? (call.kind === 'publish' ? channel.producers : channel.consumers) : [];
            if (call.kind === 'publish') published.add(call.target!);
            if (!channel) {
              add(
                call.kind === 'publish' ? 'undeclared-event' : 'consumed-without-producer',
                call.kind === 'publish'
                  ? `${service} publishes "${call.target}", an event ${events.file} does not define: add its channel and a send operation of ${service}.`
                  : `${service} subscribes to "${call.target}", which no service produces (${events.file} has no such event): nothing will ever arrive. Subscribe to a produced event or add its producer.`,
              );
            } else if (!ops.some((o) => o.service === service)) {
              add(
                call.kind === 'publish' ? 'undeclared-publish' : 'undeclared-subscribe',
                `${service} ${call.kind === 'publish' ? 'publishes' : 'subscribes to'} "${call.target}", but ${events.file} has no ${call.kind === 'publish' ? 'send' : 'receive'} operation of ${service} on it: declare it (x-service: ${service}) so ${call.kind === 'publish' ? 'its consumers' : 'its producer'} know.`,
              );
            }
          }
          if (call.kind === 'request' && options.only !== 'events') {
            checkedCalls++;
            const callee = call.target!;
            if (known && !known.has(callee)) {
              add(
                'unknown-service',
                `${service} calls "${callee}", which is no service of ${catalog!.file}: fix the name or add the service.`,
              );
              continue;
            }
            if (entry && !entry.calls.includes(callee))
              add(
                'undeclared-call',
                `${service} calls ${callee}, but ${catalog!.file} does not list ${callee} in ${service}'s calls: the network policy lets only listed callers in. Add it to calls.`,
              );
            const contract = contractOf(callee);
            if (!contract.operations) {
              add('callee-contract', `${service} calls ${callee}, whose contract ${contract.file} cannot be read (${contract.problem}).`);
              continue;
            }
            const sample = call.path!.replace(/\{\}/g, 'x');
            const op = contract.operations.find((o) => o.method.toUpperCase() === call.method && templatePattern(o.path).test(sample));
            if (!op) {
              const samePath = contract.operations.filter((o) => templatePattern(o.path).test(sample));
              add(
                'call-not-in-contract',
                `${service} calls ${call.method} ${call.path!.replace(/\{\}/g, '{…}')} on ${callee}, which is no operation of ${contract.file}${samePath.length ? ` (that path has ${samePath.map(operationLabel).join(', ')})` : ''}: call a documented operation or add it to ${callee}'s contract first.`,
              );
            }
          }
        }
      }
      if (events)
        for (const channel of events.channels.values())
          for (const producer of channel.producers)
            if (producer.service === service && !published.has(channel.name))
              findings.push({
                rule: 'flow/producer-not-implemented',
                severity: 'error',
                message: `${events.file} says ${service} produces "${channel.name}", but no code under ${servicesDir}/${service}/ publishes it: its consumers would wait forever. Publish it, or remove the operation.`,
                file: events.file,
                ...producer.at,
              });
    }
    return resultOf('event-flow', sortFindings(findings), {
      services: [...byService.keys()].sort(),
      events: events
        ? [...events.channels.values()].map((c) => ({
            event: c.name,
            producers: c.producers.map((p) => p.service),
            consumers: c.consumers.map((p) => p.service),
          }))
        : [],
      calls: checkedCalls,
    });
  },
};

function documentFindings(events: EventsDocument, known: Set<string> | undefined): Finding[] {
  const out: Finding[] = [];
  const add = (rule: string, message: string, at: { line: number; column: number }) =>
    out.push({ rule: `flow/${rule}`, severity: 'error', message, file: events.file, ...at });
  for (const channel of events.channels.values()) {
    if (channel.producers.length === 0 && channel.consumers.length > 0) {
      for (const consumer of channel.consumers)
        add(
          'consumed-without-producer',
          `"${channel.name}" is consumed by ${consumer.service ?? consumer.key}, but no operation sends it: nothing will ever arrive. Add the producing service's send operation or drop the consumer.`,
          consumer.at,
        );
    } else if (channel.producers.length === 0) {
      add('no-producer', `Event "${channel.name}" has no producer (no send operation): add one or remove the channel.`, channel.at);
    }
    const producers = new Set(channel.producers.map((p) => p.service));
    if (producers.size > 1)
      add(
        'several-producers',
        `Event "${channel.name}" is sent by ${[...producers].join(', ')}: an event has one producer, the service that owns it. Keep one send operation.`,
        channel.producers[1].at,
      );
    if (known)
      for (const op of [...channel.producers, ...channel.consumers])
        if (op.service && !known.has(op.service))
          add(
            'operation-service',
            `Operation "${op.key}" names service "${op.service}", which the catalog does not define: fix x-service.`,
            op.serviceAt,
          );
  }
  return out;
}

function serviceOf(relative: string, servicesDir: string): string | undefined {
  const parts = relative.split('/');
  const base = servicesDir.split('/').filter(Boolean);
  for (let i = 0; i + base.length < parts.length - 1; i++) {
    if (base.every((b, j) => parts[i + j] === b)) return parts[i + base.length];
  }
  return undefined;
}

async function sourceFiles(paths: string[], cwd: string, findings: Finding[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (absolute: string, given: string) => {
    if (out.length >= MAX_FILES) return;
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat) {
      findings.push({
        rule: 'flow/not-found',
        severity: 'error',
        message: 'Does not exist: check the path (relative to the plan folder).',
        file: given,
      });
      return;
    }
    if (stat.isFile()) {
      if (SOURCE.test(absolute) && !absolute.endsWith('.d.ts')) out.push(absolute);
      return;
    }
    if (!stat.isDirectory()) return;
    for (const name of (await fs.readdir(absolute)).sort()) {
      if (SKIPPED.has(name)) continue;
      const child = path.join(absolute, name);
      const s = await fs.lstat(child);
      if (s.isSymbolicLink()) continue;
      if (s.isDirectory() || SOURCE.test(name)) await walk(child, path.join(given, name));
    }
  };
  for (const given of paths) await walk(path.resolve(cwd, given), given);
  return out;
}
