import { Finding } from '../contract';
import { readYaml, ValuePath, YamlDocument } from '../contract-files/yaml-source';

/**
 * Kong's declarative configuration (kong.yml, the format of DB-less mode and decK), read for its
 * routes: `services[].routes[]` and top-level `routes[]`, each with `paths`, `methods` and
 * `strip_path`, and the place of every part in the file. Kong 3.x syntax: a path starting with
 * `~` is a regular expression (anchored at the start by Kong), any other path is a prefix.
 */
export interface KongRoute {
  /** `name`, else "services[0].routes[1]". */
  label: string;
  /** Upper-case methods; undefined when the route lists none (Kong then forwards every method). */
  methods?: { method: string; at: ValuePath }[];
  /** undefined when the route lists no paths (it then matches every path). */
  paths?: { path: string; at: ValuePath }[];
  /** Kong's default is true: the matched part of the path is removed before proxying. */
  stripPath: boolean;
  at: ValuePath;
}

export interface KongConfig {
  doc: YamlDocument;
  formatVersion?: string;
  routes: KongRoute[];
  findings: Finding[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readKongConfig(text: string, file: string): KongConfig | { findings: Finding[] } {
  const source = readYaml(text, file, { rule: 'gateway', reader: 'Kong' });
  if (source.findings.length > 0) return { findings: source.findings };
  const doc = source.documents[0];
  const findings: Finding[] = [];
  const add = (rule: string, message: string, at: ValuePath, what: 'key' | 'value' = 'value', severity: Finding['severity'] = 'error') => {
    const pos = doc.locate(at, what);
    findings.push({ rule: `gateway/${rule}`, severity, message, file, line: pos.line, column: pos.column });
  };
  if (!doc || !isObj(doc.value)) {
    findings.push({
      rule: 'gateway/structure',
      severity: 'error',
      message: 'Not a Kong declarative configuration: expected a mapping with `_format_version: "3.0"` and `services:`.',
      file,
      line: doc?.start.line ?? 1,
      column: doc?.start.column ?? 1,
    });
    return { findings };
  }
  if (source.documents.length > 1) add('structure', 'Kong reads one YAML document per file; this file has several (---).', [], 'value');
  const root = doc.value;
  const formatVersion = typeof root._format_version === 'string' ? root._format_version : undefined;
  if (formatVersion === undefined) {
    add('format-version', 'Kong needs `_format_version` (write `_format_version: "3.0"` for Kong 3.x).', []);
  } else if (formatVersion !== '3.0') {
    add(
      'format-version',
      `_format_version "${formatVersion}": this check reads Kong 3.x configuration (regex paths start with ~); write "3.0" (\`deck file convert\` migrates older files).`,
      ['_format_version'],
    );
  }

  const routes: KongRoute[] = [];
  const list = (value: unknown, at: ValuePath, what: string): unknown[] => {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    add('structure', `${what} must be a list.`, at);
    return [];
  };
  list(root.services, ['services'], '`services`').forEach((service, s) => {
    const at: ValuePath = ['services', s];
    if (!isObj(service)) return add('structure', `services[${s}] must be a mapping with a name and a url.`, at);
    if (typeof service.url !== 'string' && typeof service.host !== 'string')
      add(
        'service-target',
        `Service ${label(service, `services[${s}]`)} has neither \`url\` nor \`host\`: Kong has nowhere to proxy to.`,
        at,
      );
    list(service.routes, [...at, 'routes'], `services[${s}].routes`).forEach((route, r) =>
      readRoute(route, [...at, 'routes', r], `services[${s}].routes[${r}]`),
    );
  });
  list(root.routes, ['routes'], '`routes`').forEach((route, r) => {
    if (isObj(route) && route.service === undefined)
      add('service-target', `Route ${label(route, `routes[${r}]`)} names no \`service\`: Kong would not proxy it anywhere.`, ['routes', r]);
    readRoute(route, ['routes', r], `routes[${r}]`);
  });
  return { doc, formatVersion, routes, findings };

  function readRoute(route: unknown, at: ValuePath, fallback: string) {
    if (!isObj(route)) return add('structure', `${fallback} must be a mapping.`, at);
    const name = label(route, fallback);
    if (typeof route.expression === 'string') {
      add(
        'expression-route',
        `Route ${name} uses the expressions router, which this check does not read; write it with paths and methods.`,
        [...at, 'expression'],
      );
      return;
    }
    const strings = (key: 'paths' | 'methods') => {
      const value = route[key];
      if (value === undefined || value === null) return undefined;
      if (!Array.isArray(value)) {
        add('structure', `Route ${name}: \`${key}\` must be a list.`, [...at, key]);
        return [];
      }
      return value.flatMap((item, i) => {
        if (typeof item === 'string') return [{ value: item, at: [...at, key, i] as ValuePath }];
        add('structure', `Route ${name}: ${key}[${i}] must be a string.`, [...at, key, i]);
        return [];
      });
    };
    const paths = strings('paths');
    const methods = strings('methods');
    routes.push({
      label: name,
      at,
      paths: paths?.map((p) => ({ path: p.value, at: p.at })),
      methods: methods?.map((m) => ({ method: m.value.toUpperCase(), at: m.at })),
      stripPath: route.strip_path !== false,
    });
  }
}

function label(entity: Obj, fallback: string): string {
  return typeof entity.name === 'string' ? `"${entity.name}"` : fallback;
}
