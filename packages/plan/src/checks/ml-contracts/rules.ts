import type { Finding } from '../contract';
import type { RuleSuffix } from '../rule-catalogue';
import { closest } from '../validate-ml-config/load-config';
import { configAgainstSpec } from '../validate-ml-config/spec-rules';
import { nameList } from '../validate-ml-config/table-spec-source';
import type { MlContractsRule } from './rule-catalogue';
import type { ConfigSide, ExporterSide, MojoSide, RequestSide, SpecSide } from './sources';

/**
 * The contracts between tasks of the ML plan. Each finding points where the offending name is
 * written: a feature's item in ml/config.yaml, a field of the request class, the TABLE_NAME
 * assignment. A name that is missing from a file points at its owner (the class name, the
 * data.features key) or, for a MOJO zip, at the file (a zip entry has no line).
 */
export interface Sides {
  config?: ConfigSide;
  spec?: SpecSide;
  mojo?: MojoSide;
  request?: RequestSide;
  exporter?: ExporterSide;
}

const AREA = 'ml-contracts' as const;
const err = (
  rule: RuleSuffix<MlContractsRule, 'ml-contracts/'>,
  message: string,
  file: string,
  pos?: { line: number; column: number },
): Finding<MlContractsRule> => ({
  rule: `${AREA}/${rule}`,
  severity: 'error',
  message,
  file,
  ...(pos ?? {}),
});

export function contractFindings(sides: Sides): { findings: Finding<MlContractsRule>[]; compared: string[] } {
  const findings: Finding<MlContractsRule>[] = [];
  const compared: string[] = [];
  const { config, spec, mojo, request, exporter } = sides;
  const configFeatures = config?.hasFeatures ? config : undefined;

  if (mojo && configFeatures) {
    compared.push('mojo~config');
    findings.push(...mojoVsConfig(mojo, configFeatures));
  }

  if (request) {
    if (mojo) {
      compared.push('request~mojo');
      findings.push(...requestVsReference(request, mojo.features, `the MOJO ${mojo.file}`, config));
    } else if (configFeatures) {
      compared.push('request~config');
      findings.push(
        ...requestVsReference(
          request,
          configFeatures.view.features.map((f) => f.name),
          `data.features of ${configFeatures.file}`,
          config,
        ),
      );
    }
  }

  if (exporter && config?.view.table) {
    compared.push('exporter~config');
    const table = config.view.table;
    if (exporter.table !== table.name) {
      const at = config.locate(table.path);
      findings.push(
        err(
          'table-name',
          `TABLE_NAME is "${exporter.table}" but ${config.file} (line ${at.line}) trains on data.table "${table.name}": the pipeline must export the table training reads; make them equal.`,
          exporter.file,
          exporter.pos,
        ),
      );
    }
  }
  if (exporter && spec) {
    compared.push('exporter~schema');
    const tables = spec.spec.tables.map((t) => t.name);
    if (!tables.includes(exporter.table)) {
      const near = closest(exporter.table, tables);
      findings.push(
        err(
          'table-name',
          `TABLE_NAME "${exporter.table}" is not a table of ${spec.file} (tables: ${nameList(tables)})${near ? ` (did you mean "${near}"?)` : ''}: export into a table the schema defines.`,
          exporter.file,
          exporter.pos,
        ),
      );
    }
  }

  if (config && spec) {
    compared.push('config~schema');
    findings.push(
      ...configAgainstSpec({
        view: config.view,
        spec: spec.spec,
        specFile: spec.file,
        file: config.file,
        locate: config.locate,
        area: AREA,
      }),
    );
  }
  return { findings, compared };
}

function mojoVsConfig(mojo: MojoSide, config: ConfigSide): Finding<MlContractsRule>[] {
  const findings: Finding<MlContractsRule>[] = [];
  const mojoSet = new Set(mojo.features);
  const configSet = new Set(config.view.features.map((f) => f.name));
  const seen = new Set<string>();
  for (const f of config.view.features) {
    if (mojoSet.has(f.name) || seen.has(f.name)) continue;
    seen.add(f.name);
    const near = closest(
      f.name,
      mojo.features.filter((m) => !configSet.has(m)),
    );
    findings.push(
      err(
        'mojo-features',
        `Feature "${f.name}" is not a column of the MOJO ${mojo.file} (its features: ${nameList(mojo.features)})${near ? `; it has "${near}" instead` : ''}: retrain and re-export the model from this config, or fix data.features.`,
        config.file,
        config.locate(f.path),
      ),
    );
  }
  const extra = mojo.features.filter((m) => !configSet.has(m));
  if (extra.length) {
    findings.push(
      err(
        'mojo-features',
        `The MOJO uses feature${extra.length === 1 ? '' : 's'} ${extra.map((e) => `"${e}"`).join(', ')} that data.features of ${config.file} does not list: retrain and re-export the model from the current config (or add ${extra.length === 1 ? 'it' : 'them'} to data.features).`,
        mojo.file,
      ),
    );
  }
  const target = config.view.target;
  if (target && mojo.response !== null && mojo.response !== target.name) {
    findings.push(
      err(
        'mojo-response',
        `data.target is "${target.name}" but the MOJO ${mojo.file} predicts "${mojo.response}": retrain with this target, or fix data.target.`,
        config.file,
        config.locate(target.path),
      ),
    );
  }
  return findings;
}

function requestVsReference(
  request: RequestSide,
  reference: string[],
  referenceName: string,
  config: ConfigSide | undefined,
): Finding<MlContractsRule>[] {
  const findings: Finding<MlContractsRule>[] = [];
  const wanted = new Set(reference);
  const have = new Set(request.fields.map((f) => f.name));
  for (const field of request.fields) {
    if (wanted.has(field.name)) continue;
    const near = closest(
      field.name,
      reference.filter((r) => !have.has(r)),
    );
    const isTarget = config?.view.target?.name === field.name;
    const why = isTarget ? ' — it is the target, which the client cannot send' : near ? ` (did you mean "${near}"?)` : '';
    findings.push(
      err(
        'request-fields',
        `Field "${field.name}" of ${request.className} is not a feature of ${referenceName}${why}: remove it or rename it to a feature (the endpoint passes fields to the model by name).`,
        request.file,
        { line: field.line, column: field.column },
      ),
    );
  }
  const categorical = new Set(config?.view.categorical.map((c) => c.name) ?? []);
  const missing = reference.filter((name, i) => !have.has(name) && reference.indexOf(name) === i);
  for (const name of missing) {
    const type = config ? (categorical.has(name) ? 'str' : 'float') : '<type>';
    findings.push(
      err(
        'request-fields',
        `${request.className} has no field "${name}", a feature of ${referenceName}: add \`${name}: ${type}\` to the class (the model needs every feature).`,
        request.file,
        request.classPos,
      ),
    );
  }
  return findings;
}
