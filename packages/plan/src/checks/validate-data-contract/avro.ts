import type { Type } from 'avsc';
import { ValuePath } from '../contract-files/yaml-source';

/**
 * Avro through avsc, the Avro implementation for JavaScript: schemas parse as Avro's own parsers
 * demand (names, defaults that match their type, unique symbols), records are checked against
 * the type, and schema evolution is decided by avsc's resolver, the Avro spec's schema
 * resolution that a schema registry's compatibility test applies.
 */
let avsc: typeof import('avsc') | undefined;
function lib(): typeof import('avsc') {
  avsc ??= require('avsc') as typeof import('avsc');
  return avsc;
}

export function isAvroSchema(value: unknown, file: string): boolean {
  if (/\.avsc$/i.test(file)) return true;
  if (Array.isArray(value))
    return value.length > 0 && value.every((v) => typeof v === 'string' || (typeof v === 'object' && v !== null && 'type' in v));
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if ('$schema' in v) return false;
  return (
    (v.type === 'record' && Array.isArray(v.fields)) ||
    (v.type === 'enum' && Array.isArray(v.symbols)) ||
    (v.type === 'fixed' && 'size' in v)
  );
}

/**
 * `registry` holds named types defined by other files (the `imports` option), as Avro's compiler
 * takes imports; it is extended with this schema's own named types.
 */
export function parseAvro(schema: unknown, registry: Record<string, Type> = {}): { type: Type } | { error: string; path: ValuePath } {
  try {
    return { type: lib().Type.forSchema(schema as never, { registry }) };
  } catch (error) {
    const message = String((error as Error).message ?? error).split('\n')[0];
    return { error: message, path: pathOfMention(schema, message) };
  }
}

/** Paths inside the record where it does not fit the type; empty when it fits. */
export function avroRecordProblems(type: Type, record: unknown): { path: ValuePath; message: string }[] {
  const problems: { path: ValuePath; message: string }[] = [];
  const ok = type.isValid(record, {
    errorHook: (path: string[], value: unknown, t: Type) =>
      problems.push({ path, message: `${JSON.stringify(value) ?? 'undefined'} is not a valid ${typeLabel(t)}` }),
  });
  if (ok) return [];
  // Avro's JSON encoding wraps union values ({"string": "x"}): accept records written that way.
  try {
    type.fromString(JSON.stringify(record));
    return [];
  } catch {
    return problems.length > 0 ? problems : [{ path: [], message: 'does not match the schema' }];
  }
}

/** Whether data written with `writer` can be read with `reader`; undefined when it can. */
export function avroResolveProblem(reader: Type, writer: Type): string | undefined {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (error) {
    return String((error as Error).message ?? error).split('\n')[0];
  }
}

function typeLabel(t: Type): string {
  const name = (t as { name?: string }).name;
  return name ? `${t.typeName} ${name}` : t.typeName;
}

/**
 * The path of the schema node an avsc message names: a field (`User.age`), a quoted type or
 * symbol name. Falls back to the root.
 */
export function pathOfMention(schema: unknown, message: string): ValuePath {
  const candidates = [...message.matchAll(/"([^"]+)"|([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+)|: ([A-Za-z_][\w.]*)$/g)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter(Boolean);
  for (const candidate of candidates.reverse()) {
    const last = candidate.split('.').pop()!;
    const found = findString(schema, [candidate, last], []);
    if (found) return found;
  }
  return [];
}

function findString(node: unknown, wanted: string[], path: ValuePath, depth = 0): ValuePath | undefined {
  if (depth > 64) return undefined;
  if (typeof node === 'string') return wanted.includes(node) ? path : undefined;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const found = findString(node[i], wanted, [...path, i], depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof node === 'object' && node !== null) {
    const obj = node as Record<string, unknown>;
    // A field or a named type whose name matches: point at the whole definition.
    if (typeof obj.name === 'string' && wanted.includes(obj.name)) return path;
    for (const [key, value] of Object.entries(obj)) {
      const found = findString(value, wanted, [...path, key], depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}
