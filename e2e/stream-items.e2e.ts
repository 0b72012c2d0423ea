import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { splitTemplates } from '../packages/plan/src/model/markdown/seed-documents';
import { sharedDir } from '../packages/plan/src/utils/shared-dir';
import { parse } from 'yaml';
import { tasksOf } from './utils/nx-tasks';
import { Workspace } from './utils/workspace';

/**
 * Issue 10 (items as units of evidence) with the real nx CLI and the packed plugin, on each of the
 * six seed-001 templates filled with our own values and imported: every checklist item appears in
 * `plan status` with a state; before any work only the checks a kind put on items can verify
 * anything (no item without a check is ever verified), nothing is done and `--strict` exits 1;
 * `integration-N` and `success` targets exist and depend on the phases they follow.
 * One workspace for the suite; reads the seed from ../shared (as CI has it), skipped without it.
 */
const seeds = sharedDir('seeds');
const describeWithSeeds = seeds ? describe : describe.skip;

/** Our values for the templates' placeholders: a project name per template, the rest in words. */
const NAMES = ['Harbour Ledger', 'Tide Tables API', 'Ferry Pass', 'Catch Counts', 'Berth Forecast', 'Port Authority'];
const VALUES: Record<string, string> = {
  'Backend Framework': 'FastAPI',
  'Frontend Framework': 'React',
  'React Native/Flutter/Swift/Kotlin': 'Flutter',
  'Service A': 'Berth Service',
  'Service B': 'Billing Service',
  'Service C': 'Crew Service',
};

function fill(markdown: string, index: number): string {
  // Estimate ranges ("[4-8] hours") and checkboxes ("[ ]") are no placeholders.
  return markdown.replace(/\[(?!\d+-\d+\])(?![ xX]\])([^[\]\n]+)\]/g, (_, name: string) => {
    if (/name$/i.test(name)) return NAMES[index];
    return (
      VALUES[name] ?? (/^brief/i.test(name) ? `${NAMES[index]} keeps a small harbour's records in order.` : `${name} of ${NAMES[index]}`)
    );
  });
}

/** What the document says, read independently of the plugin: streams by phase, integration points, success criteria. */
interface Outline {
  phases: { id: string; streams: { letter: string; items: number }[] }[];
  integrations: { id: string; after: string | undefined; items: number }[];
  success: number;
}

