import { isRecord, toPointer } from '../api-documents/load-document';
import { selectSchemaErrors } from '../api-documents/schema-errors';
import { Finding } from '../contract';
import { BundledNode, derefBundled, findingAt, OpenApiContract, sourceOf } from '../openapi/load-openapi';
import { jsonMedia, Operation, operationLabel } from '../openapi/operations';
import { HttpReply } from '../process/http-call';
import type { ContractTestRule } from './rule-catalogue';

/** Statuses that say "no such route here" (unless the contract documents them for the operation). */
const MISSING = new Set([404, 405, 501]);

/**
 * Judges one reply against the operation's responses: a route the service does not have, a
 * status the contract does not document, a body that is not the documented JSON or does not
 * match its schema (each offending field by its JSON pointer).
 */
export function judgeResponse(contract: OpenApiContract, op: Operation, sent: string, reply: HttpReply): Finding<ContractTestRule>[] {
  const label = operationLabel(op);
  const at = (rule: ContractTestRule, message: string) => findingAt(contract, op.segments, rule, message, 'error', true);
  const responses = isRecord(op.value.responses) ? op.value.responses : {};
  const code = String(reply.status);
  const key = [code, `${code[0]}XX`, `${code[0]}xx`, 'default'].find((k) => Object.prototype.hasOwnProperty.call(responses, k));
  const response = key ? derefBundled(contract, { value: responses[key], segments: [...op.segments, 'responses', key] }) : undefined;
  const bodyProblems = response ? bodyFindings(contract, response, label, reply, at) : [];
  if (MISSING.has(reply.status) && (key === undefined || key === 'default' || bodyProblems.length > 0)) {
    return [at('contract/operation-missing', `${label}: the service does not implement it (${sent} answered HTTP ${reply.status})`)];
  }
  if (!response) {
    const documented = Object.keys(responses).filter((k) => !k.startsWith('x-'));
    return [
      at(
        'contract/status-undocumented',
        `${label}: ${sent} answered HTTP ${reply.status}, which the contract does not document (documented: ${documented.join(', ') || 'none'})`,
      ),
    ];
  }
  return bodyProblems;
}

function bodyFindings(
  contract: OpenApiContract,
  response: BundledNode,
  label: string,
  reply: HttpReply,
  at: (rule: ContractTestRule, message: string) => Finding<ContractTestRule>,
): Finding<ContractTestRule>[] {
  if (!isRecord(response.value) || !isRecord(response.value.content)) return [];
  const media = jsonMedia(contract, { value: response.value.content, segments: [...response.segments, 'content'] });
  const media_ = media?.media.value as Record<string, unknown> | undefined;
  if (!media || !media_ || !('schema' in media_)) return [];
  const where = `${label} → ${reply.status}`;
  if (!/\bjson\b/i.test(reply.contentType)) {
    return [
      at(
        'contract/response-content-type',
        `${where}: the contract says ${media.type}, the service sent "${reply.contentType || 'no content type'}"`,
      ),
    ];
  }
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    return [at('contract/response-invalid', `${where}: the body is not JSON (${JSON.stringify(reply.body.slice(0, 80))})`)];
  }
  const source = sourceOf(contract, [...media.media.segments, 'schema']);
  const validate = contract.schemas.validator(source.document, toPointer(source.segments));
  if (validate instanceof Error)
    return [at('contract/schema-invalid', `${where}: the response schema cannot be compiled: ${validate.message.split('\n')[0]}`)];
  if (validate(body)) return [];
  return selectSchemaErrors(validate.errors, 10).map((problem) =>
    at(
      'contract/response-invalid',
      `${where}: response body ${problem.pointer ? `field ${problem.pointer}` : 'value'} ${problem.message}${actual(body, problem.segments)}`,
    ),
  );
}

function actual(body: unknown, segments: (string | number)[]): string {
  let value: unknown = body;
  for (const s of segments) value = isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[String(s)] : undefined;
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return ` (got ${text.length > 60 ? `${text.slice(0, 60)}…` : text})`;
}
