import { Instr, ParsedDockerfile, shellOf, Stage } from './parse';
import type { Emit } from './rule-types';
import { commandsOf, positionalWords, programOf, programWords, ShellCommand, subcommandArgs } from './shell';

/**
 * Rules over the shell text of RUN: sudo (DL3004) and `curl ... | sh` are security errors;
 * package-manager hygiene (apt DL3008/3009/3015, pip DL3013/3042, apk DL3018/3019) gives warnings;
 * consecutive RUNs (DL3059) are info.
 */

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh']);
const FETCHERS = new Set(['curl', 'wget']);
/** `sh -c "$(curl ...)"` and `bash <(wget ...)`: the quoted forms the tokenizer keeps as one word. */
const SUBSTITUTED_FETCH = /\b(?:ba|z|da|k|a|mk)?sh\b[^|;&\n]*(?:\$\(|<\(|`)\s*(?:curl|wget)\b/;

const APT_VALUE_FLAGS = new Set(['-o', '--option', '-t', '--target-release', '-c', '--config-file']);
const PIP_VALUE_FLAGS = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--trusted-host',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--src',
  '--upgrade-strategy',
  '--progress-bar',
  '--cache-dir',
  '--log',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--only-binary',
  '--no-binary',
  '--config-settings',
  '-C',
]);
const APK_VALUE_FLAGS = new Set([
  '-t',
  '--virtual',
  '-X',
  '--repository',
  '-p',
  '--root',
  '--arch',
  '--cache-dir',
  '--keys-dir',
  '--repositories-file',
]);

export function checkRuns(parsed: ParsedDockerfile, emit: Emit): void {
  const final = parsed.stages[parsed.stages.length - 1];
  const inFinalImage = new Set<Stage>();
  for (let s: Stage | undefined = final; s; s = s.parent) inFinalImage.add(s);

  for (const stage of parsed.stages) {
    let previous: Instr | undefined;
    for (const instr of stage.instructions) {
      if (instr.keyword === 'RUN') {
        checkRun(instr, stage, parsed, inFinalImage.has(stage), emit);
        if (previous?.keyword === 'RUN' && sameFlags(previous, instr)) {
          emit(
            'DL3059',
            'info',
            instr,
            `Consecutive RUN instructions (previous on line ${previous.pos.line}) each add a layer: consider joining them with \`&&\`.`,
          );
        }
      }
      previous = instr;
    }
  }
}

function sameFlags(a: Instr, b: Instr): boolean {
  const key = (i: Instr) =>
    i.flags
      .map((f) => `${f.name}=${f.value}`)
      .sort()
      .join(' ');
  return key(a) === key(b);
}

function cacheMounts(instr: Instr): string[] {
  return instr.flags
    .filter((f) => f.name === 'mount' && f.value && /(^|,)type=cache(,|$)/.test(f.value))
    .map((f) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value ?? '')?.[1] ?? '');
}

function stageEnvHas(stage: Stage, name: string): boolean {
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    for (const instr of s.instructions) {
      if (instr.keyword === 'ENV' && instr.args.some((a) => a === name || a.startsWith(name + '='))) return true;
    }
  }
  return false;
}

