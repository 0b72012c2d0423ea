import { Finding } from '../contract';
import { YamlDocument } from '../contract-files/yaml-source';

/**
 * `needs` between jobs, read from the YAML itself: GitHub's parser stops at the first graph
 * problem (a cycle hides a missing job), so every missing job and each cycle is named here.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function needsFindings(doc: YamlDocument, file: string, reported: string[]): Finding<'workflow/needs'>[] {
  const root = doc.value;
  if (!isObj(root) || !isObj(root.jobs)) return [];
  const jobs = root.jobs;
  const ids = Object.keys(jobs);
  const edges = new Map<string, string[]>();
  const findings: Finding<'workflow/needs'>[] = [];
  for (const id of ids) {
    const job = jobs[id];
    const needs = isObj(job) ? job.needs : undefined;
    const list = typeof needs === 'string' ? [needs] : Array.isArray(needs) ? needs : [];
    const targets: string[] = [];
    list.forEach((target, i) => {
      if (typeof target !== 'string') return;
      targets.push(target);
      if (ids.includes(target)) return;
      if (reported.some((m) => m.includes(`Job '${id}' depends on unknown job '${target}'`))) return;
      const pos = doc.locate(typeof needs === 'string' ? ['jobs', id, 'needs'] : ['jobs', id, 'needs', i]);
      findings.push({
        rule: 'workflow/needs',
        severity: 'error',
        message: `Job '${id}' depends on unknown job '${target}' (jobs: ${ids.join(', ')}): fix the name or add the job.`,
        file,
        ...pos,
      });
    });
    edges.set(
      id,
      targets.filter((t) => ids.includes(t)),
    );
  }
  const cycle = findCycle(ids, edges);
  if (cycle && !reported.some((m) => /cycle/i.test(m))) {
    const pos = doc.locate(['jobs', cycle[0], 'needs']);
    findings.push({
      rule: 'workflow/needs',
      severity: 'error',
      message: `Jobs depend on each other in a cycle: ${cycle.join(' → ')}. Remove one of these needs.`,
      file,
      ...pos,
    });
  }
  return findings;
}

function findCycle(ids: string[], edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 1);
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 1) return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const id of ids) {
    if (state.has(id)) continue;
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}
