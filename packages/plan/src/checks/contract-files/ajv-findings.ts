import type { ErrorObject } from 'ajv';
import { Finding } from '../contract';
import { pointerPath, ValuePath, YamlDocument } from './yaml-source';

/**
 * ajv errors as findings at the node they are about. `oneOf`/`anyOf` failures are narrowed the
 * way a reader would: branches that fail only because the value has another type are dropped,
 * so "ports[0]: must match format ports" is reported, not three alternatives' complaints.
 */
export function ajvFindings<R extends string>(
  errors: readonly ErrorObject[] | null | undefined,
  doc: YamlDocument,
  file: string,
  rule: R,
  max = 50,
): Finding<R>[] {
  const kept = narrow(errors ?? []);
  const seen = new Set<string>();
  const findings: Finding<R>[] = [];
  for (const error of kept) {
    const path = pointerPath(error.instancePath);
    const { target, what, message } = describe(error, path);
    const text = `${where(target)}: ${message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    const pos = doc.locate(target, what);
    findings.push({ rule, severity: 'error', message: text, file, line: pos.line, column: pos.column });
    if (findings.length >= max) break;
  }
  return findings;
}

/** `services.web.ports[0]`, or `(document root)`. */
export function where(path: ValuePath): string {
  if (path.length === 0) return '(document root)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number' || /^\d+$/.test(part)) out += `[${part}]`;
    else out += out === '' ? part : /^[\w$-]+$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`;
  }
  return out;
}

function describe(error: ErrorObject, path: string[]): { target: ValuePath; what: 'key' | 'value'; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { target: path, what: 'value', message: `required property "${String(params.missingProperty)}" is missing` };
    case 'additionalProperties':
      return {
        target: [...path, String(params.additionalProperty)],
        what: 'key',
        message: `unknown property "${String(params.additionalProperty)}" (not allowed here; check its spelling and indentation)`,
      };
    case 'unevaluatedProperties':
      return {
        target: [...path, String(params.unevaluatedProperty)],
        what: 'key',
        message: `unknown property "${String(params.unevaluatedProperty)}"`,
      };
    case 'propertyNames':
      return {
        target: [...path, String(params.propertyName)],
        what: 'key',
        message: `invalid property name "${String(params.propertyName)}"`,
      };
    case 'enum':
      return {
        target: path,
        what: 'value',
        message: `must be one of ${((params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'oneOf':
    case 'anyOf':
      return {
        target: path,
        what: 'value',
        message: (error as ErrorObject & { typesWanted?: string }).typesWanted ?? error.message ?? 'invalid',
      };
    default:
      return { target: path, what: 'value', message: error.message ?? error.keyword };
  }
}

function narrow(errors: readonly ErrorObject[]): ErrorObject[] {
  const removed = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, ErrorObject>();
  for (const e of errors) {
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') continue;
    const prefix = `${e.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const other of errors) {
      if (other === e || !other.schemaPath.startsWith(prefix)) continue;
      const branch = other.schemaPath.slice(prefix.length).split('/')[0];
      branches.set(branch, [...(branches.get(branch) ?? []), other]);
    }
    if (branches.size === 0) {
      // Precompiled validators (kubernetes-models) give branch errors the schema paths of their
      // own $ref targets: take the errors right before this one at its path or below instead.
      const preceding: ErrorObject[] = [];
      for (let i = errors.indexOf(e) - 1; i >= 0; i--) {
        const o = errors[i];
        if (o.instancePath !== e.instancePath && !o.instancePath.startsWith(`${e.instancePath}/`)) break;
        preceding.unshift(o);
      }
      if (preceding.length === 0) continue;
      const typeErrors = preceding.filter((x) => x.keyword === 'type' && x.instancePath === e.instancePath);
      for (const x of typeErrors) removed.add(x);
      if (typeErrors.length < preceding.length) removed.add(e);
      else
        replaced.set(e, {
          ...e,
          typesWanted: `must be of type ${[...new Set(typeErrors.map((x) => String((x.params as { type?: unknown }).type)))].join(' or ')}`,
        } as ErrorObject);
      continue;
    }
    const wrongType = [...branches.values()].filter((list) => list.some((x) => x.keyword === 'type' && x.instancePath === e.instancePath));
    for (const list of wrongType) for (const x of list) removed.add(x);
    if (branches.size > 0 && wrongType.length < branches.size) {
      removed.add(e);
    } else {
      const types = [
        ...new Set(
          wrongType.flatMap((list) =>
            list
              .filter((x) => x.keyword === 'type' && x.instancePath === e.instancePath)
              .map((x) => String((x.params as { type?: unknown }).type)),
          ),
        ),
      ];
      if (types.length > 0) replaced.set(e, { ...e, typesWanted: `must be of type ${types.join(' or ')}` } as ErrorObject);
    }
  }
  return errors.filter((e) => !removed.has(e)).map((e) => replaced.get(e) ?? e);
}