function checkRun(instr: Instr, stage: Stage, parsed: ParsedDockerfile, inFinalImage: boolean, emit: Emit): void {
  const text = shellOf(instr, parsed.escapeChar);
  const commands = commandsOf(text);

  if (commands.some((c) => firstWordAfterAssignments(c.words) === 'sudo')) {
    emit(
      'DL3004',
      'error',
      instr,
      'RUN uses sudo: build steps already run as the current USER; switch with `USER root` before the step (and back to the unprivileged user after) instead of sudo.',
    );
  }

  if (pipesFetchIntoShell(commands) || SUBSTITUTED_FETCH.test(text)) {
    emit(
      'dockerfile/pipe-to-shell',
      'error',
      instr,
      'RUN pipes a downloaded script into a shell (`curl|wget ... | sh`): download it to a file, verify its checksum or signature, then run it.',
    );
  }

  const mounts = cacheMounts(instr);
  const apt = aptInstalls(commands);
  if (apt.length > 0) {
    const unpinned = apt.flatMap((a) => a.packages.filter((p) => !p.includes('=') && !p.endsWith('.deb') && !p.includes('$')));
    if (unpinned.length > 0) {
      emit(
        'DL3008',
        'warning',
        instr,
        `apt-get install without versions for ${list(unpinned)}: pin them (\`pkg=<version>\`) so rebuilds are reproducible.`,
      );
    }
    if (apt.some((a) => !a.args.includes('--no-install-recommends') && !a.args.some((w) => /APT::Install-Recommends=(false|0)/i.test(w)))) {
      emit(
        'DL3015',
        'warning',
        instr,
        'apt-get install without --no-install-recommends pulls extra packages: add `--no-install-recommends`.',
      );
    }
  }
  const aptUsed =
    apt.length > 0 ||
    commands.some((c) => programOf(c.words) === 'apt-get' && subcommandArgs(programWords(c.words), 1, ['update']) !== undefined);
  if (aptUsed && inFinalImage && !/\brm\b[^;&|]*\/var\/lib\/apt\/lists/.test(text) && !mounts.some((m) => m.startsWith('/var/lib/apt'))) {
    emit('DL3009', 'warning', instr, 'apt-get lists stay in the image layer: end this RUN with `&& rm -rf /var/lib/apt/lists/*`.');
  }

  const pip = pipInstalls(commands);
  if (pip.length > 0) {
    const unpinned = pip.flatMap((p) => p.packages.filter((pkg) => !/[=<>~!@]|^[./]|:\/\/|\.(whl|tar\.gz|zip)$|\$/.test(pkg)));
    if (unpinned.length > 0) {
      emit(
        'DL3013',
        'warning',
        instr,
        `pip install without versions for ${list(unpinned)}: pin them (\`pkg==<version>\`) or install from a pinned requirements file.`,
      );
    }
    const cached = mounts.some((m) => m.includes('pip')) || stageEnvHas(stage, 'PIP_NO_CACHE_DIR');
    if (!cached && pip.some((p) => !p.args.includes('--no-cache-dir'))) {
      emit(
        'DL3042',
        'warning',
        instr,
        'pip install keeps its download cache in the layer: add `--no-cache-dir` (or set ENV PIP_NO_CACHE_DIR=1).',
      );
    }
  }

  const apk = apkAdds(commands);
  if (apk.length > 0) {
    const unpinned = apk.flatMap((a) => a.packages.filter((p) => !p.includes('=') && !p.includes('$') && !p.endsWith('.apk')));
    if (unpinned.length > 0) {
      emit('DL3018', 'warning', instr, `apk add without versions for ${list(unpinned)}: pin them (\`pkg=<version>\`).`);
    }
    if (
      apk.some((a) => !a.args.includes('--no-cache')) &&
      !mounts.some((m) => m.startsWith('/var/cache/apk') || m.startsWith('/etc/apk/cache'))
    ) {
      emit('DL3019', 'warning', instr, 'apk add keeps its index cache in the layer: use `apk add --no-cache`.');
    }
  }
}

function list(words: string[]): string {
  const shown = words
    .slice(0, 5)
    .map((w) => `"${w}"`)
    .join(', ');
  return words.length > 5 ? `${shown} and ${words.length - 5} more` : shown;
}

function firstWordAfterAssignments(words: string[]): string {
  const first = words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) ?? '';
  return first.slice(first.lastIndexOf('/') + 1);
}

function pipesFetchIntoShell(commands: ShellCommand[]): boolean {
  for (let i = 0; i < commands.length; i++) {
    if (!FETCHERS.has(programOf(commands[i].words))) continue;
    for (let j = i + 1; j < commands.length && commands[j].pipeline === commands[i].pipeline; j++) {
      if (SHELLS.has(programOf(commands[j].words))) return true;
    }
  }
  return false;
}

interface Install {
  args: string[];
  packages: string[];
}

function aptInstalls(commands: ShellCommand[]): Install[] {
  const result: Install[] = [];
  for (const c of commands) {
    const words = programWords(c.words);
    const program = programOf(c.words);
    if (program !== 'apt-get' && program !== 'apt') continue;
    const args = subcommandArgs(words, 1, ['install']);
    if (args) result.push({ args: words.slice(1), packages: positionalWords(args, APT_VALUE_FLAGS) });
  }
  return result;
}

function pipInstalls(commands: ShellCommand[]): Install[] {
  const result: Install[] = [];
  for (const c of commands) {
    const words = programWords(c.words);
    const program = programOf(c.words);
    let start = -1;
    if (/^pip[0-9.]*$/.test(program)) start = 1;
    else if (/^python[0-9.]*$/.test(program)) {
      const m = words.indexOf('-m');
      if (m >= 0 && /^pip[0-9.]*$/.test(words[m + 1] ?? '')) start = m + 2;
    }
    if (start < 0) continue;
    const args = subcommandArgs(words, start, ['install']);
    if (args) result.push({ args: words.slice(start), packages: positionalWords(args, PIP_VALUE_FLAGS) });
  }
  return result;
}

function apkAdds(commands: ShellCommand[]): Install[] {
  const result: Install[] = [];
  for (const c of commands) {
    const words = programWords(c.words);
    if (programOf(c.words) !== 'apk') continue;
    const args = subcommandArgs(words, 1, ['add']);
    if (args) result.push({ args: words.slice(1), packages: positionalWords(args, APK_VALUE_FLAGS) });
  }
  return result;
}
