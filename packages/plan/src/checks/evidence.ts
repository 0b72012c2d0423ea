import { Item, Task } from '../model/plan-schema';
import { Attestation, AttestationState, attestationState, attestedBy, itemAttestationState, readAttestations } from './attestations';
import type { ItemOutcome, TaskOutcome } from './verify-plan';

/**
 * The evidence model. A task is
 * - verified: the checks its plan lists ran and passed;
 * - attested: it has no check, and a person or an agent recorded evidence that still matches its files;
 * - unproven: it has no check and no standing attestation (nothing proves it);
 * - failed: a check failed (an attestation never overrides that);
 * - blocked: a task it depends on failed or is unproven, so it did not run.
 * Only verified and attested tasks are done. One kind of unproven unit does not hold up the units
 * after it: one that awaits attestation (see `awaitsAttestation`).
 */
export type TaskStatus = 'verified' | 'attested' | 'unproven' | 'failed' | 'blocked';

export const TASK_STATUSES: readonly TaskStatus[] = ['verified', 'attested', 'unproven', 'failed', 'blocked'];

export function isDone(status: string): boolean {
  return status === 'verified' || status === 'attested';
}

/**
 * An unproven unit whose checks all passed and whose only open items are ones the plan declares
 * `unprovable` (no machine proves them here; a person attests them). Waiting for that person must
 * not hide what the machine can prove after it: its Nx target succeeds with an "awaiting
 * attestation" report and the units after it run. It stays unproven everywhere else (plan status,
 * `--strict`, the plan's verify gate) until attested. A task or item that simply lacks a check
 * never qualifies: nothing declared it a person's job.
 */
export function awaitsAttestation(task: Task, outcome: { status: string; items?: { id: string; status: string }[] }): boolean {
  if (outcome.status !== 'unproven' || !outcome.items?.length) return false;
  const declared = new Set(task.items.filter((i) => i.unprovable).map((i) => i.id));
  const open = outcome.items.filter((i) => !isDone(i.status));
  return open.length > 0 && open.every((i) => i.status === 'unproven' && declared.has(i.id));
}

/** Whether the units after this one may run: it is done, or it only awaits attestation. */
export function letsDependantsRun(task: Task, outcome: { status: string; items?: { id: string; status: string }[] } | undefined): boolean {
  return outcome !== undefined && (isDone(outcome.status) || awaitsAttestation(task, outcome));
}

/** A task is proven by its own checks when the plan lists any; the implied files-exist alone proves nothing. */
export function hasChecks(task: Task): boolean {
  return task.checks.length > 0;
}

export type Evidence = { status: 'attested'; attestation: Attestation } | { status: 'unproven'; reason: string };

/** What stands for a task without checks (whose files, if any, exist): its attestation, or why it is unproven. */
export function evidenceOf(task: Task, planDir: string): Evidence {
  return evidenceFrom(() => attestationState(task, planDir, readAttestations(planDir)));
}

/**
 * What stands for an item without checks: its own attestation, or why it is unproven. An item
 * marked `unprovable` says why no machine proves it here.
 */
export function itemEvidenceOf(item: Item, task: Task, planDir: string): Evidence {
  const none = item.unprovable ? `no machine proves it here (${item.unprovable}) and nobody attested it` : undefined;
  return evidenceFrom(() => itemAttestationState(item, task, planDir, readAttestations(planDir)), none);
}

function evidenceFrom(read: () => AttestationState, noneReason = 'no check proves it and nobody attested it'): Evidence {
  let state;
  try {
    state = read();
  } catch (error) {
    return { status: 'unproven', reason: `no check, and ${(error as Error).message}` };
  }
  if (state.state === 'current') return { status: 'attested', attestation: state.attestation };
  if (state.state === 'none') return { status: 'unproven', reason: noneReason };
  const what = state.changed.length ? `changed since: ${state.changed.join(', ')}` : 'its content hash does not match its files';
  return { status: 'unproven', reason: `the attestation ${attestedBy(state.attestation)} no longer holds (${what})` };
}

/** The shell command that attests a task, or one of its items (`plan` = the plan.yaml path as the reader would type it). */
export function attestCommand(plan: string, key: string, itemId?: string): string {
  const what = itemId ? `${key} --item ${shellWord(itemId)}` : key;
  return `npx plan attest ${shellWord(plan)} ${what} --by "<who>" --note "<what was confirmed, and how>"`;
}

