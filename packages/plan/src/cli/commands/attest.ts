import * as path from 'node:path';
import {
  ATTESTATIONS_FILE,
  attest,
  Attestation,
  AttestationsDocument,
  attestedBy,
  attestItem,
  readAttestations,
  writeAttestations,
} from '../../checks/attestations';
import { hasChecks } from '../../checks/evidence';
import { closest } from '../../checks/validate-ml-config/load-config';
import { planUnits } from '../../model/items';
import { Item, Plan, Task } from '../../model/plan-schema';
import { parse } from '../args';
import { CliIO, UsageError } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';

export const help = `Usage: plan attest <plan.yaml|folder|project> <task> [--item <id>]... --by <who> --note <text>
       plan attest <plan.yaml|folder|project> <item id> --by <who> --note <text>
       plan attest <plan.yaml|folder|project> <task|item id> [--item <id>]... --revoke

Records evidence for a task that no automatic check proves: who confirmed it,
what they confirmed, when, the git commit, and a content hash of the task's
files (and inputs). It is kept in attestations.json beside plan.yaml. The task
is then "attested" (done) in plan status, plan verify and its Nx target, until
one of its files changes: then it is unproven again and needs a new attestation.

An attestation only stands in for a missing check: a task whose plan entry
lists checks is proven (or failed) by them, and a failing check is never
overridden. Every file the task creates must exist before it can be attested.

Items: a stream, an integration point (integration-1) or the success criteria
(success) is proven by its checklist items. Attest an item by its id (A.3,
integration-1.2, success.4) or with --item; naming the stream alone attests each
of its items that has no check. An item's attestation covers its own files and
inputs, else its stream's, and its text: rewording the item or changing one of
those files makes it unproven again.
  --item <id>    attest (or revoke) this item of the task (repeatable)
  --by <who>     the person or agent vouching for the task (required)
  --note <text>  what was confirmed, and how (required)
  --revoke       withdraw the task's attestation (it becomes unproven)

<task> is the task's key or id. Exit codes: 0 recorded, 1 refused, 2 usage error.
`;

export async function attestCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    args,
    { by: { type: 'string' }, note: { type: 'string' }, revoke: { type: 'boolean' }, item: { type: 'string', multiple: true } },
    'attest',
  );
  if (values.help) return (io.out(help), 0);
  if (positionals.length !== 2)
    throw new UsageError(
      'plan attest needs a plan and a task: plan attest <plan> <task> --by <who> --note <text>.\nRun "plan attest --help" for usage.',
    );
  const file = resolvePlanPath(positionals[0], io, 'attest');
  const plan = loadOrReport(file, io);
  if (!plan) return 1;
  const planDir = path.dirname(file);
  const { task, items } = findTarget(plan, positionals[1], (values.item as string[] | undefined) ?? []);
  const shown = path.relative(io.cwd, path.join(planDir, ATTESTATIONS_FILE));
  const doc = readAttestations(planDir);
  if (items) return attestItems(task, items, doc, planDir, shown, values, io);
  const previous = doc.attestations[task.key];

  if (values.revoke) {
    if (values.by !== undefined || values.note !== undefined) throw new UsageError('--revoke takes no --by or --note.');
    if (!previous) {
      io.err(`plan: task "${task.key}" has no attestation in ${shown}; nothing to revoke.\n`);
      return 1;
    }
    delete doc.attestations[task.key];
    writeAttestations(planDir, doc);
    io.out(`revoked the attestation of ${task.key} ${attestedBy(previous)}; ${task.key} is unproven again (${shown})\n`);
    return 0;
  }

  const by = required(values.by, '--by <who>', 'the person or agent vouching for the task');
  const note = required(values.note, '--note <text>', 'what was confirmed, and how');
  if (hasChecks(task)) {
    io.err(
      `plan: task "${task.key}" has checks (${task.checks.map((c) => c.uses).join(', ')}); they prove it, and an attestation ` +
        `never stands in for a check.\n  Run "plan verify ${path.relative(io.cwd, file) || file} --task ${task.key}" to see what they report.\n`,
    );
    return 1;
  }
  const attestation = attest(task, planDir, by, note);
  const missing = task.files.filter((f) => f.action === 'create' && attestation.files[f.path] === 'missing').map((f) => f.path);
  if (missing.length) {
    io.err(`plan: task "${task.key}" lists files that do not exist: ${missing.join(', ')}.\n  Create them first, then attest.\n`);
    return 1;
  }
  doc.attestations[task.key] = attestation;
  writeAttestations(planDir, doc);
  const covered = Object.keys(attestation.files).length;
  io.out(
    `attested ${task.key} ${attestedBy(attestation)}: ${note}\n` +
      `  covers ${covered} file(s), content sha256 ${attestation.contentHash.slice(0, 12)}` +
      `${attestation.commit ? `, commit ${attestation.commit.slice(0, 12)}` : ''}; recorded in ${shown}` +
      `${previous ? ` (replaces the attestation ${attestedBy(previous)})` : ''}\n`,
  );
  if (covered === 0)
    io.err(
      `warning: task "${task.key}" lists no files, so no change can invalidate this attestation; ` +
        `list the files it produces under files: in plan.yaml to bind it to their content.\n`,
    );
  return 0;
}

