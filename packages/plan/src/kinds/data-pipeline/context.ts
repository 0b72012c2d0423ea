import { checkIdentifier, checkText, KEBAB_NAME, SNAKE_NAME } from '../../generators/utils/option-rules';
import { buildDomain, DataPipelineDomain } from '../../skills/data-pipeline/domain';
import { TemplateValues } from './template';

/** The generator's options: one per placeholder of Template 4, plus the datasets the contracts describe. */
export interface DataPipelineOptions {
  name: string;
  /** [Data Pipeline Name]. */
  pipelineName?: string;
  /** [Brief description of the data processing pipeline and its purpose]. */
  description?: string;
  /** Comma-separated dataset names (sources on topics), e.g. events,sessions. */
  datasets?: string | string[];
  schemaHours?: string;
  infraHours?: string;
  apiHours?: string;
}

export interface DataPipelineContext {
  domain: DataPipelineDomain;
  template: TemplateValues;
}

const RESERVED = new Set(['user_activity', 'user_features']);
const HOURS = /^\d{1,3}(-\d{1,3})?$/;

export function buildContext(options: DataPipelineOptions): DataPipelineContext {
  const name = checkIdentifier('name', options.name, KEBAB_NAME);
  const title = checkText('--pipelineName', options.pipelineName ?? titleOf(name), { multiline: false, required: true });
  const description = checkText('--description', options.description ?? `Contract-first data pipeline ${title}.`, { multiline: true });
  const list = Array.isArray(options.datasets) ? options.datasets : String(options.datasets ?? 'events,sessions').split(',');
  const datasets = list.map((d) => d.trim()).filter((d) => d !== '');
  if (datasets.length === 0 || datasets.length > 8)
    throw new Error('Invalid --datasets: give 1 to 8 comma-separated dataset names (e.g. events,sessions).');
  for (const d of datasets) {
    checkIdentifier('--datasets', d, SNAKE_NAME);
    if (RESERVED.has(d))
      throw new Error(`Invalid --datasets "${d}": user_activity and user_features are the pipeline's outputs; choose another name.`);
  }
  if (new Set(datasets).size !== datasets.length) throw new Error('Invalid --datasets: a dataset is named twice.');
  const hours = (option: string, value: string | undefined, fallback: string) => {
    const v = (value ?? fallback).trim();
    if (!HOURS.test(v)) throw new Error(`Invalid --${option} "${v}": use hours as a number or a range, e.g. 6 or 6-10.`);
    return v;
  };
  return {
    domain: buildDomain(name, title, description, datasets),
    template: {
      schemaHours: hours('schemaHours', options.schemaHours, '6-10'),
      infraHours: hours('infraHours', options.infraHours, '4-6'),
      apiHours: hours('apiHours', options.apiHours, '3-5'),
    },
  };
}

function titleOf(name: string): string {
  return name
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}
