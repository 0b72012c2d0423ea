import type { ErrorObject } from './ajv';
import { fromPointer, Segments } from './load-document';

export interface SchemaProblem {
  /** Path of the offending node in the validated value. */
  segments: Segments;
  /** RFC 6901 pointer of the same node. */
  pointer: string;
  message: string;
  /** True when the problem is the node's key (an unknown property), not its value. */
  atKey: boolean;
}

/** Alternatives (`oneOf`/`anyOf`) explain themselves through their branches' errors. */
const SUMMARY_KEYWORDS = new Set(['oneOf', 'anyOf', 'if', 'then', 'else', 'not', '$ref', 'unevaluatedProperties']);

/**
 * The errors worth showing from an ajv run over a schema full of alternatives: an error is left
 * out when a deeper one exists below it (the deeper one is the cause), summaries and "must have
 * `$ref`" (the Reference branch of Reference-or-X) are left out when anything else is there,
 * and one message is kept per node and text.
 */
export function selectSchemaErrors(errors: ErrorObject[] | null | undefined, limit = 50): SchemaProblem[] {
  if (!errors || errors.length === 0) return [];
  const problems = errors.map(toProblem);
  const informative = problems.filter((_, i) => !isNoise(errors[i]));
  const pool = informative.length > 0 ? informative : problems;
  const parentOf = (p: SchemaProblem) => p.pointer.slice(0, p.pointer.lastIndexOf('/'));
  const chosen = pool.filter((p) =>
    p.atKey
      ? // "unknown property" from a branch that does not apply: a real error lies deeper in the same object.
        !pool.some((q) => !q.atKey && q.pointer.startsWith(parentOf(p) + '/') && q.pointer.split('/').length > p.pointer.split('/').length)
      : !pool.some((q) => q !== p && q.pointer.startsWith(p.pointer + '/')),
  );
  // Alternatives that each allow other values of one field: one message listing them all.
  const allowed = new Map<string, unknown[]>();
  for (const [i, problem] of chosen.entries()) {
    const error = errors[problems.indexOf(problem)];
    if (error?.keyword !== 'enum' && error?.keyword !== 'const') continue;
    const params = error.params as { allowedValues?: unknown[]; allowedValue?: unknown };
    const values = params.allowedValues ?? [params.allowedValue];
    allowed.set(problem.pointer, [...(allowed.get(problem.pointer) ?? []), ...values]);
    chosen[i] = { ...problem, message: '' };
  }
  // One problem per node (and per unknown key): alternatives' messages joined with "or".
  const byNode = new Map<string, SchemaProblem & { messages: string[] }>();
  for (const problem of chosen) {
    const values = problem.message === '' ? allowed.get(problem.pointer) : undefined;
    const message = values ? `must be one of ${[...new Set(values.map((v) => JSON.stringify(v)))].join(', ')}` : problem.message;
    const key = `${problem.pointer}\u0000${problem.atKey}`;
    const known = byNode.get(key);
    if (known) {
      if (!known.messages.includes(message)) known.messages.push(message);
    } else {
      if (byNode.size >= limit) continue;
      byNode.set(key, { ...problem, messages: [message] });
    }
  }
  return [...byNode.values()].map(({ messages, ...problem }) => ({ ...problem, message: messages.join(' or ') }));
}

function isNoise(error: ErrorObject): boolean {
  if (SUMMARY_KEYWORDS.has(error.keyword)) return true;
  if (error.keyword === 'required' && (error.params as { missingProperty?: string }).missingProperty === '$ref') return true;
  return false;
}

function toProblem(error: ErrorObject): SchemaProblem {
  const base = fromPointer(error.instancePath) ?? [];
  const params = error.params as Record<string, unknown>;
  let segments: Segments = base;
  let atKey = false;
  let message = error.message ?? error.keyword;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    segments = [...base, params.additionalProperty];
    atKey = true;
    message = `unknown property "${params.additionalProperty}"`;
  } else if (error.keyword === 'unevaluatedProperties' && typeof params.unevaluatedProperty === 'string') {
    segments = [...base, params.unevaluatedProperty];
    atKey = true;
    message = `unknown property "${params.unevaluatedProperty}"`;
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    message = `missing required property "${params.missingProperty}"`;
  }
  const pointer = segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
  return { segments, pointer, message, atKey };
}
