import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { readInput, sortFindings } from '../contract-files/read-input';
import { Column, columnsOf, isObj } from '../data-pipeline/columns';
import { lineageJobs, RunEvent, runEvents } from '../data-pipeline/lineage';
import { PipelineSpec, readPipelineFile } from '../data-pipeline/pipeline-file';
import { readYaml } from '../contract-files/yaml-source';
import { OpenLineageRule, rules } from './rule-catalogue';
import { lineageValidators } from './schema';

/**
 * OpenLineage events are valid against the published schema (2-0-2, vendored) and its facets, every
 * run has a START and an end, and the lineage covers every dataset. Given a pipeline.yaml, the
 * check derives the events that pipeline emits (the same builder pipeline-run writes them with) and
 * places findings at the source or model they come from; given event files (.json, .ndjson: what a
 * run wrote), it judges those, with `datasets` naming what must be covered.
 */
export interface OpenLineageOptions {
  /** Dataset names the events must cover (event files; a pipeline file covers its own). */
  datasets?: string[];
}

type At = { file: string; line: number; column: number };
interface Located {
  event: RunEvent;
  at: At;
  label: string;
}

export const check: CheckDefinition<OpenLineageOptions, OpenLineageRule> = {
  name: 'openlineage',
  rules,
  summary:
    'OpenLineage events (derived from a pipeline.yaml, or event files) valid against the published schema and covering every dataset',
  pathsDescription: 'pipeline files (pipeline/pipeline.yaml) or OpenLineage event files (.json, .ndjson)',
  options: [{ name: 'datasets', type: 'string[]', description: 'Dataset names the events must cover (for event files)' }],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('openlineage needs a pipeline file or event files.');
    const findings: Finding<OpenLineageRule>[] = [];
    const summary: Record<string, unknown>[] = [];
    for (const given of paths) {
      const isEvents = /\.(ndjson|jsonl|json)$/i.test(given);
      const located = isEvents ? await eventsOfFile(given, context.cwd, findings) : await eventsOfPipeline(given, context.cwd, findings);
      if (!located) {
        summary.push({ file: given, error: 'unreadable' });
        continue;
      }
      judge(located.events, findings);
      const covered = coverage(located.events.map((l) => l.event));
      const expected = isEvents
        ? (options.datasets ?? []).map((d) => ({ name: d, at: { file: given, line: 1, column: 1 } }))
        : located.expected;
      for (const d of expected)
        if (!covered.outputs.has(d.name) && !covered.inputs.has(d.name))
          findings.push({
            rule: 'openlineage/coverage',
            severity: 'error',
            message: `Dataset ${d.name} appears in no lineage event: ${isEvents ? 'the run never read or wrote it' : 'its job emits no event'}.`,
            ...d.at,
          });
      summary.push({ file: given, events: located.events.length, datasets: [...new Set([...covered.inputs, ...covered.outputs])].sort() });
    }
    return resultOf('openlineage', sortFindings(findings) as Finding<OpenLineageRule>[], { files: summary });
  },
};

