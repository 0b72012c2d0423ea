import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { basePath } from '../infra-stack/contract-facts';
import { OpenApiDocument } from '../infra-stack/stack';

/** The Pact release that runs on Node 20 (17 needs Node 22; libraries.md). */
export const PACT_DEPENDENCY = { '@pact-foundation/pact': '~16.5.0' } as const;
export const PACT_DIR = 'tests/contract';
export const PACT_COMMAND = 'node --test tests/contract/';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

interface Interaction {
  description: string;
  state: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  queryText: string;
  body?: unknown;
  status: number;
  contentType: string;
  response?: unknown;
}

/**
 * Pact consumer tests of a contract: one interaction per operation, built from the contract's
 * own examples (request bodies, path parameter examples, the first 2xx response's example, or its
 * schema's), so the pact says what the consumer relies on in the contract's words. The test file
 * is `tests/contract/<consumer>.pact.test.mjs` (node:test); values are printed as JSON.
 */
export function renderPactConsumer(contract: OpenApiDocument, names: { consumer: string; provider: string }): Map<string, string> {
  for (const name of [names.consumer, names.provider]) if (!KEBAB.test(name)) throw new Error(`Invalid Pact participant name "${name}".`);
  const base = basePath(contract);
  const interactions: Interaction[] = [];
  for (const [template, item] of Object.entries(isObj(contract.paths) ? contract.paths : {})) {
    if (!template.startsWith('/') || !isObj(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const parameters = [
        ...(Array.isArray(item.parameters) ? item.parameters : []),
        ...(Array.isArray(op.parameters) ? op.parameters : []),
      ].map((p) => resolve(contract, p));
      const path =
        base +
        template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
          const p = parameters.find((q) => isObj(q) && q.in === 'path' && q.name === name);
          return encodeURIComponent(String(exampleOf(contract, p) ?? 'example'));
        });
      const media = resolve(contract, op.requestBody)?.content?.['application/json'];
      const body = media ? (media.example ?? exampleOf(contract, { schema: media.schema })) : undefined;
      const [status, response] = firstSuccess(contract, op.responses);
      const query =
        method === 'get' && !template.includes('{') && parameters.some((p) => isObj(p) && p.name === 'limit') ? { limit: '10' } : undefined;
      const label = op.operationId ?? `${method} ${template}`;
      interactions.push({
        description: `${label}: ${method.toUpperCase()} ${base}${template}`,
        state: template.includes('{')
          ? `the ${template.split('/').filter(Boolean).slice(-2, -1)[0] ?? 'resource'} in the example exists`
          : 'the service is running',
        method: method.toUpperCase(),
        path,
        query,
        queryText: query ? `?${new URLSearchParams(query).toString()}` : '',
        body,
        status,
        contentType: response?.type ?? 'application/json',
        response: response?.example,
      });
    }
  }
  if (interactions.length === 0) throw new Error('The contract has no operation to write a Pact interaction for.');
  return renderTemplateDir(
    templatesDir('skills', 'pact-consumer'),
    { consumer: names.consumer, provider: names.provider, interactions, json: (v: unknown) => JSON.stringify(v) },
    { consumer: names.consumer },
  );
}

function resolve(contract: OpenApiDocument, node: any): any {
  for (let i = 0; i < 10 && isObj(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/'); i++) {
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce((at: any, key: string) => (isObj(at) ? at[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), contract);
  }
  return node;
}

function exampleOf(contract: OpenApiDocument, holder: any): unknown {
  if (!isObj(holder)) return undefined;
  if (holder.example !== undefined) return holder.example;
  if (isObj(holder.examples)) {
    const first = resolve(contract, Object.values(holder.examples)[0]);
    if (isObj(first) && first.value !== undefined) return first.value;
  }
  const schema = resolve(contract, holder.schema);
  if (isObj(schema)) {
    if (schema.example !== undefined) return schema.example;
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  }
  return undefined;
}

function firstSuccess(contract: OpenApiDocument, responses: unknown): [number, { type: string; example: unknown } | undefined] {
  const entries = Object.entries(isObj(responses) ? responses : {}).filter(([code]) => /^2\d\d$/.test(code));
  if (entries.length === 0) return [200, undefined];
  const [code, raw] = entries.sort(([a], [b]) => Number(a) - Number(b))[0];
  const response = resolve(contract, raw);
  const content = isObj(response?.content) ? response.content : {};
  const type = Object.keys(content).find((t) => /json/.test(t));
  if (!type) return [Number(code), undefined];
  const example = exampleOf(contract, content[type]);
  return [Number(code), example === undefined ? undefined : { type, example }];
}
