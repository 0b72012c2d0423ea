import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderPlanMarkdown } from '../../model/render-markdown';
import { parse } from '../args';
import { CliIO } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';

export const help = `Usage: plan render <plan.yaml|folder> [--out <PLAN.md>]

Renders the plan as Markdown in the seed formats (tasks as in seed 000,
streams as in seed 001). Prints to stdout unless --out is given.
`;

export async function renderCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string', short: 'o' } }, 'render');
  if (values.help) return (io.out(help), 0);
  const plan = loadOrReport(resolvePlanPath(positionals[0], io, 'render'), io);
  if (!plan) return 1;
  const markdown = renderPlanMarkdown(plan);
  if (typeof values.out === 'string') {
    writeFileSync(path.resolve(io.cwd, values.out), markdown);
    io.out(`wrote ${values.out}\n`);
  } else io.out(markdown);
  return 0;
}
