/**
 * The data-pipeline domain every file of the skill is rendered from: the datasets (sources on
 * topics, each with its key, a reference to the next dataset for referential integrity, and the
 * columns the quality rules use) and the outputs the SQL models build. Names are validated by the
 * kind before they get here (snake_case), so they are safe as SQL, YAML and file names.
 */
export interface DatasetDomain {
  /** snake_case dataset name, e.g. events; the table and contract name. */
  name: string;
  /** Its key column, e.g. event_id. */
  key: string;
  /** The next dataset it references (referential integrity), e.g. events → sessions. */
  references?: { dataset: string; key: string };
  topic: string;
}

export interface DataPipelineDomain {
  /** kebab-case plan name. */
  name: string;
  /** snake_case of the name: the namespace, topic prefix and database name. */
  snake: string;
  /** One-line title (free text: only through YAML/JSON serialisers and esc helpers). */
  title: string;
  description: string;
  datasets: DatasetDomain[];
  /** The reference time of the samples and of freshness on them. */
  sampleTime: string;
}

export const ACCEPTED_CHANNELS = ['web', 'ios', 'android'] as const;
export const VALUE_RANGE = { min: 0, max: 10000 } as const;
export const SAMPLE_TIME = '2026-01-15T00:00:00Z';

export function keyOf(dataset: string, taken: Set<string>): string {
  const singular = dataset.length > 3 && dataset.endsWith('s') && !dataset.endsWith('ss') ? dataset.slice(0, -1) : dataset;
  let key = `${singular}_id`;
  if (taken.has(key) || key === 'user_id') key = `${dataset}_key`;
  taken.add(key);
  return key;
}

export function buildDomain(name: string, title: string, description: string, datasetNames: string[]): DataPipelineDomain {
  const snake = name.replace(/-/g, '_');
  const taken = new Set<string>();
  const keys = datasetNames.map((d) => keyOf(d, taken));
  const datasets = datasetNames.map((d, i) => ({
    name: d,
    key: keys[i],
    ...(i + 1 < datasetNames.length ? { references: { dataset: datasetNames[i + 1], key: keys[i + 1] } } : {}),
    topic: `${snake}.${d}`,
  }));
  return { name, snake, title, description, datasets, sampleTime: SAMPLE_TIME };
}

/** The first dataset drives the outputs (user activity and features). */
export function primary(domain: DataPipelineDomain): DatasetDomain {
  return domain.datasets[0];
}

export const OUTPUTS = ['user_activity', 'user_features'] as const;
