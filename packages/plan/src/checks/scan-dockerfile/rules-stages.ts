import { argsWithoutFlags, findStage, Instr, ParsedDockerfile, safe, Stage, substitute } from './parse';
import type { DockerfileRule } from './rule-catalogue';
import type { Emit } from './rule-types';

/**
 * Rules about stages and what the final image inherits: multi-stage build, effective non-root
 * user, exactly one health check, stage references (DL3022/3023/3024), instruction order
 * (DL3061), base image tags (DL3006/3007) and duplicated CMD/ENTRYPOINT/HEALTHCHECK.
 */

export interface EffectiveUser {
  /** The USER value as written (undefined: no USER anywhere, so the base image's, root). */
  user?: string;
  /** The value with variables resolved, when they could be. */
  resolved?: string;
  instr?: Instr;
  stage: Stage;
}

export function effectiveUser(stage: Stage, df: ParsedDockerfile): EffectiveUser {
  const users = stage.instructions.filter((i) => i.keyword === 'USER');
  const last = users[users.length - 1];
  if (last) {
    const user = last.args.join(' ');
    const result: EffectiveUser = { user, instr: last, stage };
    const resolved = substitute(user, (name) => safe(() => df.df.resolveVariable(name, last.pos.line - 1), undefined));
    if (resolved !== undefined) result.resolved = resolved;
    return result;
  }
  return stage.parent ? effectiveUser(stage.parent, df) : { stage };
}

/** `root`, `0`, `root:*`, `0:*` (an unresolved variable is not assumed to be root). */
export function isRootUser(user: string | undefined): boolean {
  if (user === undefined) return true;
  const name = user.split(':')[0].trim().toLowerCase();
  return name === 'root' || name === '0';
}

export function effectiveHealthchecks(stage: Stage): { checks: Instr[]; stage: Stage } {
  const checks = stage.instructions.filter((i) => i.keyword === 'HEALTHCHECK');
  if (checks.length > 0 || !stage.parent) return { checks, stage };
  return effectiveHealthchecks(stage.parent);
}

export function isHealthcheckNone(instr: Instr): boolean {
  return (instr.args[0] ?? '').toUpperCase() === 'NONE';
}

/** The command of `HEALTHCHECK [flags] CMD command` as written. */
export function healthcheckCommand(instr: Instr): string {
  return argsWithoutFlags(instr.raw)
    .replace(/^CMD\s*/i, '')
    .trim();
}

/** References to earlier stages: COPY --from and RUN --mount=...,from=... */
function stageRefs(instr: Instr): string[] {
  const refs: string[] = [];
  for (const flag of instr.flags) {
    if (instr.keyword === 'COPY' && flag.name === 'from' && flag.value) refs.push(flag.value);
    if (instr.keyword === 'RUN' && flag.name === 'mount' && flag.value) {
      const m = /(?:^|,)from=([^,]+)/.exec(flag.value);
      if (m) refs.push(m[1]);
    }
  }
  return refs;
}

/** An image reference rather than a stage name: has a registry/path, tag or digest. */
function looksLikeImage(ref: string): boolean {
  return /[:/@]/.test(ref);
}

