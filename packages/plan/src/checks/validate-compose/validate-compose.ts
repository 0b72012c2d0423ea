import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { ajvFindings } from '../contract-files/ajv-findings';
import { readInput, sortFindings } from '../contract-files/read-input';
import { readYaml } from '../contract-files/yaml-source';
import { ComposeRule, rules } from './rule-catalogue';
import { composeRules } from './rules';
import { composeValidator } from './schema';

/**
 * A Compose file is valid per the Compose Specification's schema and sound where the schema is
 * silent: `depends_on` names services that exist, a `service_healthy` dependency has a health
 * check to wait for, no literal secrets in `environment`, ports parse and fit 1-65535.
 */
export const check: CheckDefinition<Record<string, never>, ComposeRule> = {
  name: 'validate-compose',
  rules,
  summary: 'Compose files: Compose Specification schema, depends_on targets, healthchecks, no literal secrets in environment, valid ports',
  pathsDescription: 'compose.yaml / docker-compose.yml files',
  options: [],
  async run(paths, _options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-compose needs at least one compose file.');
    const findings: Finding<ComposeRule>[] = [];
    const files: Record<string, unknown>[] = [];
    for (const given of paths) {
      const outcome = await validateOne(given, context.cwd);
      findings.push(...outcome.findings);
      files.push(outcome.metadata);
    }
    return resultOf('validate-compose', sortFindings(findings), { files });
  },
};

async function validateOne(given: string, cwd: string): Promise<{ findings: Finding<ComposeRule>[]; metadata: Record<string, unknown> }> {
  const input = await readInput(given, cwd, 'compose');
  if ('finding' in input) return { findings: [input.finding], metadata: { file: given, error: 'unreadable' } };
  const source = readYaml(input.text, given, { rule: 'compose', merge: true, reader: 'Docker Compose' });
  const findings: Finding<ComposeRule>[] = [...source.findings];
  if (findings.length > 0) return { findings, metadata: { file: given, error: 'invalid YAML' } };
  const doc = source.documents[0];
  if (!doc || doc.value === null) {
    findings.push({
      rule: 'compose/empty',
      severity: 'error',
      message: 'The compose file is empty: define at least `services:` with one service.',
      file: given,
      line: 1,
      column: 1,
    });
    return { findings, metadata: { file: given, error: 'empty' } };
  }
  if (source.documents.length > 1) {
    const extra = source.documents[1];
    findings.push({
      rule: 'compose/multiple-documents',
      severity: 'error',
      message: 'Compose reads one YAML document per file; this file has several (---). Split them into separate files.',
      file: given,
      line: extra.start.line,
      column: extra.start.column,
    });
  }

  const validate = composeValidator();
  if (!validate(doc.value)) findings.push(...ajvFindings(validate.errors, doc, given, 'compose/schema'));

  const folder = path.dirname(path.resolve(cwd, given));
  findings.push(
    ...composeRules(doc.value, {
      doc,
      file: given,
      imageHealthcheck: (_service, build) => dockerfileHealthcheck(folder, build),
    }),
  );
  return { findings, metadata: { file: given, ...summary(doc.value) } };
}

/** Whether the Dockerfile a `build` section names declares a HEALTHCHECK (undefined: unreadable). */
function dockerfileHealthcheck(folder: string, build: unknown): boolean | undefined {
  if (build === undefined) return undefined;
  const context = typeof build === 'string' ? build : isObj(build) && typeof build.context === 'string' ? build.context : '.';
  if (/^[a-z]+:\/\//i.test(context) || context.includes('$')) return undefined;
  const dockerfile = isObj(build) && typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
  try {
    const text = readFileSync(path.resolve(folder, context, dockerfile), 'utf8');
    return /^\s*HEALTHCHECK\s+(?!NONE\b)/im.test(text);
  } catch {
    return undefined;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function summary(value: unknown): Record<string, unknown> {
  const root = isObj(value) ? value : {};
  const services = isObj(root.services) ? root.services : {};
  const images = [
    ...new Set(
      Object.values(services)
        .map((s) => (isObj(s) && typeof s.image === 'string' ? s.image : undefined))
        .filter((i): i is string => !!i),
    ),
  ];
  return {
    services: Object.keys(services),
    images,
    networks: isObj(root.networks) ? Object.keys(root.networks) : [],
    volumes: isObj(root.volumes) ? Object.keys(root.volumes) : [],
  };
}
