import { Duck, ident, literal, scalar } from '../duckdb/duckdb';
import { QualityRule } from './rules-file';

/**
 * One SQL query per rule on the loaded tables. Record-level rules return the offending records'
 * lines (at most `limit`) and how many there are; table-level rules return the measured value.
 */
export interface RuleOutcome {
  ok: boolean;
  /** Offending records: their line in the dataset's file and the value found. */
  records: { line: number; value: unknown }[];
  failing: number;
  /** Measured value of a table-level rule (row count, newest timestamp). */
  measured?: unknown;
  detail: string;
}

export async function evaluateRule(duck: Duck, rule: QualityRule, now: Date, limit = 5): Promise<RuleOutcome> {
  const t = ident(rule.dataset);
  const c = rule.column ? ident(rule.column) : '';
  const offenders = async (where: string, from = t): Promise<RuleOutcome> => {
    const [count] = await duck.all(`SELECT count(*) AS n FROM ${from} WHERE ${where}`);
    const failing = Number(count.n);
    const rows = failing === 0 ? [] : await duck.all(`SELECT __line, ${c} AS v FROM ${from} WHERE ${where} ORDER BY __line LIMIT ${limit}`);
    return { ok: failing === 0, failing, records: rows.map((r) => ({ line: Number(r.__line), value: r.v })), detail: '' };
  };
  switch (rule.kind) {
    case 'not_null':
      return offenders(`${c} IS NULL`);
    case 'accepted_values':
      return offenders(`${c} IS NOT NULL AND CAST(${c} AS VARCHAR) NOT IN (${rule.values!.map((v) => literal(String(v))).join(', ')})`);
    case 'range': {
      const bounds: string[] = [];
      const cast = (v: number | string) => (typeof v === 'string' ? `TIMESTAMPTZ ${literal(v)}` : scalar(v));
      if (rule.min !== undefined) bounds.push(`${c} < ${cast(rule.min)}`);
      if (rule.max !== undefined) bounds.push(`${c} > ${cast(rule.max)}`);
      return offenders(`${c} IS NOT NULL AND (${bounds.join(' OR ')})`);
    }
    case 'unique': {
      // Every record after the first with the same key is an offender.
      const from = `(SELECT __line, ${c}, row_number() OVER (PARTITION BY ${c} ORDER BY __line) AS __n FROM ${t} WHERE ${c} IS NOT NULL)`;
      return offenders('__n > 1', from);
    }
    case 'relationship': {
      const target = ident(rule.to!.dataset);
      const key = ident(rule.to!.column);
      return offenders(`${c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${target} AS __r WHERE __r.${key} = ${t}.${c})`);
    }
    case 'row_count': {
      const [row] = await duck.all(`SELECT count(*) AS n FROM ${t}`);
      const n = Number(row.n);
      const ok = (rule.min === undefined || n >= Number(rule.min)) && (rule.max === undefined || n <= Number(rule.max));
      return { ok, failing: ok ? 0 : 1, records: [], measured: n, detail: `${n} rows` };
    }
    case 'freshness': {
      const [row] = await duck.all(`SELECT max(${c}) AS newest FROM ${t}`);
      const newest = row.newest === null || row.newest === undefined ? undefined : new Date(String(row.newest));
      const ageHours = newest && !Number.isNaN(newest.getTime()) ? (now.getTime() - newest.getTime()) / 3_600_000 : undefined;
      const ok = ageHours !== undefined && ageHours <= rule.maxAgeHours!;
      const detail =
        ageHours === undefined
          ? 'no timestamp at all'
          : `newest ${newest!.toISOString()} is ${ageHours.toFixed(1)} h old at ${now.toISOString()}`;
      return { ok, failing: ok ? 0 : 1, records: [], measured: newest?.toISOString(), detail };
    }
  }
}
