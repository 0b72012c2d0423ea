import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { readInput, sortFindings } from '../contract-files/read-input';
import { readYaml } from '../contract-files/yaml-source';
import { refine } from './positions';
import { findPromtool, parsePromtoolOutput, runPromtool } from './promtool';
import { PrometheusRule, rules } from './rule-catalogue';

/**
 * `prometheus.yml` and alerting/recording rule files, judged by Prometheus's own `promtool check
 * config` / `check rules` (a config also pulls in its rule_files). promtool's messages become
 * findings with the file and, where promtool gives one, the line (and column for PromQL).
 * Without promtool the check fails and says how to install it: it never passes unchecked files.
 */
export interface PrometheusOptions {
  promtool?: string;
}

const INSTALL = 'install prometheus (promtool): apt-get install prometheus';

export const check: CheckDefinition<PrometheusOptions, PrometheusRule> = {
  name: 'prometheus-config',
  rules,
  summary: 'prometheus.yml and rule files via promtool check config / check rules (file:line of each problem)',
  pathsDescription: 'prometheus.yml files and rule files (a file with top-level `groups:` is a rule file)',
  options: [{ name: 'promtool', type: 'string', description: 'The promtool binary (default: promtool on PATH)' }],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('prometheus-config needs at least one prometheus.yml or rule file.');
    const findings: Finding<PrometheusRule>[] = [];
    const byKind: Record<'config' | 'rules', string[]> = { config: [], rules: [] };
    const texts = new Map<string, string>();
    for (const given of paths) {
      const input = await readInput(given, context.cwd, 'prometheus');
      if ('finding' in input) {
        findings.push(input.finding);
        continue;
      }
      texts.set(path.resolve(context.cwd, given), input.text);
      byKind[kindOf(input.text, given)].push(given);
    }
    const binary = findPromtool(options.promtool);
    const files: Record<string, unknown>[] = [];
    if (!binary) {
      for (const file of [...byKind.config, ...byKind.rules])
        findings.push({
          rule: 'prometheus/promtool-missing',
          severity: 'error',
          message: `promtool${options.promtool ? ` (${options.promtool})` : ''} was not found, so this file was not checked: ${INSTALL}.`,
          file,
        });
      return resultOf('prometheus-config', sortFindings(findings), { promtool: null, files });
    }
    for (const kind of ['config', 'rules'] as const) {
      const list = byKind[kind];
      if (list.length === 0) continue;
      const run = await runPromtool(binary, kind, list, context.cwd);
      const reports = parsePromtoolOutput(run.output);
      for (const report of reports) {
        // Rule files a config pulls in are printed as promtool resolved them; name given paths as given.
        const file = list.find((f) => path.resolve(context.cwd, f) === path.resolve(context.cwd, report.file)) ?? report.file;
        files.push({ file, kind: list.includes(file) ? kind : 'rules', ok: report.ok });
        for (const p of report.problems) {
          const finding: Finding<PrometheusRule> = {
            rule: `prometheus/${kind === 'rules' || !list.includes(file) ? 'rules' : 'config'}`,
            severity: 'error',
            message: `promtool: ${p.message}`,
            file,
          };
          const at = refine(textOf(texts, path.resolve(context.cwd, report.file)), p);
          if (at.line !== undefined) {
            finding.line = at.line;
            finding.column = at.column ?? 1;
          }
          findings.push(finding);
        }
        if (!report.ok && report.problems.length === 0)
          findings.push({ rule: `prometheus/${kind}`, severity: 'error', message: 'promtool rejected this file without a message.', file });
      }
      // Never pass what promtool did not judge: a failing exit with nothing attributed is an error.
      const judged = new Set(reports.map((r) => path.resolve(context.cwd, r.file)));
      const unjudged = list.filter((f) => !judged.has(path.resolve(context.cwd, f)));
      if (run.timedOut || (run.code !== 0 && !reports.some((r) => !r.ok)) || unjudged.length > 0) {
        const why = run.timedOut ? 'timed out' : `exited ${run.code}`;
        for (const file of unjudged.length > 0 ? unjudged : list)
          findings.push({
            rule: `prometheus/${kind}`,
            severity: 'error',
            message: `promtool check ${kind} ${why} without judging this file: ${run.output.trim().split('\n').slice(-3).join(' | ') || 'no output'}.`,
            file,
          });
      }
    }
    return resultOf('prometheus-config', sortFindings(findings), { promtool: binary, files });
  },
};

/** The text of a file promtool reported on (rule files a config names are read here). */
function textOf(texts: Map<string, string>, absolute: string): string | undefined {
  if (!texts.has(absolute)) {
    try {
      texts.set(absolute, readFileSync(absolute, 'utf8'));
    } catch {
      return undefined;
    }
  }
  return texts.get(absolute);
}

/** A rule file has top-level `groups`; everything else is treated as a Prometheus config. */
function kindOf(text: string, file: string): 'config' | 'rules' {
  const doc = readYaml(text, file, { rule: 'prometheus', reader: 'promtool' }).documents[0];
  const value = doc?.value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.includes('groups') && !keys.some((k) => ['global', 'scrape_configs', 'rule_files', 'alerting'].includes(k))) return 'rules';
    return 'config';
  }
  return /rule|alert/i.test(path.basename(file)) ? 'rules' : 'config';
}
