import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { ajvFindings, where } from '../contract-files/ajv-findings';
import { readInput, sortFindings } from '../contract-files/read-input';
import { readYaml, ValuePath, YamlDocument } from '../contract-files/yaml-source';
import { resolveModel } from './models';
import { validateTracked } from './tracked-validate';
import { ManifestObject, setFindings } from './workloads';
import type { RuleSuffix } from '../rule-catalogue';
import { K8sRule, rules } from './rule-catalogue';

/**
 * Kubernetes manifests (multi-document YAML, `List`s too) per the API schema of their kind and
 * apiVersion, Istio and Gateway API kinds included, with unknown fields as errors (kubectl's
 * strict validation); Services that select no pod of the set; container hygiene as warnings.
 */
export const check: CheckDefinition<Record<string, never>, K8sRule> = {
  name: 'validate-k8s',
  rules,
  summary:
    'Kubernetes manifests (Istio, Gateway API too): API schema per kind and apiVersion, unknown fields, Services selecting pods of the set, limits/probes/non-root',
  pathsDescription: 'Kubernetes manifest files (.yaml, several documents each); all paths form one set',
  options: [],
  async run(paths, _options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-k8s needs at least one manifest file.');
    const findings: Finding<K8sRule>[] = [];
    const objects: ManifestObject[] = [];
    const documents: Record<string, unknown>[] = [];
    for (const given of paths) {
      const input = await readInput(given, context.cwd, 'k8s');
      if ('finding' in input) {
        findings.push(input.finding);
        continue;
      }
      // sigs.k8s.io/yaml reads YAML 1.1 (yes/on are booleans there).
      const source = readYaml(input.text, given, { rule: 'k8s', version: '1.1', reader: 'kubectl' });
      findings.push(...source.findings);
      for (const doc of source.documents) {
        if (doc.value === null) continue;
        const list = doc.value as { kind?: unknown; items?: unknown };
        if (
          typeof list === 'object' &&
          !Array.isArray(list) &&
          typeof list.kind === 'string' &&
          list.kind.endsWith('List') &&
          Array.isArray(list.items)
        ) {
          list.items.forEach((item, i) => judge(given, doc, item, ['items', i], findings, objects, documents));
        } else judge(given, doc, doc.value, [], findings, objects, documents);
      }
    }
    findings.push(...setFindings(objects));
    return resultOf('validate-k8s', sortFindings(findings), { documents });
  },
};

function judge(
  file: string,
  doc: YamlDocument,
  value: unknown,
  base: ValuePath,
  findings: Finding<K8sRule>[],
  objects: ManifestObject[],
  documents: Record<string, unknown>[],
): void {
  const locate = (path: ValuePath, what?: 'key' | 'value') => doc.locate([...base, ...path], what);
  const scoped: YamlDocument = { ...doc, locate };
  const add = (
    rule: RuleSuffix<K8sRule, 'k8s/'>,
    severity: Finding['severity'],
    message: string,
    path: ValuePath,
    what?: 'key' | 'value',
  ) => findings.push({ rule: `k8s/${rule}`, severity, message, file, ...locate(path, what) });
  const label = `document ${doc.index + 1}${base.length ? ` ${where(base)}` : ''}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    add('not-an-object', 'error', `The ${label} is not a Kubernetes object (a mapping with apiVersion, kind and metadata).`, []);
    return;
  }
  const object = value as Record<string, unknown>;
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
    const missing = [typeof apiVersion !== 'string' || !apiVersion ? 'apiVersion' : '', typeof kind !== 'string' || !kind ? 'kind' : '']
      .filter(Boolean)
      .join(' and ');
    add('missing-type', 'error', `The ${label} has no ${missing} (strings): kubectl cannot tell what it is.`, []);
    documents.push({ file, document: doc.index + 1, error: `no ${missing}` });
    return;
  }
  const name = (object.metadata as { name?: unknown } | undefined)?.name;
  const meta: Record<string, unknown> = { file, document: doc.index + 1, apiVersion, kind, name: typeof name === 'string' ? name : null };
  if (base.length) meta.path = where(base);
  documents.push(meta);
  objects.push({ file, apiVersion, kind, value: object, base, locate: doc.locate });

  const model = resolveModel(apiVersion, kind);
  if (!model) {
    meta.model = null;
    add(
      'unknown-kind',
      'warning',
      `No schema for ${apiVersion} ${kind} (a custom resource, or a misspelt kind or apiVersion?): this object was not validated.`,
      ['kind'],
    );
    return;
  }
  meta.model = model.label;
  if (model.mappedFrom) {
    meta.mappedFrom = model.mappedFrom;
    add(
      'model-version',
      'info',
      `${model.mappedFrom} ${kind} judged by ${model.label} (same schema; the model package predates ${model.mappedFrom}).`,
      ['apiVersion'],
    );
  }
  // A mapped version is judged as the version the model has (the schemas are the same).
  const result = validateTracked(model.cls, model.mappedFrom ? { ...object, apiVersion: model.cls.apiVersion } : object);
  if (result.crash) {
    add('schema', 'error', `The ${model.label} validator failed on this object (${result.crash}); it could not be validated.`, []);
    return;
  }
  for (const f of ajvFindings(result.errors, scoped, file, 'k8s/schema')) findings.push({ ...f, message: `${f.message} (${model.label})` });
  for (const path of result.unknown.slice(0, 50)) {
    add(
      'unknown-field',
      'error',
      `${where(path)}: unknown field "${String(path[path.length - 1])}" in ${apiVersion} ${kind} (${model.label}); kubectl --validate=strict rejects it and the API server drops it. Check its spelling and indentation.`,
      path,
      'key',
    );
  }
}