export function checkStages(parsed: ParsedDockerfile, emit: Emit, allowSingleStage: boolean): void {
  const { stages } = parsed;

  for (const instr of parsed.preamble) {
    if (instr.keyword !== 'ARG') {
      emit(
        'DL3061',
        'error',
        instr,
        `${instr.keyword} before the first FROM: a Dockerfile must begin with FROM, ARG or comments. Move it below FROM.`,
      );
    }
  }

  const seenNames = new Map<string, Stage>();
  for (const stage of stages) {
    if (stage.name !== undefined) {
      const first = seenNames.get(stage.name);
      if (first) {
        emit(
          'DL3024',
          'error',
          stage.from,
          `Stage name "${stage.name}" is already used by the FROM on line ${first.from.pos.line}: give every stage a unique name.`,
        );
      } else {
        seenNames.set(stage.name, stage);
      }
    }
    checkBaseImage(stage, emit);
    checkDuplicates(stage, 'CMD', 'DL4003', emit);
    checkDuplicates(stage, 'ENTRYPOINT', 'DL4004', emit);
    checkDuplicates(stage, 'HEALTHCHECK', 'DL3012', emit);
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'COPY') continue;
      for (const ref of stageRefs(instr)) checkCopyFrom(stage, stages, instr, ref, emit);
    }
  }

  const final = stages[stages.length - 1];
  if (!final) return;

  if (!allowSingleStage) checkMultiStage(final, stages, emit);

  const user = effectiveUser(final, parsed);
  if (user.instr && user.stage === final && isRootUser(user.resolved ?? user.user)) {
    emit(
      'DL3002',
      'error',
      user.instr,
      `The last USER of the final stage is root ("${user.user}"): switch to an unprivileged user (e.g. \`RUN useradd -r app\` then \`USER app\`).`,
    );
  } else if (user.user === undefined) {
    emit(
      'DS-0002',
      'error',
      final.from,
      `The final image runs as root: no USER is set in the final stage${final.parent ? ` nor in the stages it is built from` : ''}, so the base image's user (root) applies. Add \`USER <non-root user>\` near the end of the final stage.`,
    );
  } else if (isRootUser(user.resolved ?? user.user)) {
    emit(
      'DS-0002',
      'error',
      final.from,
      `The final image runs as root: it inherits USER ${user.user} from stage "${user.stage.name}" (line ${user.instr?.pos.line}). Add \`USER <non-root user>\` to the final stage.`,
      ['DL3002'],
    );
  }

  const health = effectiveHealthchecks(final);
  const lastCheck = health.checks[health.checks.length - 1];
  if (!lastCheck) {
    emit(
      'DL3057',
      'error',
      final.from,
      'The final image defines no HEALTHCHECK: add one, e.g. `HEALTHCHECK CMD curl -fsS http://localhost:8080/health || exit 1`.',
    );
  } else if (isHealthcheckNone(lastCheck)) {
    emit(
      'dockerfile/healthcheck-none',
      'error',
      lastCheck,
      '`HEALTHCHECK NONE` disables the health check of the final image: replace it with `HEALTHCHECK CMD <command that fails when unhealthy>`.',
      ['DL3057'],
    );
  }
}

function checkBaseImage(stage: Stage, emit: Emit): void {
  const image = stage.image;
  // A stage name, scratch, an unresolved variable or a digest pin need no tag.
  if (stage.parent || image === '' || image.toLowerCase() === 'scratch' || image.includes('$') || image.includes('@')) return;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) {
    emit(
      'DL3006',
      'error',
      stage.from,
      `Base image "${image}" has no tag, so it means :latest and changes under you: pin a version, e.g. "${image}:<version>".`,
    );
  } else if (image.slice(colon + 1) === 'latest') {
    emit('DL3007', 'error', stage.from, `Base image "${image}" uses :latest, which changes under you: pin a version tag or a digest.`);
  }
}

function checkDuplicates(stage: Stage, keyword: string, rule: DockerfileRule, emit: Emit): void {
  const found = stage.instructions.filter((i) => i.keyword === keyword);
  for (const extra of found.slice(1)) {
    emit(
      rule,
      'error',
      extra,
      `Several ${keyword} instructions in one stage (first on line ${found[0].pos.line}): only the last takes effect. Keep one.`,
    );
  }
}

function checkCopyFrom(stage: Stage, stages: Stage[], instr: Instr, ref: string, emit: Emit): void {
  if (ref.includes('$') || looksLikeImage(ref)) return;
  const earlier = stages.slice(0, stage.index);
  if (findStage(earlier, ref)) return;
  if (stage.name !== undefined && ref.toLowerCase() === stage.name) {
    emit('DL3023', 'error', instr, `COPY --from=${ref} names the stage it is in: copy from an earlier stage instead.`);
    return;
  }
  const known = earlier.map((s) => s.name ?? String(s.index));
  emit(
    'DL3022',
    'error',
    instr,
    `COPY --from=${ref} does not name an earlier stage${known.length ? ` (earlier stages: ${known.join(', ')})` : ''}: name the stage with \`FROM <image> AS ${ref}\` above, or fix the reference.`,
  );
}

function checkMultiStage(final: Stage, stages: Stage[], emit: Emit): void {
  if (stages.length < 2) {
    emit(
      'dockerfile/multi-stage',
      'error',
      final.from,
      'Single-stage build: build in a first stage (`FROM <sdk> AS build`) and copy only the results into a slim final stage (`COPY --from=build ...`).',
    );
    return;
  }
  const earlier = stages.slice(0, final.index);
  const usesEarlier =
    final.parent !== undefined || final.instructions.some((i) => stageRefs(i).some((ref) => findStage(earlier, ref) !== undefined));
  if (!usesEarlier) {
    emit(
      'dockerfile/multi-stage',
      'error',
      final.from,
      `The final stage takes nothing from the ${earlier.length} stage(s) before it: copy the build output with \`COPY --from=<stage> ...\` (or build FROM an earlier stage).`,
    );
  }
}
