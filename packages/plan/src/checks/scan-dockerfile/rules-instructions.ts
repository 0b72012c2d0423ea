import { Instr, ParsedDockerfile, safe } from './parse';
import type { Emit } from './rule-types';

/**
 * Rules that look at one instruction at a time: WORKDIR (DL3000, DS-0030), EXPOSE (DL3011,
 * DS-0004), ADD/COPY (DL3020, DL3021, secret files), MAINTAINER (DL4000), ONBUILD (DL3043),
 * ENV (DL3044) and secrets in ARG/ENV names (DS-0031).
 */

/** Trivy DS-0030: a WORKDIR there shadows or writes into the system. */
const SYSTEM_DIRS = [
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/initrd',
  '/lost+found',
  '/bin',
  '/sbin',
  '/etc',
  '/lib',
  '/lib64',
  '/usr/bin',
  '/usr/sbin',
  '/usr/lib',
];
/** Subfolders of these are system folders too. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev', '/boot'];

const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY/i;
const SECRET_FILE = /(^|\/)(id_rsa|id_dsa|id_ecdsa|id_ed25519)$|\.pem$|(^|\/)\.env(\.[^/]*)?$/i;
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|gz|bz2|xz|zst)$/i;
const REMOTE = /^(https?|git|ssh):\/\/|^git@|\.git(#.*)?$/i;

export function checkInstructions(parsed: ParsedDockerfile, emit: Emit): void {
  for (const instr of parsed.all) {
    switch (instr.keyword) {
      case 'WORKDIR':
        checkWorkdir(instr, emit);
        break;
      case 'EXPOSE':
        checkExpose(instr, emit);
        break;
      case 'ADD':
        checkAdd(instr, emit);
        checkCopyLike(instr, emit);
        break;
      case 'COPY':
        checkCopyLike(instr, emit);
        break;
      case 'MAINTAINER':
        emit('DL4000', 'error', instr, 'MAINTAINER is deprecated: use `LABEL org.opencontainers.image.authors="..."` instead.');
        break;
      case 'ONBUILD':
        checkOnbuild(instr, emit);
        break;
      case 'ENV':
        checkEnvSelfReference(instr, emit);
        checkSecretNames(instr, emit);
        break;
      case 'ARG':
        checkSecretNames(instr, emit);
        break;
    }
  }
}

function checkWorkdir(instr: Instr, emit: Emit): void {
  const dir = instr.args.join(' ').replace(/^["']|["']$/g, '');
  if (dir === '' || dir.startsWith('$')) return;
  // Windows images use drive letters.
  if (!dir.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(dir) && !dir.startsWith('\\')) {
    emit(
      'DL3000',
      'error',
      instr,
      `WORKDIR "${dir}" is relative, so it depends on the previous WORKDIR: use an absolute path (e.g. "/app").`,
    );
    return;
  }
  const normal = dir.replace(/\/+$/, '') || '/';
  if (SYSTEM_DIRS.includes(normal) || SYSTEM_TREES.some((t) => normal.startsWith(t + '/'))) {
    emit('DS-0030', 'error', instr, `WORKDIR "${dir}" is a system folder: work in an application folder such as /app.`);
  }
}

function checkExpose(instr: Instr, emit: Emit): void {
  for (const word of instr.args) {
    if (word.includes('$')) continue;
    const m = /^(\d+)(?:-(\d+))?(?:\/\w+)?$/.exec(word);
    if (!m) continue; // malformed ports are dockerfile-utils' syntax findings
    const low = Number(m[1]);
    const high = m[2] !== undefined ? Number(m[2]) : low;
    if (low > 65535 || high > 65535) {
      emit('DL3011', 'error', instr, `EXPOSE ${word}: valid ports are 0-65535. Fix the port number.`);
    }
    if (low <= 22 && 22 <= high) {
      emit(
        'DS-0004',
        'error',
        instr,
        `EXPOSE ${word} opens port 22 (SSH): do not run SSH in a container; use \`docker exec\` for access and remove the port.`,
      );
    }
  }
}

/** Source words of ADD/COPY (everything but the destination), in shell or exec form. */
function sourcesOf(instr: Instr): { sources: string[]; dest?: string } {
  const words = instr.exec ?? instr.args;
  if (words.length < 2) return { sources: [] };
  return { sources: words.slice(0, -1), dest: words[words.length - 1] };
}

