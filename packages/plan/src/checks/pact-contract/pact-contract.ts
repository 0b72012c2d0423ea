import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { rules } from './rule-catalogue';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { readInput, sortFindings } from '../contract-files/read-input';
import { readYaml, YamlDocument } from '../contract-files/yaml-source';
import { loadOpenApi, OpenApiContract } from '../openapi/load-openapi';
import { jsonMedia, listOperations, Operation, operationLabel, templatePattern } from '../openapi/operations';
import { derefBundled } from '../openapi/load-openapi';

/**
 * Pacts against the provider's OpenAPI contract (bi-directional contract testing): every
 * interaction a consumer recorded is an operation of the provider's contract, its status is
 * documented, every field the consumer sends is one the request schema allows, and every field
 * it expects in the response is one the response schema defines, with the same JSON type. A
 * consumer expecting a field the provider does not (or no longer) return fails at the pact.
 * The provider keeps its contract by its own contract test (contract-test).
 */
export interface PactContractOptions {
  contracts?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_FILES = 500;

export const check: CheckDefinition<PactContractOptions> = {
  name: 'pact-contract',
  rules,
  summary: "Pact files against each provider's OpenAPI contract: operations, statuses, request and response fields and their types",
  pathsDescription: 'pact files (.json) or folders holding them',
  options: [
    {
      name: 'contracts',
      type: 'string',
      description: "Where a provider's OpenAPI contract is; {provider} is replaced by the pact's provider name",
      default: 'contracts/{provider}/openapi.yaml',
    },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('pact-contract needs pact files or folders (e.g. services/orders/tests/contract/).');
    const findings: Finding[] = [];
    const files: string[] = [];
    for (const given of paths) {
      const absolute = path.resolve(context.cwd, given);
      if (!existsSync(absolute)) {
        findings.push({
          rule: 'pact/not-found',
          severity: 'error',
          message: 'No pact here: run the consumer tests first (they write the pacts), or fix the path.',
          file: given,
        });
        continue;
      }
      if (statSync(absolute).isDirectory()) files.push(...(await pactFiles(absolute)).map((f) => path.relative(context.cwd, f)));
      else files.push(given);
    }
    if (files.length === 0 && findings.length === 0)
      findings.push({
        rule: 'pact/none',
        severity: 'error',
        message: 'No pact file (.json) found: run the consumer tests first.',
        file: paths[0],
      });
    const contracts = new Map<string, { contract?: OpenApiContract; file: string; findings: Finding[] }>();
    let interactions = 0;
    for (const file of files.slice(0, MAX_FILES)) {
      const input = await readInput(file, context.cwd, 'pact');
      if ('finding' in input) {
        findings.push(input.finding);
        continue;
      }
      const source = readYaml(input.text, file, { rule: 'pact', reader: 'Pact' });
      findings.push(...source.findings);
      const doc = source.documents[0];
      if (!doc || !isObj(doc.value)) continue;
      const provider = isObj(doc.value.provider) && typeof doc.value.provider.name === 'string' ? doc.value.provider.name : undefined;
      const consumer = isObj(doc.value.consumer) && typeof doc.value.consumer.name === 'string' ? doc.value.consumer.name : '(consumer)';
      if (!provider || !/^[A-Za-z0-9._-]+$/.test(provider)) {
        findings.push({
          rule: 'pact/provider',
          severity: 'error',
          message: 'The pact names no usable provider.name.',
          file,
          ...doc.locate(['provider']),
        });
        continue;
      }
      let loaded = contracts.get(provider);
      if (!loaded) {
        const contractFile = (options.contracts ?? 'contracts/{provider}/openapi.yaml').replace(/\{provider\}/g, provider);
        const result = loadOpenApi(contractFile, context.cwd);
        loaded = { contract: result.contract, file: contractFile, findings: result.findings };
        contracts.set(provider, loaded);
      }
      if (!loaded.contract) {
        findings.push({
          rule: 'pact/provider-contract',
          severity: 'error',
          message: `The contract of provider ${provider} (${loaded.file}) cannot be read: ${loaded.findings[0]?.message ?? 'unknown problem'}`,
          file,
          ...doc.locate(['provider']),
        });
        continue;
      }
      const list = Array.isArray(doc.value.interactions) ? doc.value.interactions : [];
      list.forEach((interaction, i) => {
        interactions++;
        findings.push(...judgeInteraction(loaded!.contract!, loaded!.file, doc, file, consumer, provider, interaction, i));
      });
    }
    return resultOf('pact-contract', sortFindings(findings), { pacts: files.length, interactions });
  },
};

async function pactFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const name of (await fs.readdir(d)).sort()) {
      if (name === 'node_modules') continue;
      const full = path.join(d, name);
      const s = await fs.lstat(full);
      if (s.isDirectory()) await walk(full);
      else if (s.isFile() && name.endsWith('.json') && out.length < MAX_FILES) out.push(full);
    }
  };
  await walk(dir);
  return out;
}

