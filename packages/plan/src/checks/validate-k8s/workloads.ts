import { Finding, Severity } from '../contract';
import { ValuePath } from '../contract-files/yaml-source';
import type { RuleSuffix } from '../rule-catalogue';
import type { K8sRule } from './rule-catalogue';

/**
 * Rules across and inside the objects of one set of manifests: Services select pods that some
 * workload of the set creates; a workload's selector matches its own template; containers have
 * resource limits, probes and a non-root security context (warnings: good practice, not API).
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ManifestObject {
  file: string;
  apiVersion: string;
  kind: string;
  value: Obj;
  /** Path of this object inside its document (non-empty for items of a List). */
  base: ValuePath;
  locate(path: ValuePath, what?: 'key' | 'value'): { line: number; column: number };
}

interface PodTemplate {
  owner: ManifestObject;
  namespace?: string;
  labels: Record<string, string>;
  spec?: Obj;
  /** Path of the pod spec inside the object. */
  specPath: ValuePath;
}

// A Map, not an object literal: a kind named `constructor` must not find Object's prototype.
const TEMPLATE_PATHS = new Map<string, string[]>([
  ['Deployment', ['spec', 'template']],
  ['ReplicaSet', ['spec', 'template']],
  ['StatefulSet', ['spec', 'template']],
  ['DaemonSet', ['spec', 'template']],
  ['Job', ['spec', 'template']],
  ['ReplicationController', ['spec', 'template']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
]);
// Run-to-completion pods need no liveness/readiness probes.
const BATCH = new Set(['Job', 'CronJob']);

function dig(value: unknown, path: string[]): unknown {
  let node = value;
  for (const part of path) node = isObj(node) ? node[part] : undefined;
  return node;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function templatesOf(object: ManifestObject): PodTemplate[] {
  const namespace =
    typeof dig(object.value, ['metadata', 'namespace']) === 'string' ? (dig(object.value, ['metadata', 'namespace']) as string) : undefined;
  if (object.kind === 'Pod' && object.apiVersion === 'v1') {
    const spec = object.value.spec;
    return [
      {
        owner: object,
        namespace,
        labels: stringMap(dig(object.value, ['metadata', 'labels'])),
        spec: isObj(spec) ? spec : undefined,
        specPath: ['spec'],
      },
    ];
  }
  const path = TEMPLATE_PATHS.get(object.kind);
  if (!path) return [];
  const template = dig(object.value, path);
  if (!isObj(template)) return [];
  const spec = template.spec;
  return [
    {
      owner: object,
      namespace,
      labels: stringMap(dig(template, ['metadata', 'labels'])),
      spec: isObj(spec) ? spec : undefined,
      specPath: [...path, 'spec'],
    },
  ];
}

export function setFindings(objects: ManifestObject[]): Finding<K8sRule>[] {
  const findings: Finding<K8sRule>[] = [];
  const add = (
    object: ManifestObject,
    rule: RuleSuffix<K8sRule, 'k8s/'>,
    severity: Severity,
    message: string,
    path: ValuePath,
    what: 'key' | 'value' = 'value',
  ) => {
    const pos = object.locate([...object.base, ...path], what);
    findings.push({ rule: `k8s/${rule}`, severity, message, file: object.file, ...pos });
  };
  const templates = objects.flatMap(templatesOf);

  for (const object of objects) {
    const name = String(dig(object.value, ['metadata', 'name']) ?? '(unnamed)');
    if (object.kind === 'Service' && object.apiVersion === 'v1') {
      const spec = isObj(object.value.spec) ? object.value.spec : {};
      const selector = stringMap(spec.selector);
      if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) continue;
      const namespace = dig(object.value, ['metadata', 'namespace']);
      const matches = templates.filter(
        (t) =>
          (namespace === undefined || t.namespace === undefined || t.namespace === namespace) &&
          Object.entries(selector).every(([k, v]) => t.labels[k] === v),
      );
      const wanted = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      if (templates.length === 0) {
        add(
          object,
          'service-selector-unchecked',
          'warning',
          `Service "${name}" selects pods with ${wanted}, but this set holds no workload to check that against: validate it together with the manifests that create its pods.`,
          ['spec', 'selector'],
        );
      } else if (matches.length === 0) {
        add(
          object,
          'service-selects-nothing',
          'error',
          `Service "${name}" selects pods with ${wanted}, but no workload in this set labels its pods so (${templates
            .map((t) => `${t.owner.kind}/${String(dig(t.owner.value, ['metadata', 'name']) ?? '?')}`)
            .join(', ')}): the Service would have no endpoints. Fix the selector or the pod template labels.`,
          ['spec', 'selector'],
        );
      }
    }
  }

  for (const t of templates) {
    const object = t.owner;
    const name = String(dig(object.value, ['metadata', 'name']) ?? '(unnamed)');
    const label = `${object.kind} "${name}"`;
    if (object.kind !== 'Pod' && object.kind !== 'CronJob' && object.kind !== 'Job') {
      const selectorPath = object.kind === 'ReplicationController' ? ['spec', 'selector'] : ['spec', 'selector', 'matchLabels'];
      const selector = stringMap(dig(object.value, selectorPath));
      const missing = Object.entries(selector).filter(([k, v]) => t.labels[k] !== v);
      if (missing.length > 0) {
        add(
          object,
          'selector-mismatch',
          'error',
          `${label}: selector ${missing.map(([k, v]) => `${k}=${v}`).join(', ')} does not match the pod template labels; the API server rejects it ("selector does not match template labels").`,
          selectorPath,
        );
      }
    }
    if (!t.spec) continue;
    const podContext = isObj(t.spec.securityContext) ? t.spec.securityContext : {};
    for (const list of ['containers', 'initContainers'] as const) {
      const containers = t.spec[list];
      if (!Array.isArray(containers)) continue;
      containers.forEach((container, i) => {
        if (!isObj(container)) return;
        const at: ValuePath = [...t.specPath, list, i];
        const cname = typeof container.name === 'string' ? container.name : `#${i}`;
        const who = `${label} container "${cname}"`;
        const limits = isObj(container.resources) && isObj(container.resources.limits) ? container.resources.limits : {};
        const lacking = ['cpu', 'memory'].filter((r) => limits[r] === undefined);
        if (lacking.length > 0)
          add(
            object,
            'resources',
            'warning',
            `${who} has no ${lacking.join(' or ')} limit: set resources.limits so one pod cannot starve the node.`,
            at,
          );
        if (list === 'containers' && !BATCH.has(object.kind)) {
          const probes = ['livenessProbe', 'readinessProbe'].filter((p) => container[p] === undefined);
          if (probes.length > 0)
            add(
              object,
              'probes',
              'warning',
              `${who} has no ${probes.join(' or ')}: Kubernetes cannot tell when it is stuck or not ready.`,
              at,
            );
        }
        const own = isObj(container.securityContext) ? container.securityContext : {};
        const runAsNonRoot = own.runAsNonRoot ?? podContext.runAsNonRoot;
        const runAsUser = own.runAsUser ?? podContext.runAsUser;
        const nonRoot = runAsNonRoot === true || (typeof runAsUser === 'number' && runAsUser > 0 && runAsNonRoot !== false);
        if (!nonRoot || runAsUser === 0)
          add(
            object,
            'security-context',
            'warning',
            `${who} may run as root: set securityContext.runAsNonRoot: true (and runAsUser > 0) on the container or the pod.`,
            at,
          );
      });
    }
  }
  return findings;
}
