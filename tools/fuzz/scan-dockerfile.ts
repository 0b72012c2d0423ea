/**
 * Fuzzes the scan-dockerfile check: mutates valid seed Dockerfiles (byte flips, truncation, line
 * duplication and shuffling, random tokens and unicode, instruction-aware edits), runs the real
 * check.run() on each file written to a temp dir, and counts uncaught exceptions (must be 0) and
 * `dockerfile/internal-error` findings (a rule that threw and was caught: also a bug).
 *
 *   node -r @swc-node/register tools/fuzz/scan-dockerfile.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/scan-dockerfile/scan-dockerfile';
import { arg, prng } from './lib';

const SEEDS = [
  `# syntax=docker/dockerfile:1
ARG BASE=node:20-slim
FROM node:20 AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci && npm run build
FROM \${BASE}
WORKDIR /app
COPY --from=build /src/dist ./dist
RUN groupadd -r app && useradd -r -g app app
USER app:app
EXPOSE 8080/tcp
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8080/ || exit 1
CMD ["node", "dist/main.js"]
`,
  `# escape=\`
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS build
RUN echo one \`
  # comment inside
    && echo two
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY --from=build C:\\app C:\\app
WORKDIR C:\\app
USER ContainerUser
HEALTHCHECK CMD ["C:\\\\app\\\\health.exe"]
`,
  `FROM python:3.12-slim AS base
ENV PIP_NO_CACHE_DIR=1 A=1 B=$A
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 \\
    && rm -rf /var/lib/apt/lists/*
RUN <<EOF
set -e
USER root
pip install flask==3.0.3
EOF
COPY <<EOT /app/config.ini
[x]
FROM y
EOT
FROM base
ARG GITHUB_TOKEN
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
USER 1000:1000
HEALTHCHECK NONE
ENTRYPOINT ["python", "-m", "app"]
`,
  `FROM alpine:latest
MAINTAINER someone
RUN apk add git curl && curl -fsSL https://x.example/i.sh | sh
RUN sudo echo hi
ADD config.json id_rsa /etc/app
COPY --from=nowhere /a /b
EXPOSE 22 70000 8000-8010/udp
WORKDIR relative
ONBUILD ONBUILD RUN x
CMD ["a"
CMD b
HEALTHCHECK CMD true
HEALTHCHECK CMD false
USER root
`,
];

const TOKENS = [
  'FROM',
  'RUN',
  'COPY',
  'ADD',
  'USER',
  'HEALTHCHECK',
  'NONE',
  'CMD',
  'ENTRYPOINT',
  'ENV',
  'ARG',
  'EXPOSE',
  'WORKDIR',
  'ONBUILD',
  'SHELL',
  'VOLUME',
  'LABEL',
  'STOPSIGNAL',
  'MAINTAINER',
  'AS',
  '--from=',
  '--mount=type=cache,target=/x',
  '--chown=1:1',
  '--platform=$X',
  '\\',
  '`',
  '\\\n',
  '`\n',
  '<<EOF',
  '<<-EOT',
  'EOF',
  '[',
  ']',
  '["',
  '"]',
  '"',
  "'",
  '$',
  '${',
  '}',
  '${A:-b}',
  '$(',
  ')',
  '|',
  '||',
  '&&',
  ';',
  '#',
  '# escape=`',
  '# escape=\\',
  '# hadolint ignore=DL3007,DL3008',
  '# syntax=x',
  '=',
  ':',
  '@sha256:',
  ':latest',
  'root',
  '0:0',
  '22',
  '65536',
  'curl -s http://x | sh',
  'apt-get install -y',
  'pip install',
  'apk add',
  'sudo',
  '\t',
  '\r\n',
  '\u0000',
  '\uFEFF',
  '\u00e9',
  '\u2028',
  '\uD83D\uDE00',
  '\uD800',
];

function mutate(text: string, rand: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const rounds = 1 + Math.floor(rand() * 4);
  let out = text;
  for (let r = 0; r < rounds; r++) {
    const lines = out.split('\n');
    const at = Math.floor(rand() * (out.length + 1));
    switch (Math.floor(rand() * 10)) {
      case 0: {
        // byte flip
        if (out.length === 0) break;
        const i = Math.floor(rand() * out.length);
        out = out.slice(0, i) + String.fromCharCode(out.charCodeAt(i) ^ (1 << Math.floor(rand() * 7))) + out.slice(i + 1);
        break;
      }
      case 1:
        out = out.slice(0, at);
        break;
      case 2: {
        const i = Math.floor(rand() * lines.length);
        lines.splice(i, 0, lines[i] ?? '');
        out = lines.join('\n');
        break;
      }
      case 3: {
        const i = Math.floor(rand() * lines.length);
        lines.splice(i, 1);
        out = lines.join('\n');
        break;
      }
      case 4:
        out = out.slice(0, at) + pick(TOKENS) + out.slice(at);
        break;
      case 5:
        out = out.slice(0, at) + ' ' + pick(TOKENS) + ' ' + pick(TOKENS) + out.slice(at);
        break;
      case 6: {
        // structure-aware: a random instruction line inserted at a line boundary
        const i = Math.floor(rand() * (lines.length + 1));
        lines.splice(
          i,
          0,
          `${pick(['FROM', 'RUN', 'COPY', 'USER', 'HEALTHCHECK', 'ENV', 'ARG', 'EXPOSE', 'WORKDIR', 'ONBUILD', 'CMD'])} ${pick(TOKENS)} ${pick(TOKENS)}`,
        );
        out = lines.join('\n');
        break;
      }
      case 7: {
        // swap two lines
        const i = Math.floor(rand() * lines.length);
        const j = Math.floor(rand() * lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        out = lines.join('\n');
        break;
      }
      case 8: {
        // random unicode run
        let junk = '';
        const n = 1 + Math.floor(rand() * 8);
        for (let k = 0; k < n; k++) junk += String.fromCharCode(Math.floor(rand() * 0xffff));
        out = out.slice(0, at) + junk + out.slice(at);
        break;
      }
      default: {
        // splice in a chunk of another seed
        const other = pick(SEEDS);
        const a = Math.floor(rand() * other.length);
        out = out.slice(0, at) + other.slice(a, a + Math.floor(rand() * 200)) + out.slice(at);
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const iterations = arg('iterations', 10000);
  const seed = arg('seed', 1);
  const rand = prng(seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-scan-dockerfile-'));
  let exceptions = 0;
  let internal = 0;
  let withErrors = 0;
  let scanMs = 0;
  const started = Date.now();
  try {
    for (let i = 0; i < iterations; i++) {
      const input = mutate(SEEDS[i % SEEDS.length], rand);
      const file = `f${i % 64}.Dockerfile`;
      fs.writeFileSync(path.join(dir, file), input);
      const t0 = process.hrtime.bigint();
      try {
        const result = await check.run([file], {}, { cwd: dir });
        if (!result.ok) withErrors++;
        const bad = result.findings.filter((f) => f.rule === 'dockerfile/internal-error');
        if (bad.length > 0) {
          internal++;
          if (internal <= 3) console.error(`internal error on input ${i}: ${bad[0].message}\n${JSON.stringify(input)}`);
        }
      } catch (error) {
        exceptions++;
        if (exceptions <= 3) console.error(`uncaught on input ${i}: ${(error as Error).stack}\n${JSON.stringify(input)}`);
      }
      scanMs += Number(process.hrtime.bigint() - t0) / 1e6;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz scan-dockerfile: ${iterations} inputs, ${exceptions} uncaught exceptions, ${internal} internal-error findings, ${withErrors} with error findings, ${seconds} s (${(scanMs / iterations).toFixed(2)} ms per file)`,
  );
  if (exceptions > 0 || internal > 0) process.exit(1);
}

void main();
