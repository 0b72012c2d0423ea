import * as path from 'node:path';
import { ATTESTATIONS_FILE, attest, attestedBy, readAttestations, writeAttestations } from '../../checks/attestations';
import { hasChecks } from '../../checks/evidence';
import { closest } from '../../checks/validate-ml-config/load-config';
import { allTasks, Plan, Task } from '../../model/plan-schema';
import { parse } from '../args';
import { CliIO, UsageError } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';

export const help = `Usage: plan attest <plan.yaml|folder|project> <task> --by <who> --note <text>
       plan attest <plan.yaml|folder|project> <task> --revoke

Records evidence for a task that no automatic check proves: who confirmed it,
what they confirmed, when, the git commit, and a content hash of the task's
files (and inputs). It is kept in attestations.json beside plan.yaml. The task
is then "attested" (done) in plan status, plan verify and its Nx target, until
one of its files changes: then it is unproven again and needs a new attestation.

An attestation only stands in for a missing check: a task whose plan entry
lists checks is proven (or failed) by them, and a failing check is never
overridden. Every file the task creates must exist before it can be attested.
  --by <who>     the person or agent vouching for the task (required)
  --note <text>  what was confirmed, and how (required)
  --revoke       withdraw the task's attestation (it becomes unproven)

<task> is the task's key or id. Exit codes: 0 recorded, 1 refused, 2 usage error.
`;

export async function attestCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { by: { type: 'string' }, note: { type: 'string' }, revoke: { type: 'boolean' } }, 'attest');
  if (values.help) return (io.out(help), 0);
  if (positionals.length !== 2)
    throw new UsageError(
      'plan attest needs a plan and a task: plan attest <plan> <task> --by <who> --note <text>.\nRun "plan attest --help" for usage.',
    );
  const file = resolvePlanPath(positionals[0], io, 'attest');
  const plan = loadOrReport(file, io);
  if (!plan) return 1;
  const planDir = path.dirname(file);
  const task = findTask(plan, positionals[1]);
  const shown = path.relative(io.cwd, path.join(planDir, ATTESTATIONS_FILE));
  const doc = readAttestations(planDir);
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

/** The task by key or id; an unknown name is a usage error that suggests the nearest key. */
function findTask(plan: Plan, given: string): Task {
  const tasks = allTasks(plan);
  const hit = tasks.find((t) => t.key === given) ?? tasks.find((t) => t.id === given);
  if (hit) return hit;
  const keys = tasks.map((t) => t.key);
  const near = closest(given, keys) ?? keys.find((k) => k.startsWith(given.toLowerCase()));
  throw new UsageError(`Plan "${plan.name}" has no task "${given}"${near ? ` (did you mean "${near}"?)` : ''}. Tasks: ${keys.join(', ')}.`);
}