function required(value: unknown, flag: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`plan attest needs ${flag}: ${what}.\nRun "plan attest --help" for usage.`);
  return value.trim();
}

/**
 * What to attest: a task without items (the task itself), items of a unit (named by --item, or
 * every item without checks when only the unit is named), or one item named by its id.
 */
function findTarget(plan: Plan, given: string, itemIds: string[]): { task: Task; items?: Item[] } {
  const units = planUnits(plan);
  const unit = units.find((u) => u.key === given) ?? units.find((u) => u.task.id === given);
  if (!unit) {
    const owner = units.find((u) => u.task.items.some((i) => i.id === given));
    if (owner && itemIds.length === 0) return { task: owner.task, items: owner.task.items.filter((i) => i.id === given) };
    const keys = units.map((u) => u.key);
    const near = closest(given, keys) ?? keys.find((k) => k.startsWith(given.toLowerCase()));
    throw new UsageError(
      `Plan "${plan.name}" has no task or item "${given}"${near ? ` (did you mean "${near}"?)` : ''}. Tasks: ${keys.join(', ')}.`,
    );
  }
  const task = unit.task;
  if (itemIds.length) {
    const items = itemIds.map((id) => {
      const item = task.items.find((i) => i.id === id);
      if (!item) throw new UsageError(`"${task.key}" has no item "${id}". Its items: ${task.items.map((i) => i.id).join(', ') || 'none'}.`);
      return item;
    });
    return { task, items };
  }
  return task.items.length ? { task, items: task.items } : { task };
}

/** Attests (or revokes) items; naming a whole unit skips its items that checks prove. */
function attestItems(
  task: Task,
  named: Item[],
  doc: AttestationsDocument,
  planDir: string,
  shown: string,
  values: Record<string, unknown>,
  io: CliIO,
): number {
  const whole = named === task.items;
  const records: Record<string, Attestation> = { ...(doc.items ?? {}) };
  if (values.revoke) {
    if (values.by !== undefined || values.note !== undefined) throw new UsageError('--revoke takes no --by or --note.');
    const present = named.filter((i) => records[i.id!]);
    if (!present.length) {
      io.err(
        `plan: ${whole ? `no item of "${task.key}"` : named.map((i) => i.id).join(', ')} has an attestation in ${shown}; nothing to revoke.\n`,
      );
      return 1;
    }
    for (const item of present) {
      io.out(`revoked the attestation of ${item.id} ${attestedBy(records[item.id!])}; ${item.id} is unproven again (${shown})\n`);
      delete records[item.id!];
    }
    writeAttestations(planDir, { ...doc, items: records });
    return 0;
  }
  const by = required(values.by, '--by <who>', 'the person or agent vouching for the item');
  const note = required(values.note, '--note <text>', 'what was confirmed, and how');
  const checked = named.filter((i) => i.checks.length > 0);
  const items = whole ? named.filter((i) => i.checks.length === 0) : named;
  if (!whole && checked.length) {
    io.err(
      `plan: item ${checked.map((i) => `${i.id} (${i.checks.map((c) => c.uses).join(', ')})`).join(', ')} has checks; they prove it, ` +
        `and an attestation never stands in for a check.\n`,
    );
    return 1;
  }
  if (!items.length) {
    io.err(`plan: every item of "${task.key}" has checks; they prove it, and an attestation never stands in for a check.\n`);
    return 1;
  }
  const missing = items.flatMap((i) => (i.files.length ? i.files : task.files).filter((f) => f.action === 'create').map((f) => f.path));
  const made = attestItemsNow(items, task, planDir, by, note);
  const absent = missing.filter((p) => made.some((m) => m.attestation.files[p] === 'missing'));
  if (absent.length) {
    io.err(`plan: the item(s) list files that do not exist: ${[...new Set(absent)].join(', ')}.\n  Create them first, then attest.\n`);
    return 1;
  }
  for (const { item, attestation } of made) {
    const previous = records[item.id!];
    records[item.id!] = attestation;
    const covered = Object.keys(attestation.files).length;
    io.out(
      `attested ${item.id} ${attestedBy(attestation)}: ${note}\n` +
        `  covers ${covered} file(s)${item.files.length || item.inputs?.length ? '' : ` of ${task.key}`} and the item's text, ` +
        `content sha256 ${attestation.contentHash.slice(0, 12)}${attestation.commit ? `, commit ${attestation.commit.slice(0, 12)}` : ''}` +
        `; recorded in ${shown}${previous ? ` (replaces the attestation ${attestedBy(previous)})` : ''}\n`,
    );
    if (covered === 0)
      io.err(
        `warning: item ${item.id} and its task "${task.key}" list no files, so only a change of its text invalidates this attestation; ` +
          `list the files it produces (files: of the item or the task in plan.yaml) to bind it to their content.\n`,
      );
  }
  if (whole && named.length > items.length)
    io.out(
      `  not attested (checks prove them): ${named
        .filter((i) => i.checks.length > 0)
        .map((i) => i.id)
        .join(', ')}\n`,
    );
  writeAttestations(planDir, { ...doc, items: records });
  return 0;
}

function attestItemsNow(items: Item[], task: Task, planDir: string, by: string, note: string) {
  const now = new Date();
  return items.map((item) => ({ item, attestation: attestItem(item, task, planDir, by, note, now) }));
}
