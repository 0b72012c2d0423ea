import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { readTextCapped, TEXT_LIMITS } from '../read-text';
import { Engines, loadEngines } from './engines';
import { parseDockerfile, ParsedDockerfile, Stage } from './parse';
import { applyPragmas } from './pragmas';
import { DockerfileRule, rules } from './rule-catalogue';
import { collector, Emit, RawFinding } from './rule-types';
import { checkInstructions } from './rules-instructions';
import { checkRuns } from './rules-run';
import { checkStages, effectiveHealthchecks, effectiveUser, healthcheckCommand, isHealthcheckNone, isRootUser } from './rules-stages';
import { checkWithShellcheck, shellcheckAvailable } from './shellcheck';
import { checkSyntax } from './syntax';

export interface ScanDockerfileOptions {
  allowSingleStage?: boolean;
}

/** Facts about one Dockerfile, for the result's metadata. */
export interface DockerfileFacts {
  file: string;
  stages: { name: string | null; baseImage: string; line: number }[];
  /** Effective USER of the final stage; null when none is set (the base image's, root). */
  finalStageUser: string | null;
  finalStageRunsAsRoot: boolean;
  /** Command of the final image's effective HEALTHCHECK; null when none (or NONE). */
  healthcheck: string | null;
  exposedPorts: string[];
  ignoredByPragma: number;
}

/**
 * "Multi-stage build; non-root user; health check defined; no security errors" (checks.md):
 * dockerfile-ast for structure, dockerfile-utils for syntax, our own rules under hadolint/Trivy
 * ids; package-manager hygiene gives warnings that do not fail the check.
 */
export const check: CheckDefinition<ScanDockerfileOptions, DockerfileRule> = {
  name: 'scan-dockerfile',
  rules,
  summary: 'Dockerfile is multi-stage, runs as non-root, has one HEALTHCHECK and no security errors (hadolint/Trivy rule ids)',
  pathsDescription: 'Dockerfiles (a folder means its Dockerfile)',
  options: [
    {
      name: 'allowSingleStage',
      type: 'boolean',
      description: 'Accept a single-stage build (the multi-stage requirement is skipped)',
      default: false,
    },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('scan-dockerfile needs at least one Dockerfile path.');
    if (options.allowSingleStage !== undefined && typeof options.allowSingleStage !== 'boolean') {
      throw new CheckUsageError(
        `scan-dockerfile: allowSingleStage must be true or false, got ${JSON.stringify(options.allowSingleStage)}.`,
      );
    }
    const engines = await loadEngines();
    const findings: Finding<DockerfileRule>[] = [];
    const files: DockerfileFacts[] = [];
    for (const given of paths) {
      const located = await locate(given, context.cwd);
      if ('missing' in located) {
        findings.push({ rule: 'dockerfile/not-found', severity: 'error', message: located.missing, file: given });
        continue;
      }
      let text: string;
      try {
        const read = await readTextCapped(located.absolute, TEXT_LIMITS.dockerfile, 'Dockerfile');
        if (read.tooLarge !== undefined) {
          findings.push({ rule: 'dockerfile/too-large', severity: 'error', message: read.tooLarge, file: located.file });
          continue;
        }
        text = read.text;
      } catch (error) {
        findings.push({
          rule: 'dockerfile/not-found',
          severity: 'error',
          message: `Cannot read the Dockerfile (${(error as Error).message}): check the path and its permissions.`,
          file: located.file,
        });
        continue;
      }
      const scanned = scanText(text, engines, options.allowSingleStage === true);
      files.push({ file: located.file, ...scanned.facts });
      for (const f of scanned.findings) findings.push(toFinding(f, located.file));
    }
    const countsByRule: Record<string, number> = {};
    for (const f of findings) countsByRule[f.rule] = (countsByRule[f.rule] ?? 0) + 1;
    return resultOf('scan-dockerfile', findings, { files, countsByRule, shellcheck: shellcheckAvailable() });
  },
};

