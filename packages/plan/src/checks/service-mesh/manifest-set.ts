import { Finding } from '../contract';
import { readInput } from '../contract-files/read-input';
import { Pos, readYaml, ValuePath } from '../contract-files/yaml-source';

/**
 * The Kubernetes objects of a set of manifest files, each with its namespace and a locator for
 * findings. Validity per API schema is validate-k8s's job; this set is for rules across objects.
 */
export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface K8sObject {
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** metadata.namespace, else `default` (what kubectl applies it to without -n). */
  namespace: string;
  value: Obj;
  at(path: ValuePath, what?: 'key' | 'value'): Pos;
}

export function dig(value: unknown, path: (string | number)[]): unknown {
  let node = value;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (isObj(node) && typeof part === 'string' && Object.hasOwn(node, part)) node = node[part];
    else return undefined;
  }
  return node;
}

export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

export const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

export async function readManifestSet(paths: string[], cwd: string, rule: string): Promise<{ objects: K8sObject[]; findings: Finding[] }> {
  const objects: K8sObject[] = [];
  const findings: Finding[] = [];
  for (const given of paths) {
    const input = await readInput(given, cwd, rule);
    if ('finding' in input) {
      findings.push(input.finding);
      continue;
    }
    const source = readYaml(input.text, given, { rule, version: '1.1', reader: 'kubectl' });
    findings.push(...source.findings);
    for (const doc of source.documents) {
      const add = (value: unknown, base: ValuePath) => {
        if (!isObj(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return;
        const name = dig(value, ['metadata', 'name']);
        const namespace = dig(value, ['metadata', 'namespace']);
        objects.push({
          file: given,
          apiVersion: value.apiVersion,
          kind: value.kind,
          name: typeof name === 'string' ? name : '(unnamed)',
          namespace: typeof namespace === 'string' && namespace ? namespace : 'default',
          value,
          at: (path, what) => doc.locate([...base, ...path], what),
        });
      };
      const v = doc.value;
      if (isObj(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items))
        v.items.forEach((item, i) => add(item, ['items', i]));
      else add(v, []);
    }
  }
  return { objects, findings };
}
