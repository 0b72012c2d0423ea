import { planUnits } from '../../model/items';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { approveCommands, formatCommands, planCommands } from '../../checks/approvals';
import { ATTESTATIONS_FILE, readAttestations, writeAttestations } from '../../checks/attestations';
import { parse } from '../args';
import { CliIO, UsageError } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';

export const help = `Usage: plan approve <plan.yaml|folder|project> [--task <key>]... [--by <who>]
       plan approve <plan.yaml|folder|project> --list
       plan approve <plan.yaml|folder|project> --revoke [--task <key>]...

Commands are opt-in. A command check that plan import took from a document
(marked "imported: true" in plan.yaml) does not run until a person approves it:
its task fails saying so. Read the commands first (--list, plan status or
plan validate show them), then approve them: the approval of each command and
the environment variable names it receives is kept, as a hash, in
attestations.json beside plan.yaml. Changing the command needs a new approval.
Commands that generators write or that you type in plan.yaml run as written.
  --list          print every command the plan runs and whether it may run
  --task <key>    only the commands of this task (repeatable)
  --by <who>      who approves (default: git config user.name, else $USER)
  --revoke        withdraw the approvals (of the given tasks)

Exit codes: 0 done, 1 nothing to approve or revoke, 2 usage error.
`;

export async function approveCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    args,
    { task: { type: 'string', multiple: true }, by: { type: 'string' }, list: { type: 'boolean' }, revoke: { type: 'boolean' } },
    'approve',
  );
  if (values.help) return (io.out(help), 0);
  if (positionals.length !== 1) throw new UsageError('plan approve needs one plan.\nRun "plan approve --help" for usage.');
  const file = resolvePlanPath(positionals[0], io, 'approve');
  const plan = loadOrReport(file, io);
  if (!plan) return 1;
  const planDir = path.dirname(file);
  const shownDir = path.relative(io.cwd, planDir) || '.';
  const doc = readAttestations(planDir);
  const tasks = (values.task as string[] | undefined) ?? [];
  const keys = new Set(planUnits(plan).map((u) => u.key));
  const unknown = tasks.filter((t) => !keys.has(t));
  if (unknown.length)
    throw new UsageError(`Plan "${plan.name}" has no task ${unknown.map((t) => `"${t}"`).join(', ')}. Tasks: ${[...keys].join(', ')}.`);
  const commands = planCommands(plan, planDir, doc).filter((c) => tasks.length === 0 || tasks.includes(c.task));

  if (values.list) {
    io.out(commands.length ? formatCommands(commands, shownDir).join('\n') + '\n' : `${plan.name} runs no command.\n`);
    return 0;
  }
  const shownFile = path.join(shownDir, ATTESTATIONS_FILE);
  if (values.revoke) {
    const approved = commands.filter((c) => c.imported && c.approved);
    if (approved.length === 0)
      return (io.err(`plan: no approved imported command to revoke${tasks.length ? ` in ${tasks.join(', ')}` : ''}.\n`), 1);
    for (const c of approved) delete doc.approvals![c.hash];
    writeAttestations(planDir, doc);
    io.out(
      approved.map((c) => `revoked: ${c.task}: ${c.command}\n`).join('') + `${approved.length} approval(s) withdrawn in ${shownFile}\n`,
    );
    return 0;
  }
  const by = typeof values.by === 'string' && values.by.trim() ? values.by.trim() : defaultApprover(planDir);
  if (!by) throw new UsageError('plan approve needs --by <who> (no git user.name or $USER to default to).');
  const approved = approveCommands(doc, commands, by);
  if (approved.length === 0) {
    const imported = commands.filter((c) => c.imported).length;
    io.err(`plan: nothing to approve: ${imported ? `the ${imported} imported command(s) are approved already` : 'no imported command'}.\n`);
    return 1;
  }
  writeAttestations(planDir, doc);
  io.out(
    approved.map((c) => `approved: ${c.task}: ${c.command}${c.env.length ? `  [env: ${c.env.join(', ')}]` : ''}\n`).join('') +
      `${approved.length} command(s) approved by ${by}, recorded in ${shownFile}; they run in ${shownDir} when their tasks are verified.\n`,
  );
  return 0;
}

function defaultApprover(dir: string): string | undefined {
  const git = spawnSync('git', ['config', 'user.name'], { cwd: dir, encoding: 'utf8' });
  const name = git.status === 0 ? git.stdout.trim() : '';
  return name || process.env.USER || undefined;
}
