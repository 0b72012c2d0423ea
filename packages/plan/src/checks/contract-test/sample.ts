import { isRecord } from '../api-documents/load-document';
import { derefBundled, OpenApiContract } from '../openapi/load-openapi';

/**
 * A value that a schema accepts, for requests: its example, default, const or first enum value
 * when it has one, else one built from its type and constraints. Good enough for the request to
 * reach the operation; the responses are what the check judges.
 */
export function sampleOf(contract: OpenApiContract, schema: unknown, depth = 0): unknown {
  const node = derefBundled(contract, { value: schema, segments: [] });
  const s = node?.value;
  if (!isRecord(s) || depth > 8) return undefined;
  if ('example' in s) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if ('default' in s) return s.default;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum.find((v) => v !== null) ?? s.enum[0];
  if (Array.isArray(s.allOf)) {
    const parts = s.allOf.map((part) => sampleOf(contract, part, depth + 1));
    if (parts.every(isRecord)) return Object.assign({}, ...parts, isRecord(s.properties) ? objectSample(contract, s, depth) : {});
    return parts.find((p) => p !== undefined);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = s[key];
    if (Array.isArray(list) && list.length > 0) return sampleOf(contract, list[0], depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type ?? (isRecord(s.properties) ? 'object' : isRecord(s.items) ? 'array' : undefined)) {
    case 'object':
      return objectSample(contract, s, depth);
    case 'array': {
      const item = sampleOf(contract, s.items, depth + 1);
      const count = Math.max(1, typeof s.minItems === 'number' ? s.minItems : 1);
      return item === undefined ? [] : Array.from({ length: Math.min(count, 10) }, () => item);
    }
    case 'integer':
    case 'number':
      return numberSample(s, type === 'integer');
    case 'boolean':
      return true;
    case 'string':
      return stringSample(s);
    case 'null':
      return null;
    default:
      return undefined;
  }
}

function objectSample(contract: OpenApiContract, s: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
  if (!isRecord(s.properties)) return out;
  for (const [name, property] of Object.entries(s.properties)) {
    const resolved = derefBundled(contract, { value: property, segments: [] })?.value;
    if (isRecord(resolved) && resolved.readOnly === true && !required.has(name)) continue;
    const value = sampleOf(contract, property, depth + 1);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function numberSample(s: Record<string, unknown>, integer: boolean): number {
  const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : undefined;
  const max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : undefined;
  let value = min !== undefined ? (s.exclusiveMinimum === true ? min + 1 : min) : max !== undefined ? Math.min(1, max) : 1;
  if (max !== undefined && value > max) value = max;
  return integer ? Math.ceil(value) : value;
}

const FORMATS: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '12:00:00Z',
  email: 'user@example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  hostname: 'example.com',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  byte: 'AA==',
};

function stringSample(s: Record<string, unknown>): string {
  const formatted = typeof s.format === 'string' ? FORMATS[s.format] : undefined;
  if (formatted) return formatted;
  let text = 'sample';
  if (typeof s.minLength === 'number' && text.length < s.minLength) text = text.padEnd(Math.min(s.minLength, 4096), 'x');
  if (typeof s.maxLength === 'number' && text.length > s.maxLength) text = text.slice(0, Math.max(0, s.maxLength));
  return text;
}
