import { valueAt } from './load-config';
import type { ValuePath } from './yaml-doc';

/**
 * A lenient view of a config value: every name a rule compares, with its path for positions.
 * Items of the wrong type are skipped (the shape check reports them), so rules still run on the
 * rest of a partly broken config.
 */
export interface Named {
  name: string;
  path: ValuePath;
}

export interface ConfigView {
  table?: Named;
  target?: Named;
  features: Named[];
  categorical: Named[];
  ignored: Named[];
  algorithm?: Named;
  mojoPath?: Named;
}

export function viewOf(value: unknown): ConfigView {
  const str = (path: ValuePath): Named | undefined => {
    const v = valueAt(value, path);
    return typeof v === 'string' ? { name: v, path } : undefined;
  };
  const list = (path: ValuePath): Named[] => {
    const v = valueAt(value, path);
    if (!Array.isArray(v)) return [];
    const out: Named[] = [];
    v.forEach((item, i) => {
      if (typeof item === 'string') out.push({ name: item, path: [...path, i] });
    });
    return out;
  };
  return {
    table: str(['data', 'table']),
    target: str(['data', 'target']),
    features: list(['data', 'features']),
    categorical: list(['data', 'categorical']),
    ignored: list(['data', 'ignored']),
    algorithm: str(['training', 'algorithm']),
    mojoPath: str(['export', 'mojo_path']),
  };
}
