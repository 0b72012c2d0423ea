import * as path from 'node:path';
import { formatCommands, planCommands } from '../../checks/approvals';
import { allTasks } from '../../model/plan-schema';
import { parse } from '../args';
import { CliIO } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';

export const help = `Usage: plan validate <plan.yaml|folder>

Checks a plan against the model (fields, types, paths), its task graph
(unknown dependencies, duplicate ids or keys, self-dependencies, cycles) and
its checks (known check names; each check's options and their types), within
the limits of a plan file (1 MiB, UTF-8, no alias bombs or runaway nesting).
Every error names file:line:col and the offending key. A valid plan's shell
commands are listed, with whether they may run (see plan approve).

Exit codes: 0 valid, 1 errors found, 2 usage error.
`;

export async function validateCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, {}, 'validate');
  if (values.help) return (io.out(help), 0);
  const file = resolvePlanPath(positionals[0], io, 'validate');
  const plan = loadOrReport(file, io);
  if (!plan) return 1;
  io.out(`${path.relative(io.cwd, file) || file}: valid (${plan.phases.length} phase(s), ${allTasks(plan).length} task(s))\n`);
  const commands = formatCommands(planCommands(plan, path.dirname(file)), path.relative(io.cwd, path.dirname(file)) || '.');
  if (commands.length) io.out(commands.join('\n') + '\n');
  return 0;
}
