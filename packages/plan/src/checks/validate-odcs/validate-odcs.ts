import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { ajvFindings } from '../contract-files/ajv-findings';
import { readInput, sortFindings } from '../contract-files/read-input';
import { readYaml } from '../contract-files/yaml-source';
import { OdcsRule, rules } from './rule-catalogue';

/**
 * Data contracts in the Open Data Contract Standard (ODCS), judged by the standard's published JSON
 * Schema (v3.1.0, vendored: SOURCE.md), plus what the schema cannot say: property names unique per
 * object, primary keys required, an owner, and (with `sla`) freshness and volume SLAs declared.
 */
export interface OdcsOptions {
  /** true: freshness and volume SLAs required; a list: these SLA properties required (e.g. retention). */
  sla?: boolean | string[];
}

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(path.join(__dirname, 'odcs-json-schema-v3.1.0.json'), 'utf8')) as Record<string, unknown>;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ajv2019 = require('ajv/dist/2019').default;
  const addFormats = require('ajv-formats').default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  compiled = ajv.compile(schema) as ValidateFunction;
  return compiled;
}

const FRESHNESS = ['latency', 'freshness'];
const VOLUME = ['throughput', 'frequency', 'volume'];

export const check: CheckDefinition<OdcsOptions, OdcsRule> = {
  name: 'validate-odcs',
  rules,
  summary: 'ODCS data contracts (Open Data Contract Standard v3): the published JSON Schema, unique properties, primary keys, owner, SLAs',
  pathsDescription: 'ODCS data contract files (*.odcs.yaml)',
  options: [
    {
      name: 'sla',
      type: 'boolean',
      description: 'Require freshness (latency) and volume (throughput/frequency) SLA properties',
      default: false,
    },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-odcs needs at least one data contract file.');
    const findings: Finding<OdcsRule>[] = [];
    const contracts: Record<string, unknown>[] = [];
    for (const given of paths) {
      const input = await readInput(given, context.cwd, 'odcs');
      if ('finding' in input) {
        findings.push(input.finding as Finding<OdcsRule>);
        continue;
      }
      const source = readYaml(input.text, given, { rule: 'odcs', reader: 'an ODCS reader' });
      findings.push(...(source.findings as Finding<OdcsRule>[]));
      if (source.findings.length > 0) continue;
      const doc = source.documents[0];
      const value = doc?.value;
      if (!doc || value === null || typeof value !== 'object' || Array.isArray(value) || source.documents.length > 1) {
        findings.push({
          rule: 'odcs/not-a-contract',
          severity: 'error',
          message: 'A data contract is one YAML mapping (apiVersion, kind: DataContract, id, version, status, schema).',
          file: given,
          line: 1,
          column: 1,
        });
        continue;
      }
      const contract = value as Record<string, unknown>;
      const validate = validator();
      if (!validate(contract)) findings.push(...(ajvFindings(validate.errors, doc, given, 'odcs/schema') as Finding<OdcsRule>[]));
      const at = (p: (string | number)[]) => doc.locate(p);
      const objects = Array.isArray(contract.schema) ? contract.schema : [];
      objects.forEach((object: unknown, i: number) => {
        const props = isObj(object) && Array.isArray(object.properties) ? object.properties : [];
        const seen = new Set<string>();
        props.forEach((p: unknown, j: number) => {
          if (!isObj(p) || typeof p.name !== 'string') return;
          if (seen.has(p.name))
            findings.push({
              rule: 'odcs/property',
              severity: 'error',
              message: `Property "${p.name}" is declared twice in schema[${i}]: keep one.`,
              file: given,
              ...at(['schema', i, 'properties', j, 'name']),
            });
          seen.add(p.name);
          if (p.primaryKey === true && p.required === false)
            findings.push({
              rule: 'odcs/property',
              severity: 'error',
              message: `Property "${p.name}" is a primary key but required: false; a key always has a value.`,
              file: given,
              ...at(['schema', i, 'properties', j, 'required']),
            });
        });
      });
      const team = isObj(contract.team) ? contract.team : undefined;
      if (!team || !Array.isArray(team.members) || team.members.length === 0)
        findings.push({
          rule: 'odcs/owner',
          severity: 'warning',
          message: 'The contract names no owner: add `team` with at least one member (the role owner).',
          file: given,
          ...at(team ? ['team'] : []),
        });
      const slas = Array.isArray(contract.slaProperties)
        ? contract.slaProperties.filter(isObj).map((s) => String(s.property ?? '').toLowerCase())
        : [];
      if (Array.isArray(options.sla)) {
        for (const wanted of options.sla)
          if (!slas.includes(wanted.toLowerCase()))
            findings.push({
              rule: 'odcs/sla',
              severity: 'error',
              message: `No ${wanted} SLA: add a slaProperties entry with property: ${wanted} (value and unit).`,
              file: given,
              ...at(contract.slaProperties ? ['slaProperties'] : []),
            });
      } else if (options.sla) {
        if (!slas.some((s) => FRESHNESS.includes(s)))
          findings.push({
            rule: 'odcs/sla',
            severity: 'error',
            message: 'No freshness SLA: add a slaProperties entry with property: latency (value and unit).',
            file: given,
            ...at(contract.slaProperties ? ['slaProperties'] : []),
          });
        if (!slas.some((s) => VOLUME.includes(s)))
          findings.push({
            rule: 'odcs/sla',
            severity: 'error',
            message: 'No volume SLA: add a slaProperties entry with property: throughput or frequency.',
            file: given,
            ...at(contract.slaProperties ? ['slaProperties'] : []),
          });
      }
      contracts.push({ file: given, id: contract.id, apiVersion: contract.apiVersion, objects: objects.length, sla: slas });
    }
    return resultOf('validate-odcs', sortFindings(findings) as Finding<OdcsRule>[], { contracts });
  },
};

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
