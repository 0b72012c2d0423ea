import * as path from 'node:path';
import type { Finding, Severity } from '../contract';
import { valueAt } from './load-config';
import type { MlConfigRule } from './rule-catalogue';
import type { ConfigView, Named } from './view';
import type { Pos, ValuePath, YamlDoc } from './yaml-doc';

/** Split fractions may miss 1 by float noise only (0.7 + 0.15 + 0.15 = 0.9999999999999999). */
export const SPLIT_TOLERANCE = 1e-6;

export interface RuleInput {
  value: unknown;
  view: ConfigView;
  doc: YamlDoc;
  file: string;
  /** The plan's mojo task file: export.mojo_path must name it. */
  modelPath?: string;
}

/** Rules across fields that a shape cannot express; each finding points at the offending item. */
export function configRules({ value, view, doc, file, modelPath }: RuleInput): Finding<MlConfigRule>[] {
  const findings: Finding<MlConfigRule>[] = [];
  const add = (rule: MlConfigRule, severity: Severity, message: string, at: ValuePath, what: 'key' | 'value' = 'value') =>
    findings.push({ rule, severity, message, file, ...(doc.locate(at, what) as Pos) });

  // Duplicates: the second occurrence is the one to delete.
  const firstSeen = (items: Named[], rule: MlConfigRule, severity: Severity, list: string) => {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.name)) add(rule, severity, `"${item.name}" is listed twice in data.${list}: remove this occurrence.`, item.path);
      seen.add(item.name);
    }
    return seen;
  };
  const features = firstSeen(view.features, 'ml-config/duplicate-feature', 'error', 'features');
  firstSeen(view.categorical, 'ml-config/duplicate-name', 'warning', 'categorical');
  const ignored = firstSeen(view.ignored, 'ml-config/duplicate-name', 'warning', 'ignored');

  const target = view.target;
  if (target) {
    for (const f of view.features) {
      if (f.name === target.name)
        add(
          'ml-config/target-in-features',
          'error',
          `The target "${target.name}" is also a feature: a model cannot predict a column from itself. Remove it from data.features.`,
          f.path,
        );
    }
    for (const i of view.ignored) {
      if (i.name === target.name)
        add(
          'ml-config/target-ignored',
          'error',
          `The target "${target.name}" is listed in data.ignored: the model needs it to train. Remove it from data.ignored.`,
          i.path,
        );
    }
  }
  if (Array.isArray(valueAt(value, ['data', 'features']))) {
    for (const c of view.categorical) {
      if (!features.has(c.name)) {
        const why =
          target && c.name === target.name ? ' (it is the target, which the script makes a factor itself for classification)' : '';
        add(
          'ml-config/categorical-not-feature',
          'error',
          `Categorical column "${c.name}" is not in data.features${why}: add it to data.features or remove it from data.categorical.`,
          c.path,
        );
      }
    }
  }
  for (const f of view.features) {
    if (ignored.has(f.name))
      add(
        'ml-config/ignored-feature',
        'error',
        `"${f.name}" is both a feature and ignored: remove it from data.features or from data.ignored.`,
        f.path,
      );
  }

  const split = valueAt(value, ['data', 'split']);
  if (split && typeof split === 'object' && !Array.isArray(split)) {
    const parts = ['train', 'valid', 'test'].map((k) => (split as Record<string, unknown>)[k]);
    if (parts.every((p) => typeof p === 'number' && Number.isFinite(p))) {
      const sum = (parts as number[]).reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > SPLIT_TOLERANCE) {
        add(
          'ml-config/split-sum',
          'error',
          `data.split sums to ${round(sum)}, not 1 (train ${parts[0]} + valid ${parts[1]} + test ${parts[2]}): adjust the fractions so they add up to 1.`,
          ['data', 'split'],
          'key',
        );
      }
    }
  }

  const thresholds = valueAt(value, ['thresholds']);
  if (thresholds && typeof thresholds === 'object' && !Array.isArray(thresholds)) {
    for (const key of Object.keys(thresholds)) {
      if (!/^[A-Za-z][A-Za-z0-9_]*_(?:min|max)$/.test(key)) {
        add(
          'ml-config/threshold-name',
          'error',
          `Threshold "${key}" must be a metric name ending in _min or _max (e.g. auc_min: 0.7, rmse_max: 10): rename it.`,
          ['thresholds', key],
          'key',
        );
      }
    }
  }

  // training.automl next to another algorithm is allowed: the format keeps it for a later switch.

  const mojo = view.mojoPath;
  if (mojo) {
    if (!mojo.name.endsWith('.zip')) {
      add(
        'ml-config/mojo-path-extension',
        'error',
        `export.mojo_path "${mojo.name}" must end with .zip: download_mojo writes a zip there and the MOJO task checks a .zip file.`,
        mojo.path,
      );
    }
    if (modelPath !== undefined && normalise(mojo.name) !== normalise(modelPath)) {
      add(
        'ml-config/mojo-path-mismatch',
        'error',
        `export.mojo_path is "${mojo.name}", but the plan's mojo task creates ${modelPath}; set export.mojo_path to it.`,
        mojo.path,
      );
    }
  }
  return findings;
}

/** Plan-relative paths compare after `./` and `a/../` are folded and separators unified. */
export function normalise(p: string): string {
  return path.posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
}

function round(n: number): string {
  return String(Math.round(n * 1e9) / 1e9);
}
