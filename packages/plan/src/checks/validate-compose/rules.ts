import { Finding, Severity } from '../contract';
import type { RuleSuffix } from '../rule-catalogue';
import type { ComposeRule } from './rule-catalogue';
import { where } from '../contract-files/ajv-findings';
import { ValuePath, YamlDocument } from '../contract-files/yaml-source';
import { checkPort } from './ports';

/**
 * What the Compose schema cannot say: references between services, health checks that a
 * `service_healthy` dependency waits for, secrets written into `environment`, port syntax and
 * ranges, restart policies.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface RuleContext {
  doc: YamlDocument;
  file: string;
  /** Whether a service's Dockerfile declares a HEALTHCHECK (undefined: unknown). */
  imageHealthcheck(service: string, build: unknown): boolean | undefined;
}

// Names that hold credentials; `*_FILE` variables hold a path to a secret file instead.
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|_KEY$|^KEY$|CREDENTIALS?)/i;
const NOT_SECRET_NAME = /(_FILE|_PATH|_DIR|_URL_FILE|_ENV)$/i;
const INTERPOLATED = /\$\{?[A-Za-z_]/;
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const RESTART = /^(?:no|always|unless-stopped|on-failure(?::\d+)?)$/;

export function composeRules(root: unknown, ctx: RuleContext): Finding<ComposeRule>[] {
  const findings: Finding<ComposeRule>[] = [];
  const add = (
    rule: RuleSuffix<ComposeRule, 'compose/'>,
    severity: Severity,
    message: string,
    path: ValuePath,
    what: 'key' | 'value' = 'value',
  ) => {
    const pos = ctx.doc.locate(path, what);
    findings.push({ rule: `compose/${rule}`, severity, message, file: ctx.file, line: pos.line, column: pos.column });
  };
  if (!isObj(root) || !isObj(root.services)) return findings;
  const services = root.services;
  const names = new Set(Object.keys(services));

  for (const [name, service] of Object.entries(services)) {
    if (!isObj(service)) continue;
    const base: ValuePath = ['services', name];
    dependsOn(name, service, services, names, base, ctx, add);
    healthcheck(service.healthcheck, [...base, 'healthcheck'], add);
    environment(name, service.environment, [...base, 'environment'], add);
    ports(service, base, add);
    if (typeof service.restart === 'string' && !INTERPOLATED.test(service.restart) && !RESTART.test(service.restart)) {
      add(
        'restart',
        'error',
        `Service "${name}": restart "${service.restart}" is not a restart policy; use no, always, on-failure[:max-retries] or unless-stopped.`,
        [...base, 'restart'],
      );
    }
    if (Array.isArray(service.links)) {
      service.links.forEach((link, i) => {
        const target = typeof link === 'string' ? link.split(':')[0] : undefined;
        if (target && !INTERPOLATED.test(target) && !names.has(target))
          add('unknown-service', 'error', `Service "${name}" links to "${target}", which is not a service of this file.`, [
            ...base,
            'links',
            i,
          ]);
      });
    }
    serviceNetworks(name, service, root, base, add);
  }
  return findings;
}

type Add = (
  rule: RuleSuffix<ComposeRule, 'compose/'>,
  severity: Severity,
  message: string,
  path: ValuePath,
  what?: 'key' | 'value',
) => void;

function dependsOn(name: string, service: Obj, services: Obj, names: Set<string>, base: ValuePath, ctx: RuleContext, add: Add) {
  const deps = service.depends_on;
  const entries: { target: string; condition?: string; path: ValuePath }[] = [];
  if (Array.isArray(deps)) {
    deps.forEach((d, i) => typeof d === 'string' && entries.push({ target: d, path: [...base, 'depends_on', i] }));
  } else if (isObj(deps)) {
    for (const [target, spec] of Object.entries(deps)) {
      const condition = isObj(spec) && typeof spec.condition === 'string' ? spec.condition : undefined;
      entries.push({ target, condition, path: [...base, 'depends_on', target] });
    }
  }
  for (const { target, condition, path } of entries) {
    if (!names.has(target)) {
      const known = [...names].filter((n) => n !== name);
      add(
        'depends-on-unknown',
        'error',
        `Service "${name}" depends on "${target}", which is not a service of this file (services: ${known.join(', ') || 'none'}). Fix the name or add the service.`,
        path,
        isObj(deps) ? 'key' : 'value',
      );
      continue;
    }
    if (target === name) {
      add('depends-on-self', 'error', `Service "${name}" depends on itself: remove that entry.`, path, isObj(deps) ? 'key' : 'value');
      continue;
    }
    if (condition !== 'service_healthy') continue;
    const other = services[target];
    const check = isObj(other) ? other.healthcheck : undefined;
    if (isObj(check) && check.disable === true) {
      add(
        'healthcheck-missing',
        'error',
        `Service "${name}" waits for "${target}" to be healthy (condition: service_healthy), but "${target}" disables its healthcheck: enable it or use condition: service_started.`,
        [...path, 'condition'],
      );
    } else if (!isObj(check) || check.test === undefined) {
      const fromImage = isObj(other) ? ctx.imageHealthcheck(target, other.build) : undefined;
      if (fromImage) continue;
      add(
        'healthcheck-missing',
        'error',
        `Service "${name}" waits for "${target}" to be healthy (condition: service_healthy), but "${target}" defines no healthcheck${
          isObj(other) && other.build !== undefined ? ' and its Dockerfile declares no HEALTHCHECK' : ''
        }: Compose would wait forever. Add a healthcheck with a test to "${target}".`,
        [...path, 'condition'],
      );
    }
  }
}

function healthcheck(check: unknown, path: ValuePath, add: Add) {
  if (!isObj(check) || check.disable === true) return;
  const test = check.test;
  if (Array.isArray(test)) {
    const head = test[0];
    if (!['NONE', 'CMD', 'CMD-SHELL'].includes(String(head))) {
      add(
        'healthcheck',
        'error',
        `${where(path)}.test: a list must start with "CMD", "CMD-SHELL" or "NONE" (found ${JSON.stringify(head ?? null)}); e.g. ["CMD", "curl", "-f", "http://localhost/"].`,
        [...path, 'test', 0],
      );
    } else if (head !== 'NONE' && test.length < 2) {
      add('healthcheck', 'error', `${where(path)}.test: "${head}" needs a command after it.`, [...path, 'test']);
    }
  } else if (typeof test === 'string' && test.trim() === '') {
    add('healthcheck', 'error', `${where(path)}.test is empty: write the command that probes the service.`, [...path, 'test']);
  } else if (test === undefined && Object.keys(check).length > 0) {
    add(
      'healthcheck',
      'warning',
      `${where(path)} has no test: it only tunes the image's HEALTHCHECK. Add a test unless the image defines one.`,
      path,
    );
  }
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval']) {
    const value = check[key];
    if (typeof value === 'string' && !INTERPOLATED.test(value) && !DURATION.test(value)) {
      add('healthcheck', 'error', `${where(path)}.${key}: "${value}" is not a duration; write e.g. 30s, 1m30s or 500ms.`, [...path, key]);
    }
  }
  const retries = check.retries;
  if (typeof retries === 'number' && (!Number.isInteger(retries) || retries < 1)) {
    add('healthcheck', 'error', `${where(path)}.retries must be a whole number of at least 1 (found ${retries}).`, [...path, 'retries']);
  }
}

