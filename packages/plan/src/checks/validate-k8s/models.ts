import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * apiVersion + kind → the model class that judges it: kubernetes-models 4.5 (Kubernetes 1.30
 * API), @kubernetes-models/istio 2.3 and @kubernetes-models/gateway-api 0.5 (newer majors need
 * Node ≥ 22). Each package keeps one module per kind under `<group>/<version>/<Kind>.js` (core:
 * `v1/`); a module is loaded only when a document needs it.
 */
export interface ModelClass {
  apiVersion?: string;
  kind?: string;
  prototype: { validate(): void };
}

export interface ResolvedModel {
  cls: ModelClass;
  /** e.g. `kubernetes-models@4.5.1 apps/v1 Deployment`: which model judged the document. */
  label: string;
  /** Set when a version was mapped to another one the package has. */
  mappedFrom?: string;
}

interface Package {
  name: string;
  groups: (group: string) => boolean;
  root?: string;
  version?: string;
}

const PACKAGES: Package[] = [
  { name: '@kubernetes-models/istio', groups: (g) => g.endsWith('.istio.io') },
  { name: '@kubernetes-models/gateway-api', groups: (g) => g === 'gateway.networking.k8s.io' },
  { name: 'kubernetes-models', groups: () => true },
];

// Istio promoted its APIs to v1 with the v1beta1 schemas unchanged; istio 2.3 predates that.
const VERSION_MAP: Record<string, string> = {
  'networking.istio.io/v1': 'v1beta1',
  'security.istio.io/v1': 'v1beta1',
  'telemetry.istio.io/v1': 'v1alpha1',
};

const GROUP = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

function packageRoot(pkg: Package): string | undefined {
  if (pkg.root !== undefined) return pkg.root || undefined;
  pkg.root = '';
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', ...pkg.name.split('/'));
    if (existsSync(path.join(candidate, 'package.json'))) {
      pkg.root = candidate;
      pkg.version = (JSON.parse(readFileSync(path.join(candidate, 'package.json'), 'utf8')) as { version?: string }).version;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  return pkg.root || undefined;
}

const cache = new Map<string, ResolvedModel | undefined>();

export function resolveModel(apiVersion: string, kind: string): ResolvedModel | undefined {
  const key = `${apiVersion} ${kind}`;
  if (cache.has(key)) return cache.get(key);
  const found = lookup(apiVersion, kind);
  cache.set(key, found);
  return found;
}

function lookup(apiVersion: string, kind: string): ResolvedModel | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  let version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if ((group && !GROUP.test(group)) || !VERSION.test(version) || !KIND.test(kind)) return undefined;
  const mapped = Object.hasOwn(VERSION_MAP, apiVersion) ? VERSION_MAP[apiVersion] : undefined;
  if (mapped) version = mapped;
  for (const pkg of PACKAGES) {
    if (!pkg.groups(group)) continue;
    const root = packageRoot(pkg);
    if (!root) continue;
    const file = path.join(root, ...(group ? [group, version] : [version]), `${kind}.js`);
    if (!existsSync(file)) continue;
    let cls: ModelClass | undefined;
    try {
      cls = (require(file) as Record<string, ModelClass | undefined>)[kind];
    } catch {
      continue;
    }
    const effective = group ? `${group}/${version}` : version;
    // Sub-types (DeploymentSpec, ...) live beside the kinds but are not top-level objects.
    if (!cls || cls.kind !== kind || cls.apiVersion !== effective) continue;
    return { cls, label: `${pkg.name}@${pkg.version ?? '?'} ${effective} ${kind}`, mappedFrom: mapped ? apiVersion : undefined };
  }
  return undefined;
}
