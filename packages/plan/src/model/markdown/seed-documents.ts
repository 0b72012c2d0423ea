import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { sharedDir } from '../../utils/shared-dir';
import { scanLines } from './blocks';
import { normaliseVariableName, variableNames } from './variables';

/**
 * The seed plans in `../shared/seeds` beside the repository root (when present, as on CI), split
 * into documents, and example values for their placeholders. Used by specs and the fuzz tool;
 * nothing here is needed at run time.
 */

export function sharedSeedsDir(): string | undefined {
  return sharedDir('seeds');
}

export interface SeedDocument {
  /** e.g. `000_f7dbefcc5c0f05b2.txt` or `001_93e3d1b854e9841b.txt#template-2`. */
  name: string;
  markdown: string;
}

/**
 * Seed 001 holds its templates as ```markdown blocks under "## Template N:" headings; each block
 * contains a ```bash block, so it ends at the last bare fence before the next template.
 */
export function splitTemplates(text: string): { title: string; markdown: string }[] {
  const lines = text.split(/\r?\n/);
  const starts = lines.flatMap((l, i) => (/^## Template \d+:/.test(l) ? [i] : []));
  return starts.map((start, n) => {
    const end = n + 1 < starts.length ? starts[n + 1] : lines.length;
    const chunk = lines.slice(start, end);
    const open = chunk.findIndex((l) => /^```markdown\s*$/.test(l));
    let close = -1;
    for (let i = chunk.length - 1; i > open; i--) {
      if (/^```\s*$/.test(chunk[i])) {
        close = i;
        break;
      }
    }
    return { title: chunk[0].replace(/^## /, ''), markdown: chunk.slice(open + 1, close < 0 ? undefined : close).join('\n') + '\n' };
  });
}

/** Every seed document: seed files that are plans as they are, and each template of a templates file. */
export function seedDocuments(dir = sharedSeedsDir()): SeedDocument[] {
  if (!dir) return [];
  const docs: SeedDocument[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const templates = splitTemplates(text);
    if (templates.length > 0) templates.forEach((t, i) => docs.push({ name: `${file}#template-${i + 1}`, markdown: t.markdown }));
    else docs.push({ name: file, markdown: text });
  }
  return docs;
}

/** Seed 000's variables filled as the ml-app example does. */
export const SEED_000_VALUES: Record<string, string> = {
  project_name: 'Churn Prediction',
  project_description: 'Predict which customers will cancel their subscription next month.',
  functional_requirements: 'Score every active customer daily; serve single predictions over HTTP',
  non_functional_requirements: 'p95 latency under 100 ms',
  constraints: 'Python 3.11; H2O MOJO for serving',
  schema_name: 'customers',
  pipeline_name: 'churn_features',
  model_name: 'churn_gbm',
  additional_notes: 'Retrain weekly.',
};

/** A value for every placeholder of a document: the seed 000 examples, else a readable stand-in. */
export function exampleValues(markdown: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of variableNames(scanLines(markdown))) {
    const known = SEED_000_VALUES[normaliseVariableName(name)];
    values[name] =
      known ??
      `Example ${name
        .replace(/[^A-Za-z0-9 ]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()}`;
  }
  return values;
}
