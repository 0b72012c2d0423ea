import { criticalPath, dependencyMap, topologicalWaves } from '../../model/graph';
import { allTasks } from '../../model/plan-schema';
import { renderExecutionOrder } from '../../model/render-markdown';
import { oneOf, parse } from '../args';
import { CliIO } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';

export const help = `Usage: plan graph <plan.yaml|folder> [--format text|mermaid|json]

Prints the plan's task graph: the waves of tasks that can run in parallel and
the critical path by estimate. Tasks (streams) without an estimate count as
0 minutes, and the output names them.
  --format text     waves and critical path (default)
  --format mermaid  the execution-order graph as in PLAN.md
  --format json     { tasks, waves, criticalPath: { keys, minutes }, unestimated }
`;

export async function graphCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string', short: 'f' } }, 'graph');
  if (values.help) return (io.out(help), 0);
  const format = oneOf(values.format as string | undefined, ['text', 'mermaid', 'json'] as const, '--format', 'text');
  const plan = loadOrReport(resolvePlanPath(positionals[0], io, 'graph'), io);
  if (!plan) return 1;
  const waves = topologicalWaves(plan);
  const critical = criticalPath(plan);
  const deps = dependencyMap(plan);
  if (format === 'json') {
    const tasks = allTasks(plan).map((t) => ({
      key: t.key,
      id: t.id,
      title: t.title,
      estimate: t.estimate ?? null,
      dependsOn: deps.get(t.key) ?? [],
    }));
    const unestimated = allTasks(plan).flatMap((t) => (t.estimate === undefined ? [t.key] : []));
    io.out(JSON.stringify({ plan: plan.name, tasks, waves, criticalPath: critical, unestimated }, null, 2) + '\n');
  } else if (format === 'mermaid') {
    io.out(
      renderExecutionOrder(plan)
        .filter((l) => !l.startsWith('## ') && !l.startsWith('```') && l !== '')
        .join('\n') + '\n',
    );
  } else {
    const byKey = new Map(allTasks(plan).map((t) => [t.key, t]));
    waves.forEach((wave, i) => {
      io.out(
        `wave ${i + 1}: ${wave.map((k) => `${k} (${byKey.get(k)!.id}, ${byKey.get(k)!.estimate !== undefined ? `${byKey.get(k)!.estimate} min` : 'no estimate'})`).join(', ')}\n`,
      );
    });
    const unestimated = allTasks(plan).filter((t) => t.estimate === undefined);
    io.out(`critical path: ${critical.keys.join(' → ')} (${critical.minutes} min)\n`);
    if (unestimated.length)
      io.out(
        `no estimate: ${unestimated.map((t) => `${t.key} (${t.id})`).join(', ')}; counted as 0 min, so the critical path may be longer\n`,
      );
  }
  return 0;
}
