import { z } from 'zod';
import { markReadsOnly, registerCheck } from './registry';

/**
 * The built-in checks: each module exports `check: CheckDefinition` and is loaded on first use;
 * beside it, the schema of the options it reads (`with:` in plan.yaml, `--flags` on the CLI), so
 * plans are validated without loading a check's engines. A spec keeps these keys equal to the
 * options each definition declares.
 */
const path = z.string().min(1);
const positive = z.number().positive();

registerCheck(
  'files-exist',
  () => require('./files-exist/files-exist').check,
  z.strictObject({ hints: z.record(z.string(), z.string()).optional() }),
);
registerCheck(
  'command',
  () => require('./command/command').check,
  z.strictObject({
    command: z.string().trim().min(1),
    timeout: positive.optional(),
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name')).optional(),
  }),
);
registerCheck(
  'validate-schema',
  () => require('./validate-schema/validate-schema').check,
  z.strictObject({ cacheDir: path.optional(), skipEngine: z.boolean().optional() }),
);
registerCheck(
  'lint-endpoints',
  () => require('./lint-endpoints/lint-endpoints').check,
  z.strictObject({
    python: z.string().trim().min(1).optional(),
    noSyntax: z.boolean().optional(),
    health: z.boolean().optional(),
    healthTimeout: positive.optional(),
  }),
);
registerCheck(
  'validate-pipeline',
  () => require('./validate-pipeline/validate-pipeline').check,
  z.strictObject({ requireBlocks: z.union([z.string(), z.array(z.string())]).optional() }),
);
registerCheck(
  'validate-mojo',
  () => require('./validate-mojo/validate-mojo').check,
  z.strictObject({
    maxEntries: positive.optional(),
    maxEntryMb: positive.optional(),
    maxTotalMb: positive.optional(),
    maxCompressionRatio: positive.optional(),
    genmodelJar: path.optional(),
  }),
);
registerCheck(
  'scan-dockerfile',
  () => require('./scan-dockerfile/scan-dockerfile').check,
  z.strictObject({ allowSingleStage: z.boolean().optional() }),
);
registerCheck(
  'validate-ml-config',
  () => require('./validate-ml-config/validate-ml-config').check,
  z.strictObject({ modelPath: path.optional(), schema: path.optional() }),
);
registerCheck(
  'ml-contracts',
  () => require('./ml-contracts/ml-contracts').check,
  z.strictObject({
    config: path.optional(),
    schema: path.optional(),
    mojo: path.optional(),
    requestModel: path.optional(),
    exporter: path.optional(),
    mojoHint: z.string().optional(),
  }),
);
registerCheck('validate-compose', () => require('./validate-compose/validate-compose').check, z.strictObject({}));
registerCheck('validate-workflow', () => require('./validate-workflow/validate-workflow').check, z.strictObject({}));
registerCheck('validate-openapi', () => require('./validate-openapi/validate-openapi').check, z.strictObject({}));
registerCheck('validate-asyncapi', () => require('./validate-asyncapi/validate-asyncapi').check, z.strictObject({}));
registerCheck(
  'validate-data-contract',
  () => require('./validate-data-contract/validate-data-contract').check,
  z.strictObject({
    samples: z.union([path, z.array(path)]).optional(),
    imports: z.union([path, z.array(path)]).optional(),
    previous: path.optional(),
    compatibility: z.enum(['backward', 'forward', 'full', 'none']).optional(),
  }),
);
registerCheck('validate-k8s', () => require('./validate-k8s/validate-k8s').check, z.strictObject({}));
registerCheck(
  'service-mesh',
  () => require('./service-mesh/service-mesh').check,
  z.strictObject({ services: path.optional(), aspects: z.array(z.enum(['discovery', 'routes', 'traffic', 'mtls'])).optional() }),
);
registerCheck(
  'event-flow',
  () => require('./event-flow/event-flow').check,
  z.strictObject({
    events: path.optional(),
    services: path.optional(),
    contracts: path.optional(),
    servicesDir: path.optional(),
    only: z.enum(['events', 'calls']).optional(),
  }),
);
registerCheck('validate-terraform', () => require('./validate-terraform/validate-terraform').check, z.strictObject({}));
registerCheck('pact-contract', () => require('./pact-contract/pact-contract').check, z.strictObject({ contracts: path.optional() }));
registerCheck(
  'prometheus-config',
  () => require('./prometheus-config/prometheus-config').check,
  z.strictObject({ promtool: z.string().trim().min(1).optional() }),
);
registerCheck(
  'contract-test',
  () => require('./contract-test/contract-test').check,
  z.strictObject({
    command: z.string().trim().min(1),
    port: z.number().int().min(1).max(65535),
    timeout: positive.optional(),
    requestTimeout: positive.optional(),
    readyPath: z.string().startsWith('/').optional(),
    probe: z.array(z.string().min(1)).optional(),
    routes: z.string().min(1).optional(),
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name')).optional(),
  }),
);
registerCheck(
  'gateway-routes',
  () => require('./gateway-routes/gateway-routes').check,
  z.strictObject({ contract: path, basePath: z.string().optional() }),
);
registerCheck(
  'operation-coverage',
  () => require('./operation-coverage/operation-coverage').check,
  z.strictObject({ contract: path, client: path.optional(), basePath: z.string().optional() }),
);
registerCheck(
  'data-quality',
  () => require('./data-quality/data-quality').check,
  z.strictObject({ evaluate: z.boolean().optional(), now: z.iso.datetime({ offset: true }).optional() }),
);
registerCheck('realm-scopes', () => require('./realm-scopes/realm-scopes').check, z.strictObject({ contract: path }));
registerCheck(
  'playwright',
  () => require('./playwright/playwright').check,
  z.strictObject({
    config: path.optional(),
    project: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
    grep: z.string().min(1).optional(),
    chromium: path.optional(),
    ports: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name')).optional(),
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name')).optional(),
    timeout: positive.optional(),
    updateSnapshots: z.boolean().optional(),
    htmlReport: path.optional(),
    output: path.optional(),
  }),
);
registerCheck(
  'load-test',
  () => require('./load-test/load-test').check,
  z.strictObject({
    command: z.string().trim().min(1),
    port: z.number().int().min(1).max(65535),
    timeout: positive.optional(),
    readyPath: z.string().startsWith('/').optional(),
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name')).optional(),
  }),
);
registerCheck(
  'pipeline-run',
  () => require('./pipeline-run/pipeline-run').check,
  z.strictObject({
    stage: z.enum(['lint', 'ingest', 'all']).optional(),
    scale: z.number().int().min(1).max(10000).optional(),
    outputs: z.array(z.string().min(1)).optional(),
    reconcile: z.boolean().optional(),
    conform: z.boolean().optional(),
  }),
);
registerCheck(
  'openlineage',
  () => require('./openlineage/openlineage').check,
  z.strictObject({ datasets: z.array(z.string().min(1)).optional() }),
);
registerCheck('topic-coverage', () => require('./topic-coverage/topic-coverage').check, z.strictObject({ asyncapi: path }));
registerCheck(
  'validate-odcs',
  () => require('./validate-odcs/validate-odcs').check,
  z.strictObject({ sla: z.union([z.boolean(), z.array(z.string().min(1))]).optional() }),
);
registerCheck('typecheck', () => require('./typecheck/typecheck').check, z.strictObject({ timeout: positive.optional() }));

// Checks that run the user's commands, start services, build, or write outputs other checks read
// (command, contract-test, load-test, pact-contract, playwright, pipeline-run, data-quality,
// openlineage, typecheck) are not marked.
markReadsOnly([
  'files-exist',
  'validate-schema',
  'lint-endpoints',
  'validate-pipeline',
  'validate-mojo',
  'scan-dockerfile',
  'validate-ml-config',
  'ml-contracts',
  'validate-compose',
  'validate-workflow',
  'validate-openapi',
  'validate-asyncapi',
  'validate-data-contract',
  'validate-k8s',
  'validate-terraform',
  'service-mesh',
  'event-flow',
  'prometheus-config',
  'gateway-routes',
  'realm-scopes',
  'operation-coverage',
  'topic-coverage',
  'validate-odcs',
]);
