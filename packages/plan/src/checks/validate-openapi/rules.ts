import { isRecord, Segments } from '../api-documents/load-document';
import { Finding } from '../contract';
import { findingAt, OpenApiContract } from '../openapi/load-openapi';
import { listOperations, Operation, operationLabel, templateNames } from '../openapi/operations';
import type { OpenApiRule } from './rule-catalogue';

/**
 * The rules of the specification that its JSON Schema cannot express: path templates and their
 * parameters agree, operationIds are unique, security requirements name defined schemes, and every
 * operation describes its responses.
 */
export function ruleFindings(contract: OpenApiContract, operations: Operation[] = listOperations(contract)): Finding<OpenApiRule>[] {
  return [
    ...pathParameterFindings(contract, operations),
    ...pathFindings(contract),
    ...operationIdFindings(contract, operations),
    ...securityFindings(contract, operations),
    ...responseFindings(contract, operations),
  ];
}

/** Path parameters without `required: true`: the official schema's complaint there is noise beside ours. */
export function unrequiredPathParameters(operations: Operation[]): Segments[] {
  return operations.flatMap((op) => op.parameters.filter((p) => p.in === 'path' && !p.required).map((p) => p.segments));
}

function pathParameterFindings(contract: OpenApiContract, operations: Operation[]): Finding<OpenApiRule>[] {
  const findings: Finding<OpenApiRule>[] = [];
  const reported = new Set<string>();
  const once = (segments: Segments, rule: string, make: () => Finding<OpenApiRule>) => {
    const key = `${rule}\u0000${segments.join('\u0000')}`;
    if (reported.has(key)) return;
    reported.add(key);
    findings.push(make());
  };
  for (const op of operations) {
    const names = templateNames(op.path);
    const declared = op.parameters.filter((p) => p.in === 'path');
    for (const name of new Set(names)) {
      if (declared.some((p) => p.name === name)) continue;
      findings.push(
        findingAt(
          contract,
          op.segments,
          'openapi/path-parameter-missing',
          `${operationLabel(op)}: path parameter "${name}" of the template is not declared: add { name: ${name}, in: path, required: true, schema: {...} } to the operation's or the path's parameters`,
          'error',
          true,
        ),
      );
    }
    for (const p of declared) {
      if (!names.includes(p.name)) {
        once(p.segments, 'unused', () =>
          findingAt(
            contract,
            p.segments,
            'openapi/path-parameter-unused',
            `${operationLabel(op)}: path parameter "${p.name}" does not appear in the path template "${op.path}": rename it or remove it`,
          ),
        );
      } else if (!p.required) {
        const at = 'required' in p.value ? [...p.segments, 'required'] : p.segments;
        once(p.segments, 'required', () =>
          findingAt(
            contract,
            at,
            'openapi/path-parameter-not-required',
            `${operationLabel(op)}: path parameter "${p.name}" must have "required: true" (the specification requires it for path parameters)`,
          ),
        );
      }
    }
  }
  return findings;
}

/** Template repeats a name, or two templates differ only in their parameter names. */
function pathFindings(contract: OpenApiContract): Finding<OpenApiRule>[] {
  const root = contract.bundled.value;
  if (!isRecord(root) || !isRecord(root.paths)) return [];
  const findings: Finding<OpenApiRule>[] = [];
  const shapes = new Map<string, string>();
  for (const pathKey of Object.keys(root.paths)) {
    if (pathKey.startsWith('x-')) continue;
    const names = templateNames(pathKey);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) {
      findings.push(
        findingAt(
          contract,
          ['paths', pathKey],
          'openapi/path-template-duplicate',
          `path "${pathKey}" uses "{${repeated}}" twice: give each path parameter its own name`,
          'error',
          true,
        ),
      );
    }
    const shape = pathKey.replace(/\{[^{}]*\}/g, '{}');
    const other = shapes.get(shape);
    if (other !== undefined && names.length > 0) {
      findings.push(
        findingAt(
          contract,
          ['paths', pathKey],
          'openapi/path-ambiguous',
          `path "${pathKey}" is the same template as "${other}" with other parameter names: merge them`,
          'error',
          true,
        ),
      );
    } else shapes.set(shape, pathKey);
  }
  return findings;
}

function operationIdFindings(contract: OpenApiContract, operations: Operation[]): Finding<OpenApiRule>[] {
  const first = new Map<string, Operation>();
  const findings: Finding<OpenApiRule>[] = [];
  for (const op of operations) {
    if (op.operationId === undefined) continue;
    const earlier = first.get(op.operationId);
    if (!earlier) {
      first.set(op.operationId, op);
      continue;
    }
    findings.push(
      findingAt(
        contract,
        [...op.segments, 'operationId'],
        'openapi/operation-id-duplicate',
        `${operationLabel(op)}: operationId "${op.operationId}" is already used by ${operationLabel(earlier)}: operationIds must be unique`,
      ),
    );
  }
  return findings;
}

function securityFindings(contract: OpenApiContract, operations: Operation[]): Finding<OpenApiRule>[] {
  const root = contract.bundled.value;
  const components = isRecord(root) && isRecord(root.components) ? root.components : {};
  const schemes = isRecord(components.securitySchemes) ? components.securitySchemes : {};
  const findings: Finding<OpenApiRule>[] = [];
  const checkList = (list: unknown, segments: Segments, where: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((requirement, i) => {
      if (!isRecord(requirement)) return;
      for (const name of Object.keys(requirement)) {
        if (Object.prototype.hasOwnProperty.call(schemes, name)) continue;
        const known = Object.keys(schemes);
        findings.push(
          findingAt(
            contract,
            [...segments, i, name],
            'openapi/security-scheme-undefined',
            `${where}: security scheme "${name}" is not defined in components.securitySchemes (${known.length ? `defined: ${known.join(', ')}` : 'none defined'})`,
            'error',
            true,
          ),
        );
      }
    });
  };
  if (isRecord(root)) checkList(root.security, ['security'], 'security');
  for (const op of operations) checkList(op.value.security, [...op.segments, 'security'], operationLabel(op));
  return findings;
}

/** 3.0's schema already requires `responses`; 3.1 made it optional, so there it is a warning. */
function responseFindings(contract: OpenApiContract, operations: Operation[]): Finding<OpenApiRule>[] {
  if (contract.version !== '3.1') return [];
  return operations
    .filter((op) => !isRecord(op.value.responses) || Object.keys(op.value.responses).filter((k) => !k.startsWith('x-')).length === 0)
    .map((op) =>
      findingAt(
        contract,
        op.segments,
        'openapi/responses-missing',
        `${operationLabel(op)} describes no response: add at least its success response`,
        'warning',
        true,
      ),
    );
}
