import { inputRules } from '../contract-files/read-input';
import { yamlRules } from '../contract-files/yaml-source';
import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  ...inputRules('compose'),
  ...yamlRules('compose', 'Docker Compose'),
  'compose/empty': { severity: 'error', help: 'The compose file is empty: define at least `services:` with one service.' },
  'compose/multiple-documents': { severity: 'error', help: 'Compose reads one YAML document per file: split documents (---) into files.' },
  'compose/schema': {
    severity: 'error',
    help: 'The file does not follow the Compose Specification schema (unknown key, wrong type or format).',
  },
  'compose/restart': { severity: 'error', help: 'restart is one of no, always, on-failure[:max-retries], unless-stopped.' },
  'compose/unknown-service': { severity: 'error', help: 'A link or reference names a service this file does not define.' },
  'compose/depends-on-unknown': { severity: 'error', help: 'depends_on names a service this file does not define.' },
  'compose/depends-on-self': { severity: 'error', help: 'A service depends on itself.' },
  'compose/healthcheck-missing': {
    severity: 'error',
    help: 'condition: service_healthy waits for a service that has no (or a disabled) healthcheck.',
  },
  'compose/healthcheck': { severity: 'error', help: 'A healthcheck is malformed: test command, durations (30s, 1m30s) or retries.' },
  'compose/secret-in-environment': {
    severity: 'error',
    help: 'A secret-looking variable holds a literal value: pass it from the environment or use Compose secrets.',
  },
  'compose/port': { severity: 'error', help: 'A ports entry is not a valid port mapping.' },
  'compose/unknown-network': { severity: 'error', help: 'A service joins a network the top-level networks do not declare.' },
  'compose/unknown-volume': { severity: 'error', help: 'A service mounts a named volume the top-level volumes do not declare.' },
});

export type ComposeRule = RuleId<typeof rules>;
