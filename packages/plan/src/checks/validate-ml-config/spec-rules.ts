import type { Finding, Severity } from '../contract';
import type { TableSpec } from '../validate-schema/table-spec';
import { closest } from './load-config';
import type { MlArea, SpecColumnRule } from './rule-catalogue';
import { columnsOf, isTextLike, nameList, tableOf } from './table-spec-source';
import type { ConfigView } from './view';
import type { Pos, ValuePath } from './yaml-doc';

export interface SpecRuleInput<A extends MlArea> {
  view: ConfigView;
  spec: TableSpec;
  /** The spec path as given (for messages). */
  specFile: string;
  /** The config path as given (findings point into it). */
  file: string;
  locate(path: ValuePath, what?: 'key' | 'value'): Pos;
  /** Rule prefix: the calling check's. */
  area: A;
}

/**
 * The config names columns of a table the schema defines: data.table is a table of the spec, every
 * feature and the target are its columns, categorical features have a character/enum type.
 */
export function configAgainstSpec<A extends MlArea>({
  view,
  spec,
  specFile,
  file,
  locate,
  area,
}: SpecRuleInput<A>): Finding<`${A}/${SpecColumnRule}`>[] {
  const findings: Finding<`${A}/${SpecColumnRule}`>[] = [];
  const add = (rule: SpecColumnRule, severity: Severity, message: string, at: ValuePath) =>
    findings.push({ rule: `${area}/${rule}` as const, severity, message, file, ...locate(at) });
  if (!view.table) return findings;
  const table = tableOf(spec, view.table.name);
  if (!table) {
    const names = spec.tables.map((t) => t.name);
    const near = closest(view.table.name, names);
    add(
      'unknown-table',
      'error',
      `data.table "${view.table.name}" is not a table of ${specFile} (tables: ${nameList(names)})${near ? ` (did you mean "${near}"?)` : ''}: set it to the table the pipeline exports.`,
      view.table.path,
    );
    return findings;
  }
  const columns = columnsOf(spec, table);
  const known = [...columns.keys()];
  const unknown = (what: string, name: string) => {
    const near = closest(name, known);
    return `${what} "${name}" is not a column of table "${table.name}" in ${specFile}${near ? ` (did you mean "${near}"?)` : ''}: fix the name or add the column to the spec.`;
  };
  for (const f of view.features) if (!columns.has(f.name)) add('unknown-column', 'error', unknown('Feature', f.name), f.path);
  if (view.target && !columns.has(view.target.name)) add('unknown-column', 'error', unknown('Target', view.target.name), view.target.path);
  for (const c of view.categorical) {
    const column = columns.get(c.name);
    if (column && !isTextLike(column)) {
      add(
        'categorical-type',
        'warning',
        `Categorical feature "${c.name}" is column ${table.name}.${c.name} of type ${column.type} in ${specFile}, not a text, enum or boolean type: check that it really is categorical (else remove it from data.categorical) or change the column type.`,
        c.path,
      );
    }
  }
  return findings;
}
