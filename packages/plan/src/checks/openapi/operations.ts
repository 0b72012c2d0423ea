import { isRecord, Segments } from '../api-documents/load-document';
import { BundledNode, derefBundled, OpenApiContract } from './load-openapi';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface Parameter {
  name: string;
  in: string;
  required: boolean;
  value: Record<string, unknown>;
  /** Path of the (dereferenced) Parameter object in the bundled contract. */
  segments: Segments;
}

export interface Operation {
  method: HttpMethod;
  path: string;
  operationId?: string;
  value: Record<string, unknown>;
  /** Path of the Operation object in the bundled contract. */
  segments: Segments;
  /** Path-item and operation parameters merged (the operation's win by name + in). */
  parameters: Parameter[];
}

/** "GET /pets/{id}" — how findings name an operation. */
export const operationLabel = (op: { method: string; path: string }) => `${op.method.toUpperCase()} ${op.path}`;

/** Every operation of `paths`, with path-item `$ref`s and parameter `$ref`s followed. */
export function listOperations(contract: OpenApiContract): Operation[] {
  const root = contract.bundled.value;
  const paths = isRecord(root) && isRecord(root.paths) ? root.paths : {};
  const operations: Operation[] = [];
  for (const [pathKey, rawItem] of Object.entries(paths)) {
    // Paths start with "/" (the official schema reports other keys); extensions are not paths.
    if (!pathKey.startsWith('/')) continue;
    const item = derefBundled(contract, { value: rawItem, segments: ['paths', pathKey] });
    if (!item || !isRecord(item.value)) continue;
    const shared = parametersOf(contract, item.value.parameters, [...item.segments, 'parameters']);
    for (const method of HTTP_METHODS) {
      const op = item.value[method];
      if (!isRecord(op)) continue;
      const segments = [...item.segments, method];
      const own = parametersOf(contract, op.parameters, [...segments, 'parameters']);
      const merged = new Map<string, Parameter>();
      for (const p of [...shared, ...own]) merged.set(`${p.in}\u0000${p.name}`, p);
      operations.push({
        method,
        path: pathKey,
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        value: op,
        segments,
        parameters: [...merged.values()],
      });
    }
  }
  return operations;
}

function parametersOf(contract: OpenApiContract, list: unknown, segments: Segments): Parameter[] {
  if (!Array.isArray(list)) return [];
  const out: Parameter[] = [];
  list.forEach((raw, i) => {
    const node = derefBundled(contract, { value: raw, segments: [...segments, i] });
    if (!node || !isRecord(node.value) || typeof node.value.name !== 'string' || typeof node.value.in !== 'string') return;
    out.push({
      name: node.value.name,
      in: node.value.in,
      required: node.value.required === true,
      value: node.value,
      segments: node.segments,
    });
  });
  return out;
}

/** Names inside `{}` of a path template, in order. */
export function templateNames(pathKey: string): string[] {
  return [...pathKey.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

/** A regular expression matching concrete paths of a template (`/pets/{id}` ↔ `/pets/7`). */
export function templatePattern(pathKey: string): RegExp {
  const parts = pathKey.split(/\{[^{}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}/?$`);
}

/** Media type object of a request body or response: JSON first, then the first one declared. */
export function jsonMedia(contract: OpenApiContract, content: BundledNode): { type: string; media: BundledNode } | undefined {
  if (!isRecord(content.value)) return undefined;
  const types = Object.keys(content.value);
  const type = types.find((t) => /^application\/(.+\+)?json\b/i.test(t)) ?? types.find((t) => t === '*/*');
  if (!type) return undefined;
  const media = derefBundled(contract, { value: content.value[type], segments: [...content.segments, type] });
  return media && isRecord(media.value) ? { type, media } : undefined;
}