async function eventsOfPipeline(given: string, cwd: string, findings: Finding<OpenLineageRule>[]) {
  const read = await readPipelineFile(given, cwd);
  for (const f of read.findings)
    findings.push({
      ...f,
      rule: (f.rule.startsWith('pipeline/spec')
        ? 'openlineage/pipeline'
        : f.rule.replace(/^pipeline\//, 'openlineage/')) as OpenLineageRule,
    });
  if (!read.spec || read.findings.length > 0) return undefined;
  const spec: PipelineSpec = read.spec;
  const fields = new Map<string, Column[]>();
  const sql = new Map<string, string>();
  for (const s of spec.sources) {
    const text = await fs.readFile(path.resolve(cwd, s.schema), 'utf8').catch(() => undefined);
    try {
      if (text) fields.set(s.dataset, columnsOf(JSON.parse(text)));
    } catch {
      // An unreadable schema leaves the dataset without a schema facet (pipeline-run reports it).
    }
  }
  for (const m of spec.models) {
    sql.set(m.name, (await fs.readFile(path.resolve(cwd, m.sql), 'utf8').catch(() => undefined)) ?? '');
    if (m.contract) {
      const text = await fs.readFile(path.resolve(cwd, m.contract), 'utf8').catch(() => undefined);
      const doc = text ? readYaml(text, m.contract, { rule: 'openlineage', reader: 'an ODCS reader' }).documents[0] : undefined;
      const props =
        isObj(doc?.value) && Array.isArray(doc.value.schema) && isObj(doc.value.schema[0]) ? doc.value.schema[0].properties : undefined;
      if (Array.isArray(props))
        fields.set(
          m.name,
          props
            .filter(isObj)
            .map((p) => ({ name: String(p.name), duckType: String(p.logicalType ?? 'unknown'), required: p.required === true })),
        );
    }
  }
  const time = new Date(0);
  const jobs = lineageJobs(spec, (m) => sql.get(m) ?? '', fields);
  const events: Located[] = [];
  const nodeOf = (job: string) =>
    spec.sources.find((s) => `ingest_${s.dataset}` === job)?.at ?? spec.models.find((m) => m.name === job)?.at ?? [];
  for (const job of jobs) {
    const at = { file: given, ...spec.doc.locate(nodeOf(job.name)) };
    for (const event of runEvents(spec, job, 'COMPLETE', time, time, 'static')) events.push({ event, at, label: `job ${job.name}` });
  }
  const expected = [
    ...spec.sources.map((s) => ({ name: s.dataset, at: { file: given, ...spec.doc.locate([...s.at, 'dataset']) } })),
    ...spec.models.map((m) => ({ name: m.name, at: { file: given, ...spec.doc.locate([...m.at, 'name']) } })),
  ];
  // A model reading a table the pipeline does not define has an input no job produces.
  return { events, expected };
}

async function eventsOfFile(given: string, cwd: string, findings: Finding<OpenLineageRule>[]) {
  const input = await readInput(given, cwd, 'openlineage');
  if ('finding' in input) {
    findings.push(input.finding as Finding<OpenLineageRule>);
    return undefined;
  }
  const events: Located[] = [];
  const lines = /\.json$/i.test(given) ? [input.text] : input.text.split('\n');
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const at = { file: given, line: /\.json$/i.test(given) ? 1 : i + 1, column: 1 };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      findings.push({
        rule: 'openlineage/event-syntax',
        severity: 'error',
        message: `Not JSON: ${(error as Error).message.split('\n')[0]}.`,
        ...at,
      });
      return;
    }
    for (const event of Array.isArray(value) ? value : [value])
      events.push({ event: event as RunEvent, at, label: `event on line ${at.line}` });
  });
  return { events, expected: [] as { name: string; at: At }[] };
}

function judge(located: Located[], findings: Finding<OpenLineageRule>[]): void {
  const v = lineageValidators();
  const runs = new Map<string, { start: number; end: number; at: At; label: string }>();
  for (const { event, at, label } of located) {
    if (!v.event(event)) {
      // The event schema is a oneOf of run, dataset and job events: keep the concrete complaints, once each.
      const problems = [
        ...new Set(
          (v.event.errors ?? [])
            .filter((e) => !['oneOf', 'anyOf', 'allOf', 'if'].includes(e.keyword))
            .map((e) => `${e.instancePath || '(event)'} ${e.message ?? e.keyword}`),
        ),
      ];
      findings.push({
        rule: 'openlineage/schema',
        severity: 'error',
        message: `${label} does not meet the OpenLineage schema: ${problems.slice(0, 3).join('; ') || 'no event kind matches'}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.`,
        ...at,
      });
      continue;
    }
    const datasets = [...((event.inputs as unknown[]) ?? []), ...((event.outputs as unknown[]) ?? [])].filter(isObj);
    for (const d of datasets)
      if (isObj(d.facets) && !v.datasetFacets(d.facets))
        for (const e of (v.datasetFacets.errors ?? []).slice(0, 3))
          findings.push({
            rule: 'openlineage/facet',
            severity: 'error',
            message: `${label}: dataset ${String(d.name)} facets${e.instancePath} ${e.message}.`,
            ...at,
          });
    const job = isObj(event.job) ? event.job : {};
    if (isObj(job.facets))
      for (const validate of v.jobFacets)
        if (!validate(job.facets))
          for (const e of (validate.errors ?? []).slice(0, 3))
            findings.push({
              rule: 'openlineage/facet',
              severity: 'error',
              message: `${label}: job facets${e.instancePath} ${e.message}.`,
              ...at,
            });
    const runId = isObj(event.run) ? String(event.run.runId) : '';
    if (event.eventType === undefined) continue;
    const run = runs.get(runId) ?? { start: 0, end: 0, at, label };
    if (event.eventType === 'START') run.start++;
    if (['COMPLETE', 'ABORT', 'FAIL'].includes(String(event.eventType))) run.end++;
    runs.set(runId, run);
  }
  for (const [runId, run] of runs)
    if (run.start !== 1 || run.end !== 1)
      findings.push({
        rule: 'openlineage/run',
        severity: 'error',
        message: `${run.label}: run ${runId} has ${run.start} START and ${run.end} COMPLETE/ABORT/FAIL events; OpenLineage requires exactly one of each.`,
        ...run.at,
      });
}

function coverage(events: RunEvent[]): { inputs: Set<string>; outputs: Set<string> } {
  const names = (list: unknown) => (Array.isArray(list) ? list.filter(isObj).map((d) => String(d.name)) : []);
  return {
    inputs: new Set(events.flatMap((e) => names(e.inputs))),
    outputs: new Set(events.flatMap((e) => names(e.outputs))),
  };
}
