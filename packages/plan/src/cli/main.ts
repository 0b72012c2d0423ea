import '../checks/builtin';
import { checkNames, disposeLoadedChecks, getCheck } from '../checks/registry';
import { pluginVersion } from '../utils/package-info';
import { approveCommand } from './commands/approve';
import { attestCommand } from './commands/attest';
import { checkCommand } from './commands/check';
import { graphCommand } from './commands/graph';
import { doctorCommand } from './commands/doctor';
import { importCommand } from './commands/import';
import { reportCommand } from './commands/report';
import { renderCommand } from './commands/render';
import { statusCommand } from './commands/status';
import { validateCommand } from './commands/validate';
import { verifyCommand } from './commands/verify';
import { CheckUsageError } from '../checks/contract';
import { CliIO, processIO, UsageError } from './io';

type Command = (args: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  validate: { run: validateCommand, summary: 'Check a plan.yaml: model and task graph, errors at file:line:col' },
  graph: { run: graphCommand, summary: 'Waves and critical path (--format text|mermaid|json)' },
  verify: { run: verifyCommand, summary: "Run a plan's checks in dependency order, outside Nx" },
  render: { run: renderCommand, summary: 'Render a plan as PLAN.md (seed formats)' },
  import: { run: importCommand, summary: 'Turn a PLAN.md (seed formats) into plan.yaml and scaffold its files' },
  report: { run: reportCommand, summary: 'Collect task results (.plan/results) as text, json or SARIF' },
  doctor: { run: (args, io) => doctorCommand(args, io), summary: 'Check the workspace and that the configured remote cache answers' },
  status: { run: statusCommand, summary: 'Where a plan stands: one row per task, progress, remaining critical path' },
  attest: { run: attestCommand, summary: 'Record (or --revoke) evidence for a task that no check proves' },
  approve: { run: approveCommand, summary: 'Approve the commands an imported plan would run (--list shows them)' },
};

/** Registry of extra commands (status, import, ...) that later modules add. */
export function addCommand(name: string, summary: string, run: Command): void {
  COMMANDS[name] = { run, summary };
}

async function usage(): Promise<string> {
  const lines = ['Usage: plan <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(18)} ${c.summary}`);
  lines.push('', 'Checks (plan <check> <paths...> [--format text|json|sarif]):');
  for (const name of checkNames()) {
    let summary = '';
    try {
      summary = (await getCheck(name)).summary;
    } catch {
      summary = '(unavailable)';
    }
    lines.push(`  ${name.padEnd(18)} ${summary}`);
  }
  lines.push('', 'Run "plan <command> --help" for the options of a command.', '');
  return lines.join('\n');
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } finally {
    await disposeLoadedChecks();
  }
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.out(await usage());
      return name ? 0 : 2;
    }
    if (name === '--version' || name === '-v') return (io.out(`${pluginVersion()}\n`), 0);
    const command = COMMANDS[name];
    if (command) return await command.run(rest, io);
    if (checkNames().includes(name)) return await checkCommand(await getCheck(name), rest, io);
    throw new UsageError(`Unknown command "${name}". Run "plan --help" for the list.`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof CheckUsageError) {
      io.err(`plan: ${error.message}\n`);
      return 2;
    }
    io.err(`plan: internal error: ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}
