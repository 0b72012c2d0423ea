import { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { itemTargetName } from '../../model/items';
import { createNodesForPlanFiles } from '../../plugins/plugin';
import { microservicesGenerator } from './microservices';

/**
 * Which targets of a generated microservices plan a change re-runs, read from the targets the
 * plugin gives Nx (no nx run): a target re-runs when one of its file inputs matches the changed
 * file, or when it hashes its dependencies' results (`dependentTasksOutputFiles`) and one of them
 * re-ran. Items are their own targets (itemTargets: true), cached by their own inputs.
 */
type Targets = Record<string, TargetConfiguration>;

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

interface PlanDoc {
  phases: { tasks: { key: string; items: { id: string; checks?: unknown[] }[] }[] }[];
  integrationPoints: { id: string; items: { id: string; checks?: unknown[] }[] }[];
  successCriteria: { id: string; checks?: unknown[] }[];
}
let plan: PlanDoc;

async function shopflowTargets(): Promise<Targets> {
  const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as never);
  await microservicesGenerator(tree, { name: 'shopflow' });
  const root = mkdtempSync(path.join(tmpdir(), 'plan-micro-affected-'));
  roots.push(root);
  mkdirSync(path.join(root, 'shopflow'));
  writeFileSync(path.join(root, 'shopflow/plan.yaml'), tree.read('shopflow/plan.yaml', 'utf-8')!);
  plan = parse(tree.read('shopflow/plan.yaml', 'utf-8')!) as PlanDoc;
  const [[, result]] = createNodesForPlanFiles(['shopflow/plan.yaml'], {}, { workspaceRoot: root, nxJsonConfiguration: {} });
  return (Object.values(result.projects!)[0] as ProjectConfiguration).targets!;
}

/** Whether an Nx fileset input as the plugin writes it (`{projectRoot}/a/b`, `{projectRoot}/a/**\/*`) matches a plan path. */
function matches(input: string, planPath: string): boolean {
  const pattern = input.replace(/^\{projectRoot\}\//, '').replace(/\\(.)/g, '$1');
  if (pattern === '**/*') return true;
  if (pattern.endsWith('/**/*')) return planPath.startsWith(pattern.slice(0, -'**/*'.length));
  return planPath === pattern;
}

const fileInputs = (t: TargetConfiguration) => (t.inputs ?? []).filter((i): i is string => typeof i === 'string' && !i.startsWith('!'));
const hashesDependencies = (t: TargetConfiguration) =>
  (t.inputs ?? []).some((i) => typeof i === 'object' && 'dependentTasksOutputFiles' in i);
const dependencies = (t: TargetConfiguration) => (t.dependsOn ?? []).map((d) => (typeof d === 'string' ? d : d.target!));

/** The targets whose own files include the change, and every target that re-runs after them. */
function rerun(targets: Targets, changed: string): { direct: string[]; all: string[] } {
  const direct = Object.keys(targets).filter((k) => fileInputs(targets[k]).some((i) => matches(i, changed)));
  const all = new Set(direct);
  for (let grew = true; grew;) {
    grew = false;
    for (const [key, t] of Object.entries(targets))
      if (!all.has(key) && hashesDependencies(t) && dependencies(t).some((d) => all.has(d))) grew = all.add(key).size > 0;
  }
  return { direct: direct.sort(), all: [...all].sort() };
}

/** `verify` and everything it depends on, transitively: what `nx affected -t verify` can run. */
function underVerify(targets: Targets): Set<string> {
  const out = new Set<string>();
  const visit = (key: string) => {
    if (out.has(key)) return;
    out.add(key);
    dependencies(targets[key]).forEach(visit);
  };
  visit('verify');
  return out;
}

describe('plan:microservices in the task graph: what a change in services/payments/src re-runs', () => {
  let targets: Targets;
  beforeAll(async () => {
    targets = await shopflowTargets();
  });

  it("runs payments' item and the items whose checks read every service's code, nothing of orders or inventory alone", () => {
    const { direct } = rerun(targets, 'services/payments/src/events.ts');
    expect(direct).toEqual([
      'api-gateway-aggregation.G.4', // rate limiting: each service's rate-limit tests
      'ci-cd-deployment-pipeline.C.3', // testing frameworks: each service's unit suite
      'core-business-services.E.2', // Implement payments following API contract
      'core-business-services.E.6', // health checks and metrics: each service's tests
      'integration-2.1', // all core services communicate via defined contracts: event-flow (calls) over services/
      'inter-service-api-contracts.A.3', // event schemas: validate-asyncapi + event-flow (events) over services/
      'verify', // the gate lists every file of the plan (nx affected selects it)
    ]);
    expect(targets['core-business-services.E.2'].metadata!.description).toContain('Implement payments following API contract');
    // orders' and inventory's own items read nothing of payments.
    const orders = rerun(targets, 'services/orders/src/events.ts').direct;
    expect(orders).toContain('core-business-services.E.1');
    expect(orders).not.toContain('core-business-services.E.2');
    expect(direct).not.toContain('core-business-services.E.1');
    expect(direct).not.toContain('core-business-services.E.3');
  });

  it("after them re-run only gates: units that gather their items' recorded results, none of whose item checks run again", () => {
    const { direct, all } = rerun(targets, 'services/payments/src/events.ts');
    const reachable = underVerify(targets);
    const after = all.filter((k) => !direct.includes(k) && reachable.has(k));
    expect(after).toEqual([
      'api-gateway-aggregation',
      'ci-cd-deployment-pipeline',
      'core-business-services',
      'frontend-integration',
      'integration-1',
      'integration-2',
      'integration-3',
      'inter-service-api-contracts',
      'service-mesh-observability',
      'success',
      'supporting-services',
      'testing-validation-framework',
    ]);
    // Item targets never hash what ran before them, so no other item re-runs.
    expect(all.filter((k) => k.includes('.') && !direct.includes(k))).toEqual([]);
    // Untouched: the platform and shared-services streams.
    expect(all).not.toContain('platform-infrastructure');
    expect(all).not.toContain('shared-services-data');
    // Each re-run unit is a gate here: every item of it that has checks is its own target, cached.
    const units = [
      ...plan.phases.flatMap((p) => p.tasks),
      ...plan.integrationPoints.map((ip) => ({ key: `integration-${ip.id}`, items: ip.items })),
    ];
    for (const key of after.filter((k) => k !== 'success')) {
      const unit = units.find((u) => u.key === key)!;
      const checked = unit.items.filter((i) => (i.checks ?? []).length > 0).map((i) => itemTargetName(key, i.id));
      expect(checked.filter((k) => !(k in targets))).toEqual([]);
    }
    expect(plan.successCriteria.filter((i) => (i.checks ?? []).length > 0)).toEqual([]);
  });
});
