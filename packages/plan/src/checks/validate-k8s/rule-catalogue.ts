import { inputRules } from '../contract-files/read-input';
import { yamlRules } from '../contract-files/yaml-source';
import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  ...inputRules('k8s'),
  ...yamlRules('k8s', 'kubectl'),
  'k8s/not-an-object': { severity: 'error', help: 'A document is not a Kubernetes object (a mapping with apiVersion, kind and metadata).' },
  'k8s/missing-type': { severity: 'error', help: 'An object has no apiVersion or kind: kubectl cannot tell what it is.' },
  'k8s/unknown-kind': {
    severity: 'warning',
    help: 'No schema for this apiVersion and kind (a custom resource, or a misspelling): the object was not validated.',
  },
  'k8s/model-version': { severity: 'info', help: 'The object was judged by the model of a neighbouring API version with the same schema.' },
  'k8s/schema': { severity: 'error', help: "The object does not match its kind's schema (required field, type, format)." },
  'k8s/unknown-field': {
    severity: 'error',
    help: 'A field the kind does not have: kubectl --validate=strict rejects it and the API server drops it.',
  },
  'k8s/service-selector-unchecked': {
    severity: 'warning',
    help: "A Service's selector cannot be checked: no workload in the set; validate it with the manifests that create its pods.",
  },
  'k8s/service-selects-nothing': { severity: 'error', help: 'A Service selects pods that no workload of the set labels so.' },
  'k8s/selector-mismatch': { severity: 'error', help: "A workload's selector does not match its pod template labels." },
  'k8s/resources': { severity: 'warning', help: 'A container has no CPU or memory limit.' },
  'k8s/probes': { severity: 'warning', help: 'A container has no liveness or readiness probe.' },
  'k8s/security-context': { severity: 'warning', help: 'A container may run as root: set securityContext.runAsNonRoot: true.' },
});

export type K8sRule = RuleId<typeof rules>;