function environment(service: string, env: unknown, path: ValuePath, add: Add) {
  const entries: { name: string; value: unknown; at: ValuePath }[] = [];
  if (Array.isArray(env)) {
    env.forEach((item, i) => {
      if (typeof item !== 'string') return;
      const eq = item.indexOf('=');
      if (eq > 0) entries.push({ name: item.slice(0, eq), value: item.slice(eq + 1), at: [...path, i] });
    });
  } else if (isObj(env)) {
    for (const [name, value] of Object.entries(env)) entries.push({ name, value, at: [...path, name] });
  }
  for (const { name, value, at } of entries) {
    if (!SECRET_NAME.test(name) || NOT_SECRET_NAME.test(name)) continue;
    if (value === null || value === undefined || typeof value === 'boolean') continue;
    const text = String(value);
    if (text === '' || INTERPOLATED.test(text)) continue;
    add(
      'secret-in-environment',
      'error',
      `Service "${service}": ${name} holds a literal value in environment. Pass it as \${${name}} from the environment or an .env file kept out of the repository, or use Compose secrets (${name}_FILE: /run/secrets/...).`,
      at,
    );
  }
}

function ports(service: Obj, base: ValuePath, add: Add) {
  for (const key of ['ports', 'expose'] as const) {
    const list = service[key];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      const problem = checkPort(item, key);
      if (problem) add('port', 'error', `${where([...base, key, i])}: ${problem}`, [...base, key, i]);
    });
  }
}

function serviceNetworks(name: string, service: Obj, root: Obj, base: ValuePath, add: Add) {
  const declared = new Set(isObj(root.networks) ? Object.keys(root.networks) : []);
  declared.add('default');
  const used = Array.isArray(service.networks)
    ? service.networks.map((n, i) => ({ n: String(n), at: [...base, 'networks', i] as ValuePath, what: 'value' as const }))
    : isObj(service.networks)
      ? Object.keys(service.networks).map((n) => ({ n, at: [...base, 'networks', n] as ValuePath, what: 'key' as const }))
      : [];
  for (const { n, at, what } of used) {
    if (!declared.has(n) && !INTERPOLATED.test(n)) {
      add(
        'unknown-network',
        'error',
        `Service "${name}" joins network "${n}", which the top-level networks do not declare: add it there.`,
        at,
        what,
      );
    }
  }
  const volumes = new Set(isObj(root.volumes) ? Object.keys(root.volumes) : []);
  if (Array.isArray(service.volumes)) {
    service.volumes.forEach((v, i) => {
      let source: string | undefined;
      if (typeof v === 'string') {
        const parts = v.split(':');
        if (parts.length >= 2) source = parts[0];
      } else if (isObj(v) && v.type === 'volume' && typeof v.source === 'string') source = v.source;
      // A named volume is a bare name; `.`, `~`, `/` and `${...}` start bind mounts.
      if (!source || !/^[A-Za-z0-9][A-Za-z0-9_.-]+$/.test(source) || volumes.has(source)) return;
      add(
        'unknown-volume',
        'error',
        `Service "${name}" mounts the named volume "${source}", which the top-level volumes do not declare: add it there or write a path (./${source}) for a bind mount.`,
        [...base, 'volumes', i],
      );
    });
  }
}
