import { Finding } from '../contract';
import { ValuePath } from '../contract-files/yaml-source';
import { K8sObject } from './manifest-set';

/** Collects findings of one aspect; every finding points at the node it is about. */
export class MeshFindings {
  readonly list: Finding[] = [];
  add(
    object: K8sObject,
    rule: string,
    message: string,
    path: ValuePath,
    what: 'key' | 'value' = 'value',
    severity: Finding['severity'] = 'error',
  ) {
    this.list.push({ rule: `mesh/${rule}`, severity, message, file: object.file, ...object.at(path, what) });
  }
}

export const label = (o: K8sObject) => `${o.kind} "${o.name}"${o.namespace === 'default' ? '' : ` (namespace ${o.namespace})`}`;
