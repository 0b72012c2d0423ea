import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'gateway/not-found': { severity: 'error', help: 'The gateway configuration file is missing or unreadable: check the path.' },
  'gateway/yaml-*': { severity: 'error', help: 'The file is not YAML Kong can read (syntax, collection keys, alias bombs).' },
  'gateway/duplicate-key': { severity: 'error', help: 'Kong refuses duplicate keys: keep one.' },
  'gateway/structure': {
    severity: 'error',
    help: 'The declarative configuration has a part of the wrong shape (services, routes, paths, methods).',
  },
  'gateway/format-version': {
    severity: 'error',
    help: 'Write `_format_version: "3.0"`: the check reads Kong 3.x declarative configuration.',
  },
  'gateway/service-target': { severity: 'error', help: 'Every Kong service needs a url or host; every top-level route a service.' },
  'gateway/expression-route': { severity: 'error', help: 'Routes of the expressions router are not read: write paths and methods.' },
  'gateway/route-path': { severity: 'error', help: 'A regex route path (~...) must be a regular expression the check can read.' },
  'gateway/route-not-in-contract': {
    severity: 'error',
    help: 'Every route path is a path of the OpenAPI contract (under its server base path).',
  },
  'gateway/method-not-in-contract': { severity: 'error', help: 'A route forwards only the methods the contract defines at its path.' },
  'gateway/methods-missing': { severity: 'error', help: 'List the methods of a route: without them Kong forwards every method.' },
  'gateway/strip-path': { severity: 'error', help: 'Set strip_path: false so the service receives the path the contract names.' },
  'gateway/operation-unrouted': { severity: 'error', help: 'Every operation of the contract is forwarded by some route.' },
  'gateway/contract-unreadable': { severity: 'error', help: 'The OpenAPI contract given as --contract could not be read.' },
});

export type GatewayRule = RuleId<typeof rules>;
