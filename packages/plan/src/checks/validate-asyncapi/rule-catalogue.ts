import { documentSetRules } from '../api-documents/document-set';
import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  ...documentSetRules('asyncapi'),
  'asyncapi/version-unsupported': { severity: 'error', help: 'The document is not AsyncAPI of a published 2.x or 3.x version.' },
  'asyncapi/structure': { severity: 'error', help: 'The document does not follow the official AsyncAPI schema of its version.' },
  'asyncapi/operation-channel-invalid': {
    severity: 'error',
    help: "A 3.x operation's channel must be a $ref to a channel of this document.",
  },
  'asyncapi/operation-message-not-in-channel': { severity: 'error', help: "A 3.x operation's message must be a message of its channel." },
  'asyncapi/payload-schema-invalid': { severity: 'error', help: 'A message payload schema is invalid or cannot be compiled.' },
  'asyncapi/payload-not-checked': {
    severity: 'info',
    help: 'A payload in a format other than AsyncAPI/JSON Schema is not compiled, its examples not validated.',
  },
  'asyncapi/example-invalid': { severity: 'error', help: "A message example's payload does not match the payload schema." },
});

export type AsyncApiRule = RuleId<typeof rules>;
