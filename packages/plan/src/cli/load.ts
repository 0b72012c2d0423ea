import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostics } from '../model/diagnostics';
import { loadPlanFile } from '../model/loader';
import { Plan } from '../model/plan-schema';
import { CliIO, UsageError } from './io';

/** Resolves `<plan>`: a plan.yaml path or a folder holding one. */
export function resolvePlanPath(given: string | undefined, io: CliIO, command: string): string {
  if (!given) throw new UsageError(`plan ${command} needs a plan.yaml path.\nRun "plan ${command} --help" for usage.`);
  const absolute = path.resolve(io.cwd, given);
  const file = existsSync(absolute) && statSync(absolute).isDirectory() ? path.join(absolute, 'plan.yaml') : absolute;
  if (!existsSync(file))
    throw new UsageError(`No plan at ${path.relative(io.cwd, file) || file}: pass a plan.yaml or the folder that holds one.`);
  return file;
}

/** Loads a plan, printing its diagnostics; undefined when it has errors. */
export function loadOrReport(file: string, io: CliIO): Plan | undefined {
  const display = path.relative(io.cwd, file) || file;
  const { plan, diagnostics } = loadPlanFile(file, display);
  if (!plan) io.err(`${formatDiagnostics(diagnostics)}\n${display}: ${diagnostics.length} error(s)\n`);
  return plan;
}
