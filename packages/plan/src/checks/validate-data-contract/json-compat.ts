import { ValuePath } from '../contract-files/yaml-source';

/**
 * Compatibility of two JSON Schema versions, decided structurally the way a schema registry's
 * JSON Schema rules do for the common changes: can every document valid under the writer schema
 * be read by (is valid under) the reader schema? Covered: types narrowed, enum values removed,
 * a property made required, properties removed from or added to a closed content model
 * (`additionalProperties: false`), tighter bounds (length, items, minimum/maximum), recursively
 * through `properties` and `items`. `$ref`s and combinators (allOf/anyOf/oneOf) are compared as
 * written only when both sides are identical; otherwise a warning says they were not compared.
 */
export interface CompatProblem {
  /** Path in the reader schema. */
  path: ValuePath;
  message: string;
  severity: 'error' | 'warning';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function types(s: Obj): Set<string> | undefined {
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(s.type.map(String));
  return undefined;
}

const LOWER = ['minLength', 'minItems', 'minimum', 'exclusiveMinimum', 'minProperties'];
const UPPER = ['maxLength', 'maxItems', 'maximum', 'exclusiveMaximum', 'maxProperties'];

/** How messages name the two schemas, e.g. `{ reader: 'the new schema', writer: 'the previous one' }`. */
export interface Names {
  reader: string;
  writer: string;
}

export function readerProblems(reader: unknown, writer: unknown, names: Names, path: ValuePath = [], depth = 0): CompatProblem[] {
  const out: CompatProblem[] = [];
  if (depth > 32) return out;
  if (reader === true || reader === undefined) return out;
  if (reader === false) {
    if (writer !== false) out.push({ path, message: `${names.reader} accepts nothing here (false)`, severity: 'error' });
    return out;
  }
  if (!isObj(reader)) return out;
  const w: Obj = isObj(writer) ? writer : {};
  const at = (key: string): ValuePath => [...path, key];

  for (const key of ['$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if']) {
    if (key in reader || key in w) {
      if (JSON.stringify(reader[key]) !== JSON.stringify(w[key])) {
        out.push({
          path: key in reader ? at(key) : path,
          message: `\`${key}\` differs between the versions and was not compared`,
          severity: 'warning',
        });
      }
    }
  }

  const rt = types(reader);
  const wt = types(w);
  if (rt) {
    const accepts = (t: string) => rt.has(t) || (t === 'integer' && rt.has('number'));
    const lost = wt ? [...wt].filter((t) => !accepts(t)) : ['any type'];
    if (lost.length > 0 && !(wt === undefined && 'enum' in w)) {
      out.push({
        path: at('type'),
        message: `type narrowed: ${names.reader} rejects values of type ${lost.join(', ')} that ${names.writer} allows`,
        severity: 'error',
      });
    }
  }
  if (Array.isArray(reader.enum)) {
    const allowed = new Set(reader.enum.map((v) => JSON.stringify(v)));
    const before = Array.isArray(w.enum) ? w.enum : undefined;
    const lost = before ? before.filter((v) => !allowed.has(JSON.stringify(v))) : undefined;
    if (!before)
      out.push({
        path: at('enum'),
        message: `${names.reader} restricts the values to an enum that ${names.writer} does not have`,
        severity: 'error',
      });
    else if (lost && lost.length > 0)
      out.push({
        path: at('enum'),
        message: `${names.reader} lacks enum values ${lost.map((v) => JSON.stringify(v)).join(', ')} that ${names.writer} allows`,
        severity: 'error',
      });
  }
  if ('const' in reader && JSON.stringify(reader.const) !== JSON.stringify(w.const))
    out.push({ path: at('const'), message: `${names.reader} fixes a const that ${names.writer} does not`, severity: 'error' });
  for (const key of LOWER) {
    const r = reader[key];
    const before = w[key];
    if (typeof r === 'number' && (typeof before !== 'number' || r > before))
      out.push({
        path: at(key),
        message: `${key} is ${r} in ${names.reader}, ${typeof before === 'number' ? before : 'unset'} in ${names.writer}`,
        severity: 'error',
      });
  }
  for (const key of UPPER) {
    const r = reader[key];
    const before = w[key];
    if (typeof r === 'number' && (typeof before !== 'number' || r < before))
      out.push({
        path: at(key),
        message: `${key} is ${r} in ${names.reader}, ${typeof before === 'number' ? before : 'unset'} in ${names.writer}`,
        severity: 'error',
      });
  }
  if (typeof reader.pattern === 'string' && reader.pattern !== w.pattern)
    out.push({ path: at('pattern'), message: `${names.reader} has a pattern that ${names.writer} does not share`, severity: 'error' });

  const required = Array.isArray(reader.required) ? reader.required.map(String) : [];
  const requiredBefore = new Set(Array.isArray(w.required) ? w.required.map(String) : []);
  for (const name of required) {
    if (!requiredBefore.has(name))
      out.push({
        path: at('required'),
        message: `property "${name}" is required by ${names.reader} but optional in ${names.writer}`,
        severity: 'error',
      });
  }

  const rp = isObj(reader.properties) ? reader.properties : {};
  const wp = isObj(w.properties) ? w.properties : {};
  const closed = reader.additionalProperties === false;
  const closedBefore = w.additionalProperties === false;
  if (closed && !closedBefore && !isObj(w.patternProperties))
    out.push({
      path: at('additionalProperties'),
      message: `${names.reader} closes the object (additionalProperties: false) that ${names.writer} leaves open`,
      severity: 'error',
    });
  for (const name of Object.keys(wp)) {
    if (!(name in rp) && closed)
      out.push({
        path: at('properties'),
        message: `property "${name}" of ${names.writer} is missing from ${names.reader}, which allows no additional properties`,
        severity: 'error',
      });
  }
  for (const [name, sub] of Object.entries(rp)) {
    if (name in wp) out.push(...readerProblems(sub, wp[name], names, [...path, 'properties', name], depth + 1));
    else if (!closedBefore && isObj(w.additionalProperties))
      out.push(...readerProblems(sub, w.additionalProperties, names, [...path, 'properties', name], depth + 1));
  }
  if (isObj(reader.additionalProperties) && !closedBefore)
    out.push(
      ...readerProblems(
        reader.additionalProperties,
        isObj(w.additionalProperties) ? w.additionalProperties : {},
        names,
        at('additionalProperties'),
        depth + 1,
      ),
    );
  if (isObj(reader.items)) out.push(...readerProblems(reader.items, isObj(w.items) ? w.items : {}, names, at('items'), depth + 1));
  return out;
}
