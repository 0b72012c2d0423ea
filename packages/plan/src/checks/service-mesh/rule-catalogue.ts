import { defineRules, RuleId } from '../rule-catalogue';

/** Every rule service-mesh reports. */
export const rules = defineRules({
  'mesh/yaml-syntax': { severity: 'error', help: 'A manifest must be valid YAML/JSON: fix the syntax at the position given.' },
  'mesh/duplicate-key': { severity: 'error', help: 'A mapping holds each key once: keep one.' },
  'mesh/yaml-key': { severity: 'error', help: 'Mapping keys are plain scalars, not lists or mappings.' },
  'mesh/yaml-aliases': { severity: 'error', help: 'Too many alias expansions (an alias bomb): write the values out.' },
  'mesh/not-found': { severity: 'error', help: 'Every path given to the check is a readable file (relative to the plan folder).' },
  'mesh/catalog': {
    severity: 'error',
    help: 'The service catalog (contracts/services.yaml) maps service names to { port, publicPaths, calls } and names only known services.',
  },
  'mesh/service-without-selector': {
    severity: 'error',
    help: 'A Service selects the pods of its Deployment; without a selector it gets no endpoints.',
  },
  'mesh/service-selects-nothing': {
    severity: 'error',
    help: 'A Service selector matches the pod labels of a Deployment in its namespace (a typo leaves it without endpoints).',
  },
  'mesh/service-selects-other': {
    severity: 'error',
    help: 'A Service selects the pods of its own Deployment (the one with its name), not another workload.',
  },
  'mesh/target-port': { severity: 'error', help: 'A Service targetPort is a containerPort (or port name) of the pods it selects.' },
  'mesh/catalog-service-undeployed': {
    severity: 'error',
    help: 'Every service of the catalog has a Deployment and a Service of its name.',
  },
  'mesh/config-port': {
    severity: 'error',
    help: 'Containers listen on the port the service catalog gives the service (containerPort and PORT).',
  },
  'mesh/route-parent-missing': { severity: 'error', help: 'An HTTPRoute attaches to a Gateway the manifests define.' },
  'mesh/route-backend-missing': { severity: 'error', help: 'Every HTTPRoute backendRef names a Service the manifests define.' },
  'mesh/route-backend-port': { severity: 'error', help: 'An HTTPRoute backendRef port is a port of its Service.' },
  'mesh/virtual-service-host': { severity: 'error', help: 'VirtualService destinations are Services of the manifests.' },
  'mesh/destination-rule-host': { severity: 'error', help: 'A DestinationRule host is a Service of the manifests.' },
  'mesh/destination-rule-missing': { severity: 'error', help: 'Every Service has a DestinationRule with outlier detection.' },
  'mesh/outlier-detection': {
    severity: 'error',
    help: 'A DestinationRule sets trafficPolicy.outlierDetection so failing pods leave the pool.',
  },
  'mesh/mtls-not-strict': { severity: 'error', help: 'Every PeerAuthentication (and port-level setting) is mTLS STRICT.' },
  'mesh/mtls-client-disabled': {
    severity: 'error',
    help: 'No DestinationRule turns client TLS off (DISABLE/SIMPLE) inside a STRICT mesh: use ISTIO_MUTUAL.',
  },
  'mesh/mtls-missing': {
    severity: 'error',
    help: "Every workload is covered by a PeerAuthentication (its own, its namespace's or the mesh-wide one).",
  },
});

export type ServiceMeshRule = RuleId<typeof rules>;
