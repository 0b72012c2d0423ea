import type { ErrorObject } from 'ajv';
import { ModelClass } from './models';

/**
 * Runs a model's validator on a document and also finds the fields the schema does not know.
 * The models' validators (compiled ajv code) ignore unknown fields, but they read every property
 * their schema declares (`data.replicas`) and enumerate the keys of maps (labels): a Proxy
 * records those reads, so any key of an object that the validator read properties of, yet never
 * read, is unknown to the schema (kubectl's strict field validation rejects it). Objects whose
 * schema is free-form are never read into, and so are not judged.
 */
export interface TrackedResult {
  errors: ErrorObject[];
  /** Paths of fields the schema does not define. */
  unknown: (string | number)[][];
  /** The validator threw something that is not a validation error. */
  crash?: string;
}

interface Node {
  value: object;
  path: (string | number)[];
  read: Set<string>;
  enumerated: boolean;
}

export function validateTracked(cls: ModelClass, data: Record<string, unknown>): TrackedResult {
  const nodes: Node[] = [];
  const wrap = (value: object, path: (string | number)[]): object => {
    const node: Node = { value, path, read: new Set(), enumerated: false };
    nodes.push(node);
    const children = new Map<string, object>();
    return new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return v;
        node.read.add(key);
        if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(target, key)) return v;
        let proxy = children.get(key);
        if (!proxy) {
          proxy = wrap(v as object, [...path, Array.isArray(target) ? Number(key) : key]);
          children.set(key, proxy);
        }
        return proxy;
      },
      has(target, key) {
        if (typeof key === 'string') node.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        node.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  };
  // The validator reads the model's own symbols through `this`: give the data its prototype.
  const target = Object.assign(Object.create(cls.prototype) as object, data);
  const proxy = wrap(target, []) as { validate(): void };
  let errors: ErrorObject[] = [];
  let crash: string | undefined;
  try {
    cls.prototype.validate.call(proxy);
  } catch (error) {
    const list = (error as { errors?: unknown }).errors;
    if (Array.isArray(list)) errors = list as ErrorObject[];
    else crash = String((error as Error)?.message ?? error);
  }
  const unknown: (string | number)[][] = [];
  for (const node of nodes) {
    if (Array.isArray(node.value) || node.enumerated || node.read.size === 0) continue;
    for (const key of Object.keys(node.value)) if (!node.read.has(key)) unknown.push([...node.path, key]);
  }
  return { errors, unknown, crash };
}