function outline(markdown: string): Outline {
  const out: Outline = { phases: [], integrations: [], success: 0 };
  let section: 'stream' | 'integration' | 'success' | undefined;
  for (const line of markdown.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^## Phase (\d+):/.exec(line))) {
      out.phases.push({ id: m[1], streams: [] });
      section = undefined;
    } else if ((m = /^### Stream ([A-Z]+):/.exec(line))) {
      out.phases[out.phases.length - 1].streams.push({ letter: m[1], items: 0 });
      section = 'stream';
    } else if ((m = /^### Integration (\d+):.*\((?:After Phase (\d+)|Final)\)\s*$/.exec(line))) {
      out.integrations.push({ id: m[1], after: m[2], items: 0 });
      section = 'integration';
    } else if (/^## Success Criteria/.test(line)) section = 'success';
    else if (/^##/.test(line)) section = /^###/.test(line) ? section : undefined;
    else if (/^- \[[ xX]\] /.test(line)) {
      if (section === 'stream') out.phases[out.phases.length - 1].streams.at(-1)!.items++;
      else if (section === 'integration') out.integrations[out.integrations.length - 1].items++;
      else if (section === 'success') out.success++;
    }
  }
  return out;
}

/** A hand-written stream plan: a stream proven by attestation, one by an item check, an integration point and success criteria. */
const HARBOUR = `version: 1
name: harbour
kind: custom
title: Harbour
phases:
  - id: '1'
    title: Contract
    tasks:
      - id: A
        key: contract
        title: API Contract
        estimate: 240
        files: [{ path: openapi.yaml }]
        items:
          - { text: Write the OpenAPI specification, priority: critical }
  - id: '2'
    title: Build
    tasks:
      - id: B
        key: backend
        title: Backend
        dependsOn: [A]
        items:
          - text: Implement the endpoints
            files: [{ path: app.txt }]
            checks: [{ uses: command, with: { command: 'grep -q ok app.txt' } }]
integrationPoints:
  - id: '1'
    title: Contract Validation
    after: [Phase 1]
    items:
      - text: The contract parses
        checks: [{ uses: command, with: { command: 'grep -q openapi openapi.yaml' } }]
successCriteria:
  - text: Product signs off
`;

/** Ids of the items that carry checks in a plan.yaml (what the kind's overlay proves). */
function itemsWithChecks(planYaml: string): Set<string> {
  const plan = parse(planYaml) as PlanYaml;
  const items = [
    ...plan.phases.flatMap((p) => p.tasks.flatMap((t) => t.items ?? [])),
    ...(plan.integrationPoints ?? []).flatMap((p) => p.items ?? []),
    ...(plan.successCriteria ?? []),
  ];
  return new Set(items.filter((i) => (i.checks ?? []).length > 0).map((i) => i.id));
}

/** Stream letter → task key, from plan.yaml. */
function streamKeys(planYaml: string): Map<string, string> {
  const plan = parse(planYaml) as PlanYaml;
  return new Map(plan.phases.flatMap((p) => p.tasks.map((t) => [t.id, t.key] as [string, string])));
}

interface PlanYaml {
  phases: { tasks: { id: string; key: string; items?: { id: string; checks?: unknown[] }[] }[] }[];
  integrationPoints?: { items?: { id: string; checks?: unknown[] }[] }[];
  successCriteria?: { id: string; checks?: unknown[] }[];
}

interface StatusJson {
  rows: { id: string; key: string; kind: string; status: string; items: { id: string; status: string; priority?: string }[] }[];
  counts: Record<string, number>;
  itemCounts: Record<string, number>;
  done: number;
  total: number;
}

describeWithSeeds('seed-001 templates: items, integration points and success criteria (packed plugin, real nx)', () => {
  let ws: Workspace;
  const docs: { name: string; markdown: string; outline: Outline }[] = [];

  beforeAll(() => {
    const file = readdirSync(seeds!).find((f) => f.startsWith('001_'))!;
    const templates = splitTemplates(readFileSync(path.join(seeds!, file), 'utf8'));
    expect(templates).toHaveLength(6);
    ws = Workspace.create('stream-items');
    templates.forEach((t, i) => {
      const markdown = fill(t.markdown, i);
      const name = `t${i + 1}`;
      ws.write(`docs/${name}.md`, markdown);
      // As plain plans (--kind custom): what this suite proves is the items, the integration points and
      // the success criteria; each kind's overlay (checks on items, rendered files) has its own specs,
      // and running six kinds' generated projects would cost this suite many minutes.
      const imported = ws.plan('import', `docs/${name}.md`, '--directory', `plans/${name}`, '--name', name, '--kind', 'custom');
      if (imported.code !== 0) throw new Error(`plan import of template ${i + 1} failed:\n${imported.output}`);
      docs.push({ name, markdown, outline: outline(markdown) });
    });
    ws.write('harbour/plan.yaml', HARBOUR);
    ws.write('harbour/openapi.yaml', 'openapi: 3.0.3\n');
    ws.write('harbour/app.txt', 'ok\n');
    ws.commit('six filled templates and a hand-written stream plan');
  });

  it('every item of every stream, integration point and success criterion has a state; only checks verify; --strict exits 1', () => {
    for (const doc of docs) {
      const run = ws.plan('status', `plans/${doc.name}`, '--strict', '--json');
      expect([doc.name, run.code]).toEqual([doc.name, 1]);
      const status = JSON.parse(run.stdout) as StatusJson;
      const expected = [
        ...doc.outline.phases.flatMap((p) => p.streams.map((s) => ['task', s.letter, s.items])),
        ...doc.outline.integrations.map((p) => ['integration', `integration-${p.id}`, p.items]),
        ...(doc.outline.success ? [['success', 'success', doc.outline.success]] : []),
      ];
      expect([doc.name, status.rows.map((r) => [r.kind, r.id, r.items.length])]).toEqual([doc.name, expected]);
      const checked = itemsWithChecks(ws.read(`plans/${doc.name}/plan.yaml`));
      for (const row of status.rows) {
        const prefix = row.kind === 'task' ? row.id : row.key;
        expect(row.items.map((i) => i.id)).toEqual(row.items.map((_, n) => `${prefix}.${n + 1}`));
        for (const item of row.items) {
          // Nobody attested anything: an item the kind gave checks is verified, failed or blocked by
          // them; an item without checks is unproven (or blocked), never verified.
          const allowed = checked.has(item.id) ? /^(verified|failed|blocked)$/ : /^(unproven|blocked)$/;
          expect([doc.name, item.id, item.status]).toEqual([doc.name, item.id, expect.stringMatching(allowed)]);
        }
      }
      expect([doc.name, status.itemCounts.attested, status.done < status.total]).toEqual([doc.name, 0, true]);
      // Before any work nothing is verified.
      expect([doc.name, status.counts.verified, status.itemCounts.verified, status.done]).toEqual([doc.name, 0, 0, 0]);
      // Stream items keep their priorities from the document.
      expect(status.rows[0].items[0].priority).toBe('critical');
    }
  });

  it('the text status lists the items under their stream, and the remaining critical path names the streams without an estimate', () => {
    const run = ws.plan('status', 'plans/t1');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[?✖✔] A {4}api-contract-design {2}/m);
    expect(run.stdout).toMatch(
      /^ {4}[?✖✔] A\.1 +critical (verified|unproven|failed  ) Create OpenAPI 3\.0 specification with all endpoints/m,
    );
    expect(run.stdout).toMatch(/^… integration-1 +blocked by /m);
    expect(run.stdout).toMatch(/^ {4}… success\.5 +- +blocked +Integration points are clearly defined and tested$/m);
    expect(run.stdout).toMatch(/remaining critical path: .* \(\d+ min; no estimate for backend-implementation, .*counted as 0 min\)/);
    const graph = ws.plan('graph', 'plans/t1');
    expect(graph.stdout).toMatch(/no estimate: backend-implementation \(D\), .*counted as 0 min/);
  });

  it('integration-N targets depend on the streams of the phases they follow ("Final": every stream); success on everything; verify includes them', () => {
    for (const doc of docs) {
      const project = JSON.parse(ws.sh(path.join(ws.root, 'node_modules/.bin/nx'), ['show', 'project', doc.name, '--json']));
      const keys = streamKeys(ws.read(`plans/${doc.name}/plan.yaml`));
      const keyOf = (letter: string) => keys.get(letter)!;
      const streamsOf = (phase: string) => doc.outline.phases.find((p) => p.id === phase)!.streams.map((s) => keyOf(s.letter));
      const every = doc.outline.phases.flatMap((p) => p.streams.map((s) => keyOf(s.letter)));
      const integrations = doc.outline.integrations.map((p) => `integration-${p.id}`);
      for (const point of doc.outline.integrations) {
        const target = project.targets[`integration-${point.id}`];
        expect([doc.name, point.id, target.executor, target.dependsOn]).toEqual([
          doc.name,
          point.id,
          'plan:verify',
          point.after ? streamsOf(point.after) : every,
        ]);
      }
      expect([doc.name, project.targets.success.dependsOn]).toEqual([doc.name, [...every, ...integrations]]);
      expect(project.targets.verify.dependsOn).toEqual([...every, ...integrations, 'success']);
    }
  });

  it('nx runs an integration point only after its phase, success after everything; attested items make them pass', () => {
    const blocked = ws.nx('run', 'harbour:integration-1', '--outputStyle=static');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('? A contract: unproven: 1 of 1 item(s) not proven (A.1: no check proves it and nobody attested it)');
    expect(blocked.output).toContain('npx plan attest harbour/plan.yaml contract --item A.1');
    expect(blocked.output).not.toMatch(/integration-1: (verified|unproven)/);

    expect(ws.plan('attest', 'harbour', 'contract', '--by', 'Ada', '--note', 'spec reviewed').code).toBe(0);
    const integration = ws.nx('run', 'harbour:integration-1', '--outputStyle=static');
    expect([integration.code, integration.output]).toEqual([0, expect.stringContaining('✔ integration-1: verified (command)')]);
    expect(integration.output).toContain('✎ A contract: attested by Ada on');

    const success = ws.nx('run', 'harbour:success', '--outputStyle=static');
    expect(success.code).not.toBe(0);
    expect(success.output).toContain(
      '? success: unproven: 1 of 1 item(s) not proven (success.1: no check proves it and nobody attested it)',
    );
    expect(ws.plan('attest', 'harbour', 'success.1', '--by', 'Ada', '--note', 'signed off').code).toBe(0);
    const all = ws.nx('run', 'harbour:verify', '--outputStyle=static');
    expect(all.code).toBe(0);
    const status = ws.plan('status', 'harbour', '--strict', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).itemCounts).toEqual({ verified: 2, attested: 2, unproven: 0, failed: 0, blocked: 0, total: 4 });
  });

  it('an item check edited in plan.yaml re-runs its stream and what follows it; the other stream stays cached', () => {
    const again = ws.nx('run', 'harbour:verify', '--outputStyle=static');
    expect(tasksOf(again.output)).toEqual({
      executed: [],
      cached: ['harbour:backend', 'harbour:contract', 'harbour:integration-1', 'harbour:success'],
    });
    ws.write(
      'harbour/plan.yaml',
      ws.read('harbour/plan.yaml').replace("command: 'grep -q ok app.txt'", "command: 'grep -q missing app.txt'"),
    );
    const run = ws.nx('run', 'harbour:verify', '--outputStyle=static');
    expect(run.code).not.toBe(0);
    const { executed, cached } = tasksOf(run.output);
    expect(executed).toEqual(['harbour:backend']);
    expect(cached).toEqual(['harbour:contract', 'harbour:integration-1']);
    expect(run.output).toMatch(/✖ B\.1 Implement the endpoints: failed: /);
    // integration-1 follows phase 1 only: the edit in phase 2 leaves its cache entry standing.
    expect(tasksOf(ws.nx('run', 'harbour:integration-1', '--outputStyle=static').output).cached).toEqual([
      'harbour:contract',
      'harbour:integration-1',
    ]);
  });
});
