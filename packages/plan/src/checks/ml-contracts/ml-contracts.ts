import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { MlContractsRule, rules } from './rule-catalogue';
import { contractFindings, Sides } from './rules';
import { readConfigSide, readExporterSide, readMojoSide, readRequestSide, readSpecSide, splitRequestModel } from './sources';

export interface MlContractsOptions {
  config?: string;
  schema?: string;
  mojo?: string;
  requestModel?: string;
  exporter?: string;
  mojoHint?: string;
}

type Role = 'config' | 'schema' | 'mojo' | 'requestModel' | 'exporter';
const ROLES: Role[] = ['config', 'schema', 'mojo', 'requestModel', 'exporter'];

/**
 * ml-contracts: the files written by different tasks of the ML plan agree with each other.
 *  - MOJO features = ml/config.yaml data.features (as sets) and MOJO response = data.target;
 *  - the request model's fields = the MOJO's features (or data.features without a MOJO);
 *  - the exporter's TABLE_NAME = data.table, and is a table of the schema;
 *  - data.table, features and target are a table and columns of the schema.
 * Only what is given is compared; a missing MOJO is an error that says how to produce it.
 *
 * Paths are optional: each one takes the role its name implies when that option is not set
 * (.yaml/.yml → config, .json → schema, .zip → mojo, file.py:Class → requestModel, a .py under
 * data_exporters/ → exporter).
 */
export const check: CheckDefinition<MlContractsOptions, MlContractsRule> = {
  name: 'ml-contracts',
  rules,
  summary:
    'ML plan contracts hold: MOJO columns = config features, request model fields = features, exporter table = config table = a schema table',
  pathsDescription: 'optional: the files compared (roles from their names), instead of the options',
  options: [
    { name: 'config', type: 'string', description: 'ml/config.yaml' },
    { name: 'schema', type: 'string', description: 'schemas/<name>.json table spec' },
    { name: 'mojo', type: 'string', description: 'MOJO zip or exploded folder (e.g. models/churn_model.zip)' },
    {
      name: 'requestModel',
      type: 'string',
      description: 'Request model as file.py:Class (default class PredictionRequest), e.g. api/models/prediction.py:PredictionRequest',
    },
    { name: 'exporter', type: 'string', description: "Mage data exporter .py with a module-level TABLE_NAME = '<table>'" },
    { name: 'mojoHint', type: 'string', description: 'How to produce a missing MOJO, e.g. "run `nx run churn:train`"' },
  ],
  async run(paths, options, context) {
    const given = rolesOf(paths, options);
    if (Object.keys(given).length < 2) {
      throw new CheckUsageError(
        'ml-contracts compares files: give at least two of --config, --schema, --mojo, --request-model, --exporter.',
      );
    }
    const findings: Finding<MlContractsRule>[] = [];
    const cwd = context.cwd;
    const sides: Sides = {};
    if (given.config) sides.config = await readConfigSide(cwd, given.config, findings);
    if (given.schema) sides.spec = await readSpecSide(cwd, given.schema, findings);
    if (given.mojo) sides.mojo = await readMojoSide(cwd, given.mojo, options.mojoHint, findings);
    if (given.requestModel) sides.request = await readRequestSide(cwd, given.requestModel, findings);
    if (given.exporter) sides.exporter = await readExporterSide(cwd, given.exporter, findings);
    const { findings: broken, compared } = contractFindings(sides);
    findings.push(...broken);
    return resultOf('ml-contracts', findings, {
      compared,
      features: {
        config: sides.config?.hasFeatures ? sides.config.view.features.map((f) => f.name) : null,
        mojo: sides.mojo?.features ?? null,
        request: sides.request?.fields.map((f) => f.name) ?? null,
      },
      target: { config: sides.config?.view.target?.name ?? null, mojo: sides.mojo?.response ?? null },
      table: { config: sides.config?.view.table?.name ?? null, exporter: sides.exporter?.table ?? null },
    });
  },
};

function rolesOf(paths: string[], options: MlContractsOptions): Partial<Record<Role, string>> {
  const roles: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    const v = options[role];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.trim() === '') throw new CheckUsageError(`ml-contracts: ${role} must be a non-empty path.`);
    roles[role] = v;
  }
  if (options.mojoHint !== undefined && typeof options.mojoHint !== 'string')
    throw new CheckUsageError('ml-contracts: mojoHint must be a string.');
  for (const p of paths) {
    const role = roleOfPath(p);
    if (!role)
      throw new CheckUsageError(
        `ml-contracts: cannot tell what ${p} is; pass it with --config, --schema, --mojo, --request-model or --exporter.`,
      );
    if (roles[role] !== undefined && roles[role] !== p)
      throw new CheckUsageError(`ml-contracts: two ${role} files given (${roles[role]} and ${p}); give one.`);
    roles[role] = p;
  }
  return roles;
}

function roleOfPath(p: string): Role | undefined {
  const lower = p.toLowerCase();
  if (/\.ya?ml$/.test(lower)) return 'config';
  if (lower.endsWith('.json')) return 'schema';
  if (lower.endsWith('.zip')) return 'mojo';
  if (splitRequestModel(p).file !== p) return 'requestModel';
  if (lower.endsWith('.py') && path.dirname(p).split(/[\\/]/).includes('data_exporters')) return 'exporter';
  return undefined;
}
