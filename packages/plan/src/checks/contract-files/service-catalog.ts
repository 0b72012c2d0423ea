import { Finding } from '../contract';
import { readInput } from './read-input';
import { Pos, readYaml, ValuePath } from './yaml-source';

/**
 * The service catalog of a microservices system (contracts/services.yaml): each service's
 * boundary, the port it listens on, its public paths and the services it calls. The mesh and
 * event-flow checks hold manifests and code to it; one reader, positions kept for findings.
 *
 *   system: shopflow
 *   services:
 *     orders: { port: 3001, publicPaths: [/orders], calls: [payments, inventory] }
 */
export interface CatalogService {
  name: string;
  port?: number;
  publicPaths: string[];
  calls: string[];
  /** Where the service's entry is (its key), and where a field of it is. */
  at: Pos;
  locate(field: ValuePath): Pos;
}

export interface ServiceCatalog {
  file: string;
  system?: string;
  services: CatalogService[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export async function readServiceCatalog(
  given: string,
  cwd: string,
  rule: string,
): Promise<{ catalog?: ServiceCatalog; findings: Finding[] }> {
  const input = await readInput(given, cwd, rule);
  if ('finding' in input) return { findings: [input.finding] };
  const source = readYaml(input.text, given, { rule, reader: 'the service catalog' });
  if (source.findings.length > 0) return { findings: source.findings };
  const doc = source.documents[0];
  const findings: Finding[] = [];
  const add = (path: ValuePath, message: string, what: 'key' | 'value' = 'value') =>
    findings.push({
      rule: `${rule}/catalog`,
      severity: 'error',
      message,
      file: given,
      ...(doc ? doc.locate(path, what) : { line: 1, column: 1 }),
    });
  if (!doc || !isObj(doc.value) || !isObj(doc.value.services)) {
    add([], 'The service catalog needs a `services:` mapping (service name → { port, publicPaths, calls }).');
    return { findings };
  }
  const services: CatalogService[] = [];
  for (const [name, entry] of Object.entries(doc.value.services)) {
    const base: ValuePath = ['services', name];
    if (!NAME.test(name))
      add(base, `Service name "${name}" is not kebab-case; Kubernetes and DNS names need lower-case letters, digits and dashes.`, 'key');
    const value = isObj(entry) ? entry : {};
    const port = value.port;
    if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535))
      add([...base, 'port'], `Port of "${name}" must be an integer from 1 to 65535.`);
    const list = (field: string): string[] => {
      const v = value[field];
      if (v === undefined) return [];
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
        add([...base, field], `\`${field}\` of "${name}" must be a list of strings.`);
        return [];
      }
      return v as string[];
    };
    services.push({
      name,
      port: typeof port === 'number' ? port : undefined,
      publicPaths: list('publicPaths'),
      calls: list('calls'),
      at: doc.locate(base, 'key'),
      locate: (field) => doc.locate([...base, ...field]),
    });
  }
  const known = new Set(services.map((s) => s.name));
  for (const s of services)
    s.calls.forEach((callee, i) => {
      if (!known.has(callee))
        add(['services', s.name, 'calls', i], `"${s.name}" calls "${callee}", which the catalog does not define: add it or fix the name.`);
    });
  const system = isObj(doc.value) && typeof doc.value.system === 'string' ? doc.value.system : undefined;
  return { catalog: { file: given, system, services }, findings };
}
