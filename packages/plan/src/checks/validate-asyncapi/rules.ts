import { BundledNode, derefLocal } from '../api-documents/bundle';
import { findingAt } from '../api-documents/located-finding';
import { fromPointer, isRecord, Segments, valueAt } from '../api-documents/load-document';
import { Finding } from '../contract';
import { AsyncApiContract } from './load-asyncapi';
import type { AsyncApiRule } from './rule-catalogue';

export interface Message {
  /** How findings and metadata name it: "channel/message" or "components/message". */
  name: string;
  node: BundledNode;
}

export interface Operation {
  name: string;
  action: string;
  channel?: string;
  node: BundledNode;
}

const deref = (contract: AsyncApiContract, value: unknown, segments: Segments) => derefLocal(contract.bundled, { value, segments });
const entries = (value: unknown) => (isRecord(value) ? Object.entries(value).filter(([k]) => !k.startsWith('x-')) : []);
const rootOf = (contract: AsyncApiContract) => (isRecord(contract.bundled.value) ? contract.bundled.value : {});

/** Messages of the document: per channel (3.x `messages`, 2.x publish/subscribe `message`) and in components. */
export function listMessages(contract: AsyncApiContract): Message[] {
  const root = rootOf(contract);
  const out: Message[] = [];
  const seen = new Set<string>();
  const add = (name: string, value: unknown, segments: Segments, depth = 0): void => {
    if (depth > 16) return; // oneOf that references itself
    const node = deref(contract, value, segments);
    if (!node || !isRecord(node.value)) return;
    if (Array.isArray(node.value.oneOf)) {
      node.value.oneOf.forEach((item, i) => add(`${name}#${i}`, item, [...node.segments, 'oneOf', i], depth + 1));
      return;
    }
    const key = node.segments.join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ name, node });
  };
  for (const [channel, raw] of entries(root.channels)) {
    const item = deref(contract, raw, ['channels', channel]);
    if (!item || !isRecord(item.value)) continue;
    if (contract.major === 3) {
      for (const [name, message] of entries(item.value.messages)) add(`${channel}/${name}`, message, [...item.segments, 'messages', name]);
    } else {
      for (const verb of ['publish', 'subscribe']) {
        const op = item.value[verb];
        if (isRecord(op) && 'message' in op) add(`${channel}/${verb}`, op.message, [...item.segments, verb, 'message']);
      }
    }
  }
  const components = isRecord(root.components) ? root.components : {};
  for (const [name, message] of entries(components.messages)) add(`components/${name}`, message, ['components', 'messages', name]);
  return out;
}

export function listOperations(contract: AsyncApiContract): Operation[] {
  const root = rootOf(contract);
  const out: Operation[] = [];
  if (contract.major === 3) {
    for (const [name, raw] of entries(root.operations)) {
      const node = deref(contract, raw, ['operations', name]);
      if (!node || !isRecord(node.value)) continue;
      const ref = isRecord(node.value.channel) ? node.value.channel.$ref : undefined;
      const channel = typeof ref === 'string' ? /^#\/channels\/([^/]+)$/.exec(ref)?.[1] : undefined;
      out.push({ name, action: String(node.value.action), ...(channel ? { channel: unescape(channel) } : {}), node });
    }
    return out;
  }
  for (const [channel, raw] of entries(root.channels)) {
    const item = deref(contract, raw, ['channels', channel]);
    if (!item || !isRecord(item.value)) continue;
    for (const verb of ['publish', 'subscribe']) {
      const op = item.value[verb];
      if (!isRecord(op)) continue;
      out.push({
        name: typeof op.operationId === 'string' ? op.operationId : `${verb} ${channel}`,
        action: verb,
        channel,
        node: { value: op, segments: [...item.segments, verb] },
      });
    }
  }
  return out;
}

const unescape = (segment: string) => fromPointer(`/${segment}`)?.[0]?.toString() ?? segment;

/**
 * AsyncAPI 3: an operation's `channel` is a reference to a channel of this document's `channels`,
 * and each of its `messages` a reference to a message of that same channel (the same for a reply).
 */
export function operationFindings(contract: AsyncApiContract, operations: Operation[]): Finding<AsyncApiRule>[] {
  if (contract.major !== 3) return [];
  const findings: Finding<AsyncApiRule>[] = [];
  const channels = isRecord(rootOf(contract).channels) ? (rootOf(contract).channels as Record<string, unknown>) : {};
  const check = (owner: string, holder: Record<string, unknown>, segments: Segments) => {
    let channelName: string | undefined;
    const channel = holder.channel;
    if (isRecord(channel)) {
      const ref = typeof channel.$ref === 'string' ? channel.$ref : undefined;
      const target = ref !== undefined ? fromPointer(ref.startsWith('#') ? ref.slice(1) : '\u0000') : undefined;
      if (target && target.length === 2 && target[0] === 'channels' && Object.prototype.hasOwnProperty.call(channels, String(target[1]))) {
        channelName = String(target[1]);
      } else if (target === undefined || valueAt(contract.bundled.value, target).found) {
        // (A reference that leads nowhere is reported once, as ref-unresolved.)
        findings.push(
          findingAt(
            contract,
            [...segments, 'channel'],
            'asyncapi/operation-channel-invalid',
            `${owner}: "channel" must be a $ref to a channel of this document's channels (e.g. "#/channels/<name>"), not ${ref === undefined ? 'an inline channel' : JSON.stringify(ref)}`,
          ),
        );
      }
    }
    if (!Array.isArray(holder.messages) || channelName === undefined) return;
    holder.messages.forEach((message, i) => {
      const ref = isRecord(message) && typeof message.$ref === 'string' ? message.$ref : undefined;
      const target = ref?.startsWith('#') ? fromPointer(ref.slice(1)) : undefined;
      const channelMessages = isRecord(channels[channelName!]) ? (channels[channelName!] as Record<string, unknown>).messages : undefined;
      const inChannel =
        target?.length === 4 &&
        target[0] === 'channels' &&
        target[1] === channelName &&
        target[2] === 'messages' &&
        isRecord(channelMessages) &&
        Object.prototype.hasOwnProperty.call(channelMessages, String(target[3]));
      if (!inChannel) {
        findings.push(
          findingAt(
            contract,
            [...segments, 'messages', i],
            'asyncapi/operation-message-not-in-channel',
            `${owner}: message ${ref === undefined ? '(inline)' : JSON.stringify(ref)} is not a message of channel "${channelName}": reference "#/channels/${channelName}/messages/<name>"`,
          ),
        );
      }
    });
  };
  for (const op of operations) {
    const value = op.node.value as Record<string, unknown>;
    check(`operation "${op.name}"`, value, op.node.segments);
    const reply = deref(contract, value.reply, [...op.node.segments, 'reply']);
    if (reply && isRecord(reply.value)) check(`reply of operation "${op.name}"`, reply.value, reply.segments);
  }
  return findings;
}
