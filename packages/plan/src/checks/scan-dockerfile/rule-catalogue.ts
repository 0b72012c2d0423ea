import { defineRules, RuleId } from '../rule-catalogue';

// hadolint documents each DL rule on its wiki page; our own rules reuse its ids where they mean the same.
const HADOLINT = 'https://github.com/hadolint/hadolint/wiki/{id}';

export const rules = defineRules({
  'dockerfile/not-found': { severity: 'error', help: 'The Dockerfile (or a Dockerfile in the given folder) exists and is readable.' },
  'dockerfile/too-large': { severity: 'error', help: 'The Dockerfile is larger than plan reads: split it or remove generated content.' },
  'dockerfile/syntax': {
    severity: 'error',
    help: 'Docker can build every line: known instructions, their arguments and flags; the first stage starts with FROM.',
  },
  'dockerfile/style': {
    severity: 'warning',
    help: 'Instruction casing and continuation lines are consistent (dockerfile-utils style warnings).',
  },
  'dockerfile/internal-error': { severity: 'error', help: 'The scan itself failed on this Dockerfile: report it with the file.' },
  'dockerfile/pipe-to-shell': {
    severity: 'error',
    help: 'No downloaded script piped into a shell: download it, verify its checksum or signature, then run it.',
  },
  'dockerfile/healthcheck-none': {
    severity: 'error',
    help: 'The final image keeps a health check: replace HEALTHCHECK NONE with HEALTHCHECK CMD <command>.',
  },
  'dockerfile/multi-stage': {
    severity: 'error',
    help: 'Build in an earlier stage and copy only its results into the final stage (or set allowSingleStage).',
  },
  DL3000: { severity: 'error', help: 'WORKDIR is an absolute path.', uri: HADOLINT },
  DL3002: { severity: 'error', help: 'The last USER of the final stage is not root.', uri: HADOLINT },
  DL3004: { severity: 'error', help: 'RUN does not use sudo: switch USER around the step instead.', uri: HADOLINT },
  DL3006: { severity: 'error', help: 'Every base image has an explicit version tag or digest.', uri: HADOLINT },
  DL3007: { severity: 'error', help: 'No base image uses the :latest tag: pin a version or a digest.', uri: HADOLINT },
  DL3008: { severity: 'warning', help: 'apt-get install pins package versions (pkg=<version>).', uri: HADOLINT },
  DL3009: { severity: 'warning', help: 'A RUN that uses apt-get removes /var/lib/apt/lists/* at its end.', uri: HADOLINT },
  DL3011: { severity: 'error', help: 'EXPOSE ports are within 0-65535.', uri: HADOLINT },
  DL3012: { severity: 'error', help: 'One HEALTHCHECK per stage: only the last takes effect.', uri: HADOLINT },
  DL3013: { severity: 'warning', help: 'pip install pins package versions (pkg==<version>).', uri: HADOLINT },
  DL3015: { severity: 'warning', help: 'apt-get install uses --no-install-recommends.', uri: HADOLINT },
  DL3018: { severity: 'warning', help: 'apk add pins package versions (pkg=<version>).', uri: HADOLINT },
  DL3019: { severity: 'warning', help: 'apk add uses --no-cache.', uri: HADOLINT },
  DL3020: { severity: 'error', help: 'Local files are copied with COPY, not ADD.', uri: HADOLINT },
  DL3021: { severity: 'error', help: 'COPY/ADD with several sources has a folder destination ending in "/".', uri: HADOLINT },
  DL3022: { severity: 'error', help: 'COPY --from names an earlier stage (or an image).', uri: HADOLINT },
  DL3023: { severity: 'error', help: 'COPY --from does not name the stage it is in.', uri: HADOLINT },
  DL3024: { severity: 'error', help: 'Stage names (FROM ... AS name) are unique.', uri: HADOLINT },
  DL3042: { severity: 'warning', help: 'pip install uses --no-cache-dir (or PIP_NO_CACHE_DIR=1).', uri: HADOLINT },
  DL3043: { severity: 'error', help: 'ONBUILD does not trigger ONBUILD, FROM or MAINTAINER.', uri: HADOLINT },
  DL3044: { severity: 'error', help: 'ENV does not use a variable defined in the same ENV instruction.', uri: HADOLINT },
  DL3057: { severity: 'error', help: 'The final image defines a HEALTHCHECK.', uri: HADOLINT },
  DL3059: { severity: 'info', help: 'Consecutive RUN instructions could be one layer.', uri: HADOLINT },
  DL3061: { severity: 'error', help: 'The Dockerfile begins with FROM, ARG or comments.', uri: HADOLINT },
  DL4000: { severity: 'error', help: 'No MAINTAINER: use LABEL org.opencontainers.image.authors.', uri: HADOLINT },
  DL4003: { severity: 'error', help: 'One CMD per stage: only the last takes effect.', uri: HADOLINT },
  DL4004: { severity: 'error', help: 'One ENTRYPOINT per stage: only the last takes effect.', uri: HADOLINT },
  'DS-0002': { severity: 'error', help: 'The final image does not run as root (Trivy DS-0002): set an unprivileged USER in its stage.' },
  'DS-0004': { severity: 'error', help: 'Port 22 (SSH) is not exposed (Trivy DS-0004): no SSH daemon in a container.' },
  'DS-0030': { severity: 'error', help: 'WORKDIR is an application folder, not a system folder such as /, /usr or /etc (Trivy DS-0030).' },
  'DS-0031': { severity: 'error', help: 'No secrets in ARG/ENV values or copied secret files (Trivy DS-0031): mount them at build time.' },
  'SC*': {
    severity: 'warning',
    help: 'A ShellCheck finding in a shell-form RUN body (only when shellcheck is on PATH).',
    uri: 'https://www.shellcheck.net/wiki/{id}',
  },
});

export type DockerfileRule = RuleId<typeof rules>;