function checkAdd(instr: Instr, emit: Emit): void {
  if (instr.hasHeredoc) return;
  const { sources } = sourcesOf(instr);
  const local = sources.filter((s) => !REMOTE.test(s) && !ARCHIVE.test(s));
  if (local.length > 0) {
    emit(
      'DL3020',
      'error',
      instr,
      `ADD of local file(s) ${local.map((s) => `"${s}"`).join(', ')}: use COPY for files and folders (ADD is for URLs and archives to extract).`,
    );
  }
}

function checkCopyLike(instr: Instr, emit: Emit): void {
  if (instr.hasHeredoc) return;
  const { sources, dest } = sourcesOf(instr);
  if (dest !== undefined && sources.length > 1 && !dest.endsWith('/') && !dest.includes('$')) {
    emit('DL3021', 'error', instr, `${instr.keyword} with several sources needs a folder destination ending in "/": write "${dest}/".`);
  }
  for (const source of sources) {
    if (SECRET_FILE.test(source)) {
      emit(
        'DS-0031',
        'error',
        instr,
        `${instr.keyword} puts the secret file "${source}" into an image layer, where anyone with the image can read it: mount it at build time with \`RUN --mount=type=secret,id=...\` or provide it at run time.`,
        ['DL3064'],
      );
    }
  }
}

function checkOnbuild(instr: Instr, emit: Emit): void {
  const trigger = (instr.args[0] ?? '').toUpperCase();
  if (trigger === 'ONBUILD' || trigger === 'FROM' || trigger === 'MAINTAINER') {
    emit(
      'DL3043',
      'error',
      instr,
      `ONBUILD ${trigger} is not allowed: ${trigger} cannot be an ONBUILD trigger. Remove it or move it out of ONBUILD.`,
    );
  }
}

/** `name=value` pairs of ENV/ARG, as dockerfile-ast reads them (quotes and escapes removed). */
export function pairsOf(instr: Instr): { name: string; value: string | undefined }[] {
  const node = instr.node as unknown as { getProperties?: () => { getName(): string; getValue(): string | null }[] };
  if (typeof node.getProperties !== 'function') return [];
  return safe(() => node.getProperties!().map((p) => ({ name: p.getName(), value: p.getValue() ?? undefined })), []);
}

function checkEnvSelfReference(instr: Instr, emit: Emit): void {
  const defined = new Set<string>();
  for (const { name, value } of pairsOf(instr)) {
    if (value !== undefined) {
      for (const m of value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (defined.has(m[1])) {
          emit(
            'DL3044',
            'error',
            instr,
            `ENV ${name} uses $${m[1]}, which is defined in the same ENV instruction and is not visible yet: define ${m[1]} in an earlier ENV.`,
          );
        }
      }
    }
    defined.add(name);
  }
}

function checkSecretNames(instr: Instr, emit: Emit): void {
  for (const { name, value } of pairsOf(instr)) {
    if (!SECRET_NAME.test(name)) continue;
    // A path to a mounted secret file is not the secret itself.
    if (value !== undefined && /^\/(run|var\/run)\/secrets\//.test(value)) continue;
    emit(
      'DS-0031',
      'error',
      instr,
      `${instr.keyword} ${name} looks like a secret: ${instr.keyword} values are stored in the image (visible in \`docker history\`). Pass it with \`RUN --mount=type=secret,id=${name.toLowerCase()}\` or at run time instead.`,
      ['DL3064'],
    );
  }
}
