import { isRecord } from '../api-documents/load-document';
import { derefBundled, OpenApiContract } from '../openapi/load-openapi';
import { jsonMedia, Operation } from '../openapi/operations';
import { sampleOf } from './sample';

export interface PlannedRequest {
  method: string;
  /** Path and query, ready to send. */
  target: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The request that exercises an operation: path parameters and the required query, header and
 * cookie parameters filled from their examples (else from their schemas), and a JSON or form
 * body from the request body's example (else its schema).
 */
export function buildRequest(contract: OpenApiContract, op: Operation): PlannedRequest {
  const valueOf = (p: Record<string, unknown>): unknown => {
    if ('example' in p) return p.example;
    if (isRecord(p.examples)) {
      for (const raw of Object.values(p.examples)) {
        const example = derefBundled(contract, { value: raw, segments: [] })?.value;
        if (isRecord(example) && 'value' in example) return example.value;
      }
    }
    const media = isRecord(p.content) ? Object.values(p.content)[0] : undefined;
    return sampleOf(contract, p.schema ?? (isRecord(media) ? media.schema : undefined)) ?? 'sample';
  };
  let target = op.path.replace(/\{([^{}]*)\}/g, (_, name: string) => {
    const p = op.parameters.find((q) => q.in === 'path' && q.name === name);
    return encodeURIComponent(scalarText(p ? valueOf(p.value) : 'sample'));
  });
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const p of op.parameters) {
    if (!p.required || p.in === 'path') continue;
    const value = valueOf(p.value);
    if (p.in === 'query') {
      for (const item of Array.isArray(value) ? value : [value]) query.append(p.name, scalarText(item));
    } else if (p.in === 'header' && !/^(accept|content-type|authorization)$/i.test(p.name)) {
      headers[p.name.toLowerCase()] = scalarText(value);
    } else if (p.in === 'cookie') cookies.push(`${p.name}=${encodeURIComponent(scalarText(value))}`);
  }
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  if ([...query.keys()].length > 0) target += `?${query.toString()}`;
  const request: PlannedRequest = { method: op.method.toUpperCase(), target, headers };
  const body = derefBundled(contract, { value: op.value.requestBody, segments: [] })?.value;
  if (isRecord(body) && isRecord(body.content)) {
    const json = jsonMedia(contract, { value: body.content, segments: [] });
    if (json) {
      request.headers['content-type'] = json.type === '*/*' ? 'application/json' : json.type;
      request.body = JSON.stringify(valueOf(json.media.value as Record<string, unknown>) ?? null);
    } else if ('application/x-www-form-urlencoded' in body.content) {
      const media = derefBundled(contract, { value: body.content['application/x-www-form-urlencoded'], segments: [] })?.value;
      const value = isRecord(media) ? valueOf(media) : {};
      request.headers['content-type'] = 'application/x-www-form-urlencoded';
      request.body = new URLSearchParams(
        Object.entries(isRecord(value) ? value : {}).map(([k, v]): [string, string] => [k, scalarText(v)]),
      ).toString();
    }
  }
  return request;
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
