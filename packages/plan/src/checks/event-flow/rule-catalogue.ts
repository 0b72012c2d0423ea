import { defineRules, RuleId } from '../rule-catalogue';

/** Every rule event-flow reports. */
export const rules = defineRules({
  'flow/yaml-syntax': {
    severity: 'error',
    help: 'The AsyncAPI document and the catalog must be valid YAML/JSON: fix the syntax at the position given.',
  },
  'flow/duplicate-key': { severity: 'error', help: 'A mapping holds each key once: keep one.' },
  'flow/yaml-key': { severity: 'error', help: 'Mapping keys are plain scalars, not lists or mappings.' },
  'flow/yaml-aliases': { severity: 'error', help: 'Too many alias expansions (an alias bomb): write the values out.' },
  'flow/not-found': { severity: 'error', help: 'Every path given to the check is a readable file (relative to the plan folder).' },
  'flow/catalog': {
    severity: 'error',
    help: 'The service catalog maps service names to { port, publicPaths, calls } and names only known services.',
  },
  'flow/asyncapi-version': { severity: 'error', help: 'The events document is AsyncAPI 3 (operations with send/receive on channels).' },
  'flow/unknown-channel': { severity: 'error', help: 'An operation names a channel of the document (#/channels/<event>).' },
  'flow/operation-service': { severity: 'error', help: 'Every operation names its service in x-service, a service of the catalog.' },
  'flow/consumed-without-producer': {
    severity: 'error',
    help: 'Every consumed event has a producer: a send operation in the document, and no code subscribes to an event nobody produces.',
  },
  'flow/no-producer': { severity: 'error', help: 'Every event (channel) has a producer.' },
  'flow/several-producers': { severity: 'error', help: 'An event has one producer, the service that owns it.' },
  'flow/too-large': { severity: 'error', help: 'Source files are at most 4 MiB.' },
  'flow/dynamic': {
    severity: 'warning',
    help: 'Event names and call paths are written literally so they can be compared with the contracts.',
  },
  'flow/undeclared-event': { severity: 'error', help: 'Code publishes only events the AsyncAPI document defines.' },
  'flow/undeclared-publish': {
    severity: 'error',
    help: 'A service publishes an event only where the document has a send operation of that service.',
  },
  'flow/undeclared-subscribe': {
    severity: 'error',
    help: 'A service subscribes to an event only where the document has a receive operation of that service.',
  },
  'flow/producer-not-implemented': { severity: 'error', help: 'A service the document names as producer publishes the event in its code.' },
  'flow/unknown-service': { severity: 'error', help: 'Calls go to services of the catalog.' },
  'flow/undeclared-call': {
    severity: 'error',
    help: 'A service calls only the services the catalog lists in its calls (the network policy lets only those in).',
  },
  'flow/callee-contract': { severity: 'error', help: "The callee's OpenAPI contract (contracts/<service>/openapi.yaml) must load." },
  'flow/call-not-in-contract': { severity: 'error', help: "Every call in code is a method and path of the callee's OpenAPI contract." },
});

export type EventFlowRule = RuleId<typeof rules>;