function judgeInteraction(
  contract: OpenApiContract,
  contractFile: string,
  doc: YamlDocument,
  file: string,
  consumer: string,
  provider: string,
  interaction: unknown,
  index: number,
): Finding[] {
  const out: Finding[] = [];
  if (!isObj(interaction) || !isObj(interaction.request) || !isObj(interaction.response)) return out;
  const base = ['interactions', index];
  const add = (rule: string, message: string, at: (string | number)[]) =>
    out.push({ rule: `pact/${rule}`, severity: 'error', message, file, ...doc.locate([...base, ...at]) });
  const method = String(interaction.request.method ?? 'GET').toLowerCase();
  const rawPath = typeof interaction.request.path === 'string' ? interaction.request.path : '/';
  const requestPath = rawPath.split('?')[0];
  const operations = listOperations(contract);
  const op = operations.find((o) => o.method === method && templatePattern(o.path).test(requestPath));
  const label = `${method.toUpperCase()} ${requestPath}`;
  if (!op) {
    add(
      'unknown-operation',
      `${consumer} expects ${provider} to answer ${label}, which is no operation of ${contractFile}: the provider does not offer it.`,
      ['request', 'path'],
    );
    return out;
  }
  const status = String(interaction.response.status ?? 200);
  const responses = isObj(op.value.responses) ? op.value.responses : {};
  const responseKey = Object.hasOwn(responses, status)
    ? status
    : Object.hasOwn(responses, `${status[0]}XX`)
      ? `${status[0]}XX`
      : Object.hasOwn(responses, 'default')
        ? 'default'
        : undefined;
  if (!responseKey) {
    add(
      'undocumented-status',
      `${consumer} expects status ${status} from ${operationLabel(op)}, which ${contractFile} does not document (${Object.keys(responses).join(', ')}).`,
      ['response', 'status'],
    );
    return out;
  }
  const schemaOf = (node: unknown, segments: (string | number)[]) => {
    const deref = derefBundled(contract, { value: node, segments });
    if (!deref || !isObj(deref.value) || !isObj(deref.value.content)) return undefined;
    const media = jsonMedia(contract, { value: deref.value.content, segments: [...deref.segments, 'content'] });
    return media && isObj(media.media.value) ? media.media.value.schema : undefined;
  };
  if (interaction.response.body !== undefined) {
    const schema = schemaOf(responses[responseKey], [...op.segments, 'responses', responseKey]);
    if (schema !== undefined)
      for (const problem of compare(contract, interaction.response.body, schema, []))
        add(
          problem.rule,
          `${consumer} expects ${problem.what} in the ${status} response of ${operationLabel(op)}, but ${contractFile} ${problem.why}. The provider does not promise it: drop the expectation or agree on a contract change first.`,
          ['response', 'body', ...problem.at],
        );
  }
  if (interaction.request.body !== undefined && op.value.requestBody !== undefined) {
    const schema = schemaOf(op.value.requestBody, [...op.segments, 'requestBody']);
    if (schema !== undefined)
      for (const problem of compare(contract, interaction.request.body, schema, []))
        add(`request-${problem.rule}`, `${consumer} sends ${problem.what} to ${operationLabel(op)}, but ${contractFile} ${problem.why}.`, [
          'request',
          'body',
          ...problem.at,
        ]);
  }
  return out;
}

interface Problem {
  rule: string;
  what: string;
  why: string;
  at: (string | number)[];
}

const jsonType = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

/** The schema's own properties, those of allOf parts merged; undefined when it does not constrain them. */
function resolveSchema(contract: OpenApiContract, schema: unknown, depth = 0): Obj | undefined {
  if (depth > 20) return undefined;
  const node = derefBundled(contract, { value: schema, segments: [] });
  if (!node || !isObj(node.value)) return undefined;
  const value = node.value;
  if (Array.isArray(value.allOf)) {
    const merged: Obj = { ...value, properties: { ...(isObj(value.properties) ? value.properties : {}) } };
    for (const part of value.allOf) {
      const r = resolveSchema(contract, part, depth + 1);
      if (r && isObj(r.properties)) Object.assign(merged.properties as Obj, r.properties);
      if (r && r.additionalProperties === false) merged.additionalProperties = false;
      if (r && r.type && !merged.type) merged.type = r.type;
    }
    return merged;
  }
  return value;
}

function compare(contract: OpenApiContract, value: unknown, schema: unknown, at: (string | number)[], depth = 0): Problem[] {
  if (depth > 30) return [];
  const s = resolveSchema(contract, schema);
  if (!s || Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) return [];
  const where = at.length ? `"${at.join('.')}"` : 'the body';
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  const actual = jsonType(value);
  if (
    types.length &&
    !types.includes(actual) &&
    !(actual === 'integer' && types.includes('number')) &&
    !(s.nullable === true && actual === 'null')
  )
    return [{ rule: 'type-mismatch', what: `${where} as ${actual}`, why: `defines it as ${types.join(' or ')}`, at }];
  const out: Problem[] = [];
  if (isObj(value)) {
    const properties = isObj(s.properties) ? s.properties : undefined;
    for (const [key, v] of Object.entries(value)) {
      if (properties && Object.hasOwn(properties, key)) out.push(...compare(contract, v, properties[key], [...at, key], depth + 1));
      else if (properties && s.additionalProperties !== true && !isObj(s.additionalProperties))
        out.push({
          rule: 'field-not-in-contract',
          what: `the field "${[...at, key].join('.')}"`,
          why: `defines no such field${at.length ? ` in ${where}` : ''} (it has ${Object.keys(properties).join(', ')})`,
          at: [...at, key],
        });
    }
  } else if (Array.isArray(value) && s.items !== undefined) {
    value.slice(0, 20).forEach((item, i) => out.push(...compare(contract, item, s.items, [...at, i], depth + 1)));
  }
  return out;
}