async function locate(given: string, cwd: string): Promise<{ absolute: string; file: string } | { missing: string }> {
  const absolute = path.resolve(cwd, given);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) return { missing: `Dockerfile not found: ${given}. Create it or fix the path.` };
  if (!stat.isDirectory()) return { absolute, file: given };
  for (const name of ['Dockerfile', 'Containerfile', 'dockerfile']) {
    const inside = path.join(absolute, name);
    if ((await fs.stat(inside).catch(() => undefined))?.isFile()) return { absolute: inside, file: path.join(given, name) };
  }
  return { missing: `No Dockerfile in folder ${given}: add one or give the file's path.` };
}

function toFinding(f: RawFinding, file: string): Finding<DockerfileRule> {
  const finding: Finding<DockerfileRule> = { rule: f.rule, severity: f.severity, message: f.message, file };
  if (f.pos) {
    finding.line = f.pos.line;
    finding.column = f.pos.column;
    finding.endLine = f.pos.endLine;
    finding.endColumn = f.pos.endColumn;
  }
  return finding;
}

/** Scans one Dockerfile's text. Never throws: a failing rule becomes a `dockerfile/internal-error` finding. */
export function scanText(
  source: string,
  engines: Engines,
  allowSingleStage: boolean,
): { findings: RawFinding[]; facts: Omit<DockerfileFacts, 'file'> } {
  // A UTF-8 byte order mark is not part of the first instruction.
  const text = source.replace(/^\uFEFF/, '');
  const { findings, emit } = collector();
  const facts: Omit<DockerfileFacts, 'file'> = {
    stages: [],
    finalStageUser: null,
    finalStageRunsAsRoot: false,
    healthcheck: null,
    exposedPorts: [],
    ignoredByPragma: 0,
  };

  guard(emit, 'syntax validation', () => checkSyntax(text, engines, emit));
  let parsed: ParsedDockerfile | undefined;
  guard(emit, 'parsing', () => {
    parsed = parseDockerfile(text, engines.parser);
  });
  if (parsed) {
    const p = parsed;
    if (p.stages.length === 0) {
      emit(
        'dockerfile/syntax',
        'error',
        { line: 1, column: 1, endLine: 1, endColumn: 1 },
        'No FROM instruction: a Dockerfile must start its first stage with `FROM <image>`.',
      );
    }
    guard(emit, 'stage rules', () => checkStages(p, emit, allowSingleStage));
    guard(emit, 'instruction rules', () => checkInstructions(p, emit));
    guard(emit, 'RUN rules', () => checkRuns(p, emit));
    guard(emit, 'ShellCheck', () => checkWithShellcheck(p, emit));
    guard(emit, 'metadata', () => Object.assign(facts, factsOf(p)));
  }
  const { kept, ignored } = applyPragmas(findings, text.split(/\r?\n/));
  facts.ignoredByPragma = ignored;
  kept.sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.column ?? 0) - (b.pos?.column ?? 0));
  return { findings: kept, facts };
}

function guard(emit: Emit, what: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    emit(
      'dockerfile/internal-error',
      'error',
      undefined,
      `Internal error during ${what} (${(error as Error).message}): please report it with this Dockerfile.`,
    );
  }
}

function factsOf(parsed: ParsedDockerfile): Partial<DockerfileFacts> {
  const final = parsed.stages[parsed.stages.length - 1];
  const stages = parsed.stages.map((s) => ({ name: s.name ?? null, baseImage: s.image, line: s.from.pos.line }));
  if (!final) return { stages };
  const user = effectiveUser(final, parsed);
  const health = effectiveHealthchecks(final).checks;
  const lastCheck = health[health.length - 1];
  const exposedPorts: string[] = [];
  const chain: Stage[] = [];
  for (let s: Stage | undefined = final; s; s = s.parent) chain.unshift(s);
  for (const s of chain) for (const i of s.instructions) if (i.keyword === 'EXPOSE') exposedPorts.push(...i.args);
  return {
    stages,
    finalStageUser: user.resolved ?? user.user ?? null,
    finalStageRunsAsRoot: isRootUser(user.resolved ?? user.user),
    healthcheck: lastCheck && !isHealthcheckNone(lastCheck) ? healthcheckCommand(lastCheck) : null,
    exposedPorts,
  };
}
