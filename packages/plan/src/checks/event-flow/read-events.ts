import { Finding } from '../contract';
import { readInput } from '../contract-files/read-input';
import { Pos, readYaml } from '../contract-files/yaml-source';

/**
 * Who produces and who consumes each event of an AsyncAPI 3 document: channels are the events,
 * operations say `send` (produce) or `receive` (consume) on a channel, and `x-service` names the
 * service that performs the operation. Positions are kept for findings.
 */
export interface EventOperation {
  key: string;
  service?: string;
  action: 'send' | 'receive';
  at: Pos;
  serviceAt: Pos;
}

export interface EventChannel {
  name: string;
  at: Pos;
  producers: EventOperation[];
  consumers: EventOperation[];
}

export interface EventsDocument {
  file: string;
  channels: Map<string, EventChannel>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function readEvents(given: string, cwd: string): Promise<{ events?: EventsDocument; findings: Finding[] }> {
  const input = await readInput(given, cwd, 'flow');
  if ('finding' in input) return { findings: [input.finding] };
  const source = readYaml(input.text, given, { rule: 'flow', reader: 'an AsyncAPI reader' });
  if (source.findings.length) return { findings: source.findings };
  const doc = source.documents[0];
  const findings: Finding[] = [];
  const root = doc && isObj(doc.value) ? doc.value : undefined;
  const add = (rule: string, message: string, at: Pos) =>
    findings.push({ rule: `flow/${rule}`, severity: 'error', message, file: given, ...at });
  if (!root || typeof root.asyncapi !== 'string' || !root.asyncapi.startsWith('3.')) {
    add(
      'asyncapi-version',
      'event-flow reads AsyncAPI 3 documents (operations with action send/receive on channels); this is not one.',
      doc ? doc.locate(['asyncapi']) : { line: 1, column: 1 },
    );
    return { findings };
  }
  const channels = new Map<string, EventChannel>();
  for (const name of Object.keys(isObj(root.channels) ? root.channels : {}))
    channels.set(name, { name, at: doc.locate(['channels', name], 'key'), producers: [], consumers: [] });
  for (const [key, op] of Object.entries(isObj(root.operations) ? root.operations : {})) {
    if (!isObj(op)) continue;
    const ref = isObj(op.channel) ? op.channel.$ref : undefined;
    const at = doc.locate(['operations', key, 'channel'], 'value');
    const name = typeof ref === 'string' && ref.startsWith('#/channels/') ? channelName(ref.slice('#/channels/'.length)) : undefined;
    const channel = name === undefined ? undefined : channels.get(name);
    if (!channel) {
      add(
        'unknown-channel',
        `Operation "${key}" names channel ${typeof ref === 'string' ? `"${ref}"` : '(none)'}, which the document does not define: point channel.$ref at #/channels/<event>.`,
        at,
      );
      continue;
    }
    if (op.action !== 'send' && op.action !== 'receive') continue;
    const service = typeof op['x-service'] === 'string' ? op['x-service'] : undefined;
    const entry: EventOperation = {
      key,
      service,
      action: op.action,
      at,
      serviceAt: doc.locate(['operations', key, service ? 'x-service' : 'action']),
    };
    if (!service)
      add(
        'operation-service',
        `Operation "${key}" names no service: add \`x-service: <service>\` so producers and consumers are known.`,
        entry.serviceAt,
      );
    (op.action === 'send' ? channel.producers : channel.consumers).push(entry);
  }
  return { events: { file: given, channels }, findings };
}

/** A JSON pointer segment (RFC 6901 in a URI fragment); a malformed escape names no channel. */
function channelName(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
  } catch {
    return undefined;
  }
}
