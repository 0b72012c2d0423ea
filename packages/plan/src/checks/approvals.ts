import { planUnits } from '../model/items';
import { CheckRef, Plan, Task } from '../model/plan-schema';
import { Approval, AttestationsDocument, readAttestations, sha256 } from './attestations';
import { CheckResult } from './contract';

/**
 * Commands are opt-in. A `command` check that `plan import` took from a document (marked
 * `imported: true` in plan.yaml) runs only after a person approved exactly that command (and the
 * environment variables it receives) with `plan approve`; the approval is kept in attestations.json
 * under `approvals`, keyed by a hash of both, so an edited command needs a new approval. Commands
 * that generators write or that the author types in plan.yaml run as written.
 */

export interface PlanCommand {
  taskId: string;
  task: string;
  command: string;
  env: string[];
  imported: boolean;
  /** Imported and approved, or not imported (the author's own). */
  approved: boolean;
  hash: string;
}

export function commandHash(command: string, env: readonly string[]): string {
  return sha256(JSON.stringify({ command, env: [...env].sort() }));
}

function envOf(options: Record<string, unknown> | undefined): string[] {
  const env = options?.env;
  return Array.isArray(env) ? env.map(String) : [];
}

export function isApproved(doc: AttestationsDocument, command: string, env: readonly string[]): boolean {
  const approval = doc.approvals?.[commandHash(command, env)];
  return approval !== undefined && approval.command === command;
}

/** Every command the plan's tasks would run, in plan order, with whether it may run. */
export function planCommands(plan: Plan, planDir: string, doc: AttestationsDocument = readAttestations(planDir)): PlanCommand[] {
  // A unit's own checks, then its items' (they run in the unit's target, and `--task <key>` approves them too).
  const checksOf = (task: Task): CheckRef[] => [...task.checks, ...task.items.flatMap((i) => i.checks)];
  return planUnits(plan).flatMap(({ task }) =>
    checksOf(task).flatMap((check) => {
      if (check.uses !== 'command' || typeof check.with?.command !== 'string') return [];
      const command = check.with.command;
      const env = envOf(check.with);
      const imported = check.imported === true;
      return [
        {
          taskId: task.id,
          task: task.key,
          command,
          env,
          imported,
          approved: !imported || isApproved(doc, command, env),
          hash: commandHash(command, env),
        },
      ];
    }),
  );
}

/** Approves the imported commands not yet approved (of `tasks` only, when given); returns them. */
export function approveCommands(doc: AttestationsDocument, commands: PlanCommand[], by: string, now = new Date()): PlanCommand[] {
  const pending = commands.filter((c) => c.imported && !c.approved);
  const approvals: Record<string, Approval> = { ...(doc.approvals ?? {}) };
  for (const c of pending) approvals[c.hash] = { command: c.command, env: c.env, by, at: now.toISOString() };
  doc.approvals = approvals;
  return pending;
}

/** The result of an imported command that was not approved: it did not run, and says how to approve it. */
export function notApprovedResult(task: Task, command: string, plan: string): CheckResult {
  return {
    check: 'command',
    ok: false,
    findings: [
      {
        rule: 'plan/command-not-approved',
        severity: 'error',
        message:
          `Not run: \`${command}\` came from an imported document and nobody approved it. ` +
          `Read it, then approve it with \`npx plan approve ${plan} --task ${task.key}\`.`,
        file: 'plan.yaml',
      },
    ],
  };
}

/** Text lines listing the commands (for plan status and plan validate); empty when there are none. */
export function formatCommands(commands: PlanCommand[], planFolder: string): string[] {
  if (commands.length === 0) return [];
  const lines = [`Commands this plan runs (shell, in ${planFolder}, confined environment):`];
  for (const c of commands) {
    const state = !c.imported ? 'author' : c.approved ? 'imported, approved' : 'imported, NOT approved: will not run';
    lines.push(`  ${c.task}: ${c.command}${c.env.length ? `  [env: ${c.env.join(', ')}]` : ''}  (${state})`);
  }
  return lines;
}