function shellWord(text: string): string {
  return /^[\w./@:-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** What to do about an unproven task: add a check (example YAML) or attest it (the exact command). */
export function unprovenHelp(plan: string, key: string): string[] {
  return [
    `  Prove it with a check: add to task "${key}" in ${plan}, for example`,
    `      checks:`,
    `        - uses: command`,
    `          with: { command: "<a command that exits 0 only when the task is done>" }`,
    `    (or another check: plan --help lists them)`,
    `  or record evidence for it:`,
    `      ${attestCommand(plan, key)}`,
  ];
}

/** What to do about an unproven item: a check on the item in plan.yaml, or the attest command. */
export function unprovenItemHelp(plan: string, key: string, itemId: string): string[] {
  return [
    `  Prove item ${itemId} with a check: add to it (under items: of "${key}" in ${plan}), for example`,
    `      checks:`,
    `        - uses: command`,
    `          with: { command: "<a command that exits 0 only when the item is done>" }`,
    `    (or another check: plan --help lists them)`,
    `  or record evidence for it:`,
    `      ${attestCommand(plan, key, itemId)}`,
  ];
}

export const STATUS_SYMBOL: Readonly<Record<TaskStatus, string>> = {
  verified: '✔',
  attested: '✎',
  unproven: '?',
  failed: '✖',
  blocked: '…',
};

/** One outcome in words, e.g. "attested by Ada on 2026-12-01: reviewed the contract". */
export function describeOutcome(outcome: Pick<TaskOutcome, 'status' | 'results' | 'blockedBy' | 'attestation' | 'reason'>): string {
  switch (outcome.status) {
    case 'verified':
      return `verified (${[...new Set(outcome.results.map((r) => r.check))].join(', ')})`;
    case 'attested':
      return outcome.attestation ? `attested ${attestedBy(outcome.attestation)}: ${outcome.attestation.note}` : 'attested';
    case 'unproven':
      return `unproven: ${outcome.reason ?? 'no check proves it'}`;
    case 'blocked':
      return `blocked by ${outcome.blockedBy.join(', ')}`;
    default: {
      const f = outcome.results.flatMap((r) => r.findings).find((x) => x.severity === 'error');
      const where = f ? `${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}` : '';
      return f ? `failed: ${where} ${f.message.split('\n')[0]}` : 'failed';
    }
  }
}

/**
 * How an Nx target or `plan verify` reports a task: the lines to print (the "how to prove it" help
 * for an unproven task, unless `withHelp` is false) and whether the task counts as a success (verified or attested only).
 */
export function outcomeReport(outcome: TaskOutcome, plan: string, withHelp = true): { ok: boolean; text: string } {
  const id = outcome.task.id === outcome.key ? '' : `${outcome.task.id} `;
  const head = `${STATUS_SYMBOL[outcome.status]} ${id}${outcome.key}: ${describeOutcome(outcome)}`;
  const items = outcome.items ?? [];
  const lines = [
    head,
    ...items.map((item) => `    ${STATUS_SYMBOL[item.status]} ${item.id} ${oneLine(item.text)}: ${describeOutcome(item)}`),
  ];
  const waiting = awaitsAttestation(outcome.task, outcome);
  if (waiting) {
    const open = items.filter((i) => !isDone(i.status));
    lines.push(
      `  awaiting attestation: ${open.map((i) => i.id).join(', ')} (not verified; what follows runs). Once confirmed, record it:`,
      ...open.map((i) => `      ${attestCommand(plan, outcome.key, i.id)}`),
    );
  } else if (outcome.status === 'unproven' && withHelp) {
    const open = items.find((i) => i.status === 'unproven');
    lines.push(...(open ? unprovenItemHelp(plan, outcome.key, open.id) : items.length ? [] : unprovenHelp(plan, outcome.key)));
  }
  return { ok: isDone(outcome.status) || waiting, text: lines.join('\n') + '\n' };
}

/** A stream's state from its own checks and its items: every item must be verified or attested. */
export function unitStatus(
  ownResults: { ok: boolean }[],
  items: Pick<ItemOutcome, 'id' | 'status' | 'reason' | 'attestation'>[],
  taskHasChecks: boolean,
): { status: TaskStatus; reason?: string; attestation?: Attestation } {
  if (!ownResults.every((r) => r.ok) || items.some((i) => i.status === 'failed')) return { status: 'failed' };
  const open = items.filter((i) => !isDone(i.status));
  if (open.length)
    return {
      status: 'unproven',
      reason: `${open.length} of ${items.length} item(s) not proven (${open[0].id}: ${open[0].reason ?? open[0].status}${open.length > 1 ? '; …' : ''})`,
    };
  if (taskHasChecks || items.some((i) => i.status === 'verified')) return { status: 'verified' };
  return { status: 'attested', ...(items[0]?.attestation ? { attestation: items[0].attestation } : {}) };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 72 ? `${flat.slice(0, 71)}…` : flat;
}
