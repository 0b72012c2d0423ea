import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckResult, CheckUsageError, Finding } from '../contract';
import { declared } from '../../testing/declared-rules';
import { rules } from './rule-catalogue';
import { check } from './scan-dockerfile';
import { shellcheckAvailable } from './shellcheck';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-dockerfile-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/** Writes `text` under the temp dir and scans it by its relative path. */
async function scan(text: string, options: Record<string, unknown> = {}): Promise<CheckResult & { file: string }> {
  const file = `case-${++counter}/Dockerfile`;
  fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
  const result = declared(rules, await check.run([file], options, { cwd: dir }));
  return { ...result, file };
}

function byRule(result: CheckResult, rule: string): Finding[] {
  return result.findings.filter((f) => f.rule === rule);
}

function errors(result: CheckResult): Finding[] {
  return result.findings.filter((f) => f.severity === 'error');
}

const TAIL = `RUN useradd -r app
USER app
HEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1
CMD ["./server"]
`;

const GOOD = `# syntax=docker/dockerfile:1
FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM debian:12.5-slim
WORKDIR /app
COPY --from=build /out/server /app/server
RUN useradd -r -u 10001 app
USER app:app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/server", "-health"]
ENTRYPOINT ["/app/server"]
`;

describe('scan-dockerfile: the definition of done', () => {
  it('passes a multi-stage, non-root Dockerfile with a HEALTHCHECK with zero errors and reports its facts', async () => {
    const result = await scan(GOOD);
    expect(errors(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.check).toBe('scan-dockerfile');
    const facts = (result.metadata?.files as Record<string, unknown>[])[0];
    expect(facts.file).toBe(result.file);
    expect(facts.stages).toEqual([
      { name: 'build', baseImage: 'golang:1.22-bookworm', line: 2 },
      { name: null, baseImage: 'debian:12.5-slim', line: 9 },
    ]);
    expect(facts.finalStageUser).toBe('app:app');
    expect(facts.finalStageRunsAsRoot).toBe(false);
    expect(facts.healthcheck).toBe('["/app/server", "-health"]');
    expect(facts.exposedPorts).toEqual(['8080']);
  });

  it('fails a final stage with no USER at all (DS-0002) at its FROM line', async () => {
    const result = await scan(`FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\nHEALTHCHECK CMD true\n`);
    expect(result.ok).toBe(false);
    const [f] = byRule(result, 'DS-0002');
    expect(f).toMatchObject({ severity: 'error', file: result.file, line: 3, column: 1 });
    expect(f.message).toMatch(/USER/);
    expect(byRule(result, 'DL3002')).toEqual([]);
    expect((result.metadata?.files as Record<string, unknown>[])[0].finalStageRunsAsRoot).toBe(true);
  });

  it('fails USER root in the final stage only (DL3002), not in the build stage', async () => {
    const result = await scan(
      `FROM node:20 AS build\nUSER root\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\nUSER app\nUSER 0:0\nHEALTHCHECK CMD true\n`,
    );
    expect(byRule(result, 'DL3002')).toEqual([expect.objectContaining({ severity: 'error', line: 7, column: 1 })]);
    expect(byRule(result, 'DS-0002')).toEqual([]);
    expect(result.ok).toBe(false);
  });

  it.each(['root', '0', 'root:root', '0:1000'])('treats USER %s as root', async (user) => {
    const result = await scan(`FROM a:1 AS b\nFROM a:1\nCOPY --from=b /x /x\nUSER ${user}\nHEALTHCHECK CMD true\n`);
    expect(byRule(result, 'DL3002')).toHaveLength(1);
  });

  it('accepts a user inherited from an earlier stage via FROM <alias>', async () => {
    const result = await scan(
      `FROM python:3.12-slim AS base\nRUN useradd -r app\nUSER app\nHEALTHCHECK CMD python -c "print(1)"\nFROM base\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n`,
    );
    expect(errors(result)).toEqual([]);
    const facts = (result.metadata?.files as Record<string, unknown>[])[0];
    expect(facts.finalStageUser).toBe('app');
    expect(facts.healthcheck).toBe('python -c "print(1)"');
  });

  it('fails an inherited root user with DS-0002', async () => {
    const result = await scan(`FROM python:3.12-slim AS base\nUSER root\nFROM base\nHEALTHCHECK CMD true\n`);
    expect(byRule(result, 'DS-0002')).toEqual([expect.objectContaining({ line: 3 })]);
    expect(byRule(result, 'DS-0002')[0].message).toMatch(/inherits USER root from stage "base" \(line 2\)/);
  });

  it('fails HEALTHCHECK NONE at its line', async () => {
    const result = await scan(`FROM a:1 AS b\nFROM a:1\nCOPY --from=b /x /x\nUSER app\nHEALTHCHECK NONE\n`);
    expect(byRule(result, 'dockerfile/healthcheck-none')).toEqual([expect.objectContaining({ severity: 'error', line: 5, column: 1 })]);
    expect(result.ok).toBe(false);
    expect((result.metadata?.files as Record<string, unknown>[])[0].healthcheck).toBeNull();
  });

  it('fails a missing HEALTHCHECK (DL3057) at the final FROM', async () => {
    const result = await scan(`FROM a:1 AS b\nHEALTHCHECK CMD true\nFROM a:1\nCOPY --from=b /x /x\nUSER app\n`);
    expect(byRule(result, 'DL3057')).toEqual([expect.objectContaining({ severity: 'error', line: 3 })]);
  });

  it('fails two HEALTHCHECKs in a stage (DL3012) at the second', async () => {
    const result = await scan(`FROM a:1 AS b\nFROM a:1\nCOPY --from=b /x /x\nUSER app\nHEALTHCHECK CMD true\nHEALTHCHECK CMD false\n`);
    expect(byRule(result, 'DL3012')).toEqual([expect.objectContaining({ severity: 'error', line: 6 })]);
    expect(result.ok).toBe(false);
  });

  it('fails a single-stage build, unless allowSingleStage', async () => {
    const text = `FROM node:20-slim\nWORKDIR /app\nCOPY . .\n${TAIL}`;
    const strict = await scan(text);
    expect(byRule(strict, 'dockerfile/multi-stage')).toEqual([expect.objectContaining({ severity: 'error', line: 1, column: 1 })]);
    expect(errors(strict)).toHaveLength(1);
    const relaxed = await scan(text, { allowSingleStage: true });
    expect(relaxed.ok).toBe(true);
  });

  it('fails two stages when the final one takes nothing from the first', async () => {
    const result = await scan(`FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim\n${TAIL}`);
    expect(byRule(result, 'dockerfile/multi-stage')).toEqual([expect.objectContaining({ line: 3 })]);
  });

  it('counts COPY --from=<index> and RUN --mount=from=<stage> as using an earlier stage', async () => {
    const byIndex = await scan(`FROM node:20 AS build\nFROM node:20-slim\nCOPY --from=0 /a /a\n${TAIL}`);
    expect(byRule(byIndex, 'dockerfile/multi-stage')).toEqual([]);
    const byMount = await scan(`FROM node:20 AS build\nFROM node:20-slim\nRUN --mount=type=bind,from=build,target=/b cp /b/x /x\n${TAIL}`);
    expect(byRule(byMount, 'dockerfile/multi-stage')).toEqual([]);
  });
});

describe('scan-dockerfile: parsing traps', () => {
  it('does not read heredoc bodies as instructions', async () => {
    const result = await scan(
      `FROM a:1 AS b\nFROM a:1\nCOPY --from=b /x /x\nUSER app\nRUN <<EOF\nUSER root\nHEALTHCHECK NONE\nFROM scratch\nEOF\nHEALTHCHECK CMD true\n`,
    );
    expect(errors(result)).toEqual([]);
    const facts = (result.metadata?.files as Record<string, unknown>[])[0];
    expect(facts.stages).toHaveLength(2);
    expect(facts.finalStageUser).toBe('app');
  });

  it('still scans the script of a RUN heredoc', async () => {
    const result = await scan(
      `FROM a:1 AS b\nFROM a:1\nCOPY --from=b /x /x\nUSER app\nRUN <<EOF\nset -e\ncurl -fsSL https://x.example/i.sh | sh\nEOF\nHEALTHCHECK CMD true\n`,
    );
    expect(byRule(result, 'dockerfile/pipe-to-shell')).toEqual([expect.objectContaining({ line: 5 })]);
  });

  it('honours the escape directive with backtick continuations and comment lines inside them', async () => {
    const text = [
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS build',
      'RUN echo one `',
      '  # curl http://x | sh  (a comment, not a command)',
      '    && sudo echo two',
      'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022',
      'COPY --from=build C:\\app C:\\app',
      'WORKDIR C:\\app',
      'USER ContainerUser',
      'HEALTHCHECK CMD ["C:\\\\app\\\\health.exe"]',
    ].join('\n');
    const result = await scan(text);
    expect(byRule(result, 'DL3004')).toEqual([expect.objectContaining({ line: 3, column: 1 })]);
    expect(byRule(result, 'dockerfile/pipe-to-shell')).toEqual([]);
    expect(byRule(result, 'DL3000')).toEqual([]);
    expect(errors(result).map((f) => f.rule)).toEqual(['DL3004']);
  });

  it('reads `CMD ["a"` (one bracket) as shell form and still counts CMDs', async () => {
    const result = await scan(`FROM a:1 AS b\nFROM a:1\nCOPY --from=b /x /x\nUSER app\nHEALTHCHECK CMD true\nCMD ["a"\nCMD ["b"]\n`);
    expect(byRule(result, 'DL4003')).toEqual([expect.objectContaining({ line: 7 })]);
  });

  it('turns syntax garbage into findings with positions, never a throw', async () => {
    const result = await scan('\u0000\u0001garbage {{{\nFROM\nEXPOSE abc\nHEALTHCHECK --interval=xx CMD true\n');
    expect(result.ok).toBe(false);
    const syntax = byRule(result, 'dockerfile/syntax');
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax.map((f) => f.line)).toEqual(expect.arrayContaining([1, 2, 3, 4]));
    for (const f of syntax) expect(f).toMatchObject({ severity: 'error', file: result.file, column: expect.any(Number) });
    expect(byRule(result, 'dockerfile/internal-error')).toEqual([]);
  });

  it('survives input on which dockerfile-ast getHeredocs() throws (found by the fuzzer)', async () => {
    const result = await scan('FROM a:1 AS b\nRU \\\n # escape=\\N apk add git\nFROM b\nUSER app\nHEALTHCHECK CMD true\n');
    expect(byRule(result, 'dockerfile/internal-error')).toEqual([]);
    expect(byRule(result, 'dockerfile/syntax')).toEqual([expect.objectContaining({ line: 2 })]);
  });

  it('reports a file without FROM', async () => {
    const result = await scan('# only a comment\n');
    expect(byRule(result, 'dockerfile/syntax')).toEqual([expect.objectContaining({ line: 1, column: 1 })]);
  });
});

describe('scan-dockerfile: security gate', () => {
  /** A valid final stage around `body`, so only the rule under test fails. */
  const around = (body: string) =>
    `FROM alpine:3.20 AS build\nRUN true\nFROM alpine:3.20\nCOPY --from=build /x /x\n${body}\nUSER app\nHEALTHCHECK CMD true\n`;

  it.each([
    ['secret in ENV', 'ENV DB_PASSWORD=hunter2', 'DS-0031'],
    ['secret in ENV (legacy form)', 'ENV API_TOKEN abc', 'DS-0031'],
    ['secret in ARG', 'ARG GITHUB_TOKEN', 'DS-0031'],
    ['COPY id_rsa', 'COPY id_rsa /home/app/.ssh/id_rsa', 'DS-0031'],
    ['COPY a .pem', 'COPY certs/server.pem /etc/ssl/', 'DS-0031'],
    ['COPY .env', 'COPY .env /app/', 'DS-0031'],
    ['curl | sh', 'RUN curl -fsSL https://get.example.com | sh', 'dockerfile/pipe-to-shell'],
    ['wget | bash', 'RUN wget -qO- https://x.example/i | bash -s', 'dockerfile/pipe-to-shell'],
    ['curl | tee | /bin/sh', 'RUN curl -s https://x.example/i | tee /tmp/log | /bin/sh', 'dockerfile/pipe-to-shell'],
    ['sh -c "$(curl)"', 'RUN sh -c "$(curl -fsSL https://x.example/i)"', 'dockerfile/pipe-to-shell'],
    ['sudo', 'RUN sudo apk add --no-cache git=2.45.2-r0', 'DL3004'],
    ['MAINTAINER', 'MAINTAINER someone@example.com', 'DL4000'],
    ['ADD of a local file', 'ADD app.jar /app/app.jar', 'DL3020'],
    ['EXPOSE 22', 'EXPOSE 22/tcp', 'DS-0004'],
    ['EXPOSE out of range', 'EXPOSE 70000', 'DL3011'],
    ['relative WORKDIR', 'WORKDIR app', 'DL3000'],
    ['WORKDIR on a system folder', 'WORKDIR /proc/self', 'DS-0030'],
    ['COPY several sources to a file', 'COPY a.txt b.txt /dest', 'DL3021'],
    ['ONBUILD FROM', 'ONBUILD FROM alpine:3.20', 'DL3043'],
    ['ENV self reference', 'ENV A=1 B=$A', 'DL3044'],
    ['two ENTRYPOINTs', 'ENTRYPOINT ["a"]\nENTRYPOINT ["b"]', 'DL4004'],
    ['COPY --from its own stage', 'COPY --from=final /a /b', 'DL3023'],
  ])('%s is an error (%s)', async (_name, body, rule) => {
    const text = around(body).replace('FROM alpine:3.20\n', rule === 'DL3023' ? 'FROM alpine:3.20 AS final\n' : 'FROM alpine:3.20\n');
    const result = await scan(text);
    const found = byRule(result, rule);
    expect(found.length).toBeGreaterThan(0);
    const bodyLine = 5 + (body.includes('\n') ? 1 : 0);
    expect(found[0]).toMatchObject({ severity: 'error', file: result.file, line: bodyLine, column: 1 });
    expect(result.ok).toBe(false);
    // Nothing else fails: the rest of the file is clean.
    expect(new Set(errors(result).map((f) => f.rule))).toEqual(new Set([rule]));
  });

  it('does not flag harmless look-alikes', async () => {
    const result = await scan(
      around(
        [
          'ENV PASSWORD_FILE=/run/secrets/db_password',
          'ADD https://example.com/tool.tar.gz /opt/',
          'ADD vendor.tar.gz /opt/vendor/',
          'COPY envs/ /app/envs/',
          'RUN curl -fsSLo /tmp/i.sh https://x.example/i.sh && sha256sum -c /tmp/sum && sh /tmp/i.sh',
          'EXPOSE 8080 8000-8010/udp',
          'WORKDIR /usr/src/app',
        ].join('\n'),
      ),
    );
    expect(errors(result)).toEqual([]);
  });

  it('fails :latest (DL3007) and no tag (DL3006) but not stage names, scratch or digests', async () => {
    const result = await scan(
      `FROM alpine:latest AS a\nFROM alpine AS b\nFROM registry.example.com:5000/team/img AS c\nFROM alpine@sha256:${'a'.repeat(64)} AS d\nFROM scratch AS e\nFROM a\nCOPY --from=b /x /x\nUSER app\nHEALTHCHECK CMD true\n`,
    );
    expect(byRule(result, 'DL3007')).toEqual([expect.objectContaining({ severity: 'error', line: 1 })]);
    expect(byRule(result, 'DL3006').map((f) => f.line)).toEqual([2, 3]);
  });

  it('resolves the base image from global ARG defaults', async () => {
    const result = await scan(`ARG BASE=alpine:latest\nFROM \${BASE} AS a\nFROM a\nUSER app\nHEALTHCHECK CMD true\n`);
    expect(byRule(result, 'DL3007')).toEqual([expect.objectContaining({ line: 2 })]);
  });

  it('honours `# hadolint ignore=DL3007` on the line before, and only for that instruction', async () => {
    const result = await scan(
      `# hadolint ignore=DL3007\nFROM alpine:latest AS a\nFROM alpine:latest\nCOPY --from=a /x /x\nUSER app\nHEALTHCHECK CMD true\n`,
    );
    expect(byRule(result, 'DL3007')).toEqual([expect.objectContaining({ line: 3 })]);
    expect((result.metadata?.files as Record<string, unknown>[])[0].ignoredByPragma).toBe(1);
  });

  it('honours a list of ids and alias ids (DL3064 for DS-0031)', async () => {
    const result = await scan(around('# hadolint ignore=DL3020,DL3064\nADD secret.pem /x.pem'));
    expect(byRule(result, 'DL3020')).toEqual([]);
    expect(byRule(result, 'DS-0031')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('fails COPY --from an unknown stage (DL3022) and duplicate stage names (DL3024)', async () => {
    const result = await scan(
      `FROM a:1 AS build\nFROM a:1 AS build\nFROM a:1\nCOPY --from=unknown /x /x\nCOPY --from=build /y /y\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nUSER app\nHEALTHCHECK CMD true\n`,
    );
    expect(byRule(result, 'DL3022')).toEqual([expect.objectContaining({ severity: 'error', line: 4, column: 1 })]);
    expect(byRule(result, 'DL3024')).toEqual([expect.objectContaining({ severity: 'error', line: 2 })]);
  });

  it('fails instructions before the first FROM other than ARG (DL3061)', async () => {
    const result = await scan(`ARG V=1\nRUN echo hi\nFROM a:1 AS b\nFROM b\nUSER app\nHEALTHCHECK CMD true\n`);
    expect(byRule(result, 'DL3061')).toEqual([expect.objectContaining({ line: 2 })]);
  });
});

describe('scan-dockerfile: package-manager hygiene (warnings)', () => {
  const around = (run: string) =>
    `FROM debian:12 AS build\nRUN true\nFROM debian:12\nCOPY --from=build /x /x\n${run}\nUSER app\nHEALTHCHECK CMD true\n`;

  it('warns on unpinned apt without failing the check', async () => {
    const result = await scan(around('RUN apt-get update && apt-get install -y curl ca-certificates=20230311'));
    expect(result.ok).toBe(true);
    const [pin] = byRule(result, 'DL3008');
    expect(pin).toMatchObject({ severity: 'warning', line: 5, column: 1 });
    expect(pin.message).toContain('"curl"');
    expect(pin.message).not.toContain('ca-certificates');
    expect(byRule(result, 'DL3015')).toEqual([expect.objectContaining({ severity: 'warning', line: 5 })]);
    expect(byRule(result, 'DL3009')).toEqual([expect.objectContaining({ severity: 'warning', line: 5 })]);
  });

  it('is quiet for a tidy apt-get', async () => {
    const result = await scan(
      around('RUN apt-get update \\\n  && apt-get install -y --no-install-recommends curl=7.88.1-10 \\\n  && rm -rf /var/lib/apt/lists/*'),
    );
    expect(result.findings.filter((f) => f.rule.startsWith('DL30'))).toEqual([]);
  });

  it('warns on pip without pins or --no-cache-dir, and on apk without pins or --no-cache', async () => {
    const pip = await scan(around('RUN pip install flask "requests>=2" -r requirements.txt'));
    expect(byRule(pip, 'DL3013')[0].message).toContain('"flask"');
    expect(byRule(pip, 'DL3013')[0].message).not.toContain('requests');
    expect(byRule(pip, 'DL3013')[0].message).not.toContain('"requirements.txt"');
    expect(byRule(pip, 'DL3042')).toHaveLength(1);
    const tidyPip = await scan(around('RUN python3 -m pip install --no-cache-dir flask==3.0.3'));
    expect(byRule(tidyPip, 'DL3013')).toEqual([]);
    expect(byRule(tidyPip, 'DL3042')).toEqual([]);
    const apk = await scan(around('RUN apk add --virtual .deps git'));
    expect(byRule(apk, 'DL3018')[0].message).toContain('"git"');
    expect(byRule(apk, 'DL3018')[0].message).not.toContain('.deps');
    expect(byRule(apk, 'DL3019')).toHaveLength(1);
    expect(apk.ok).toBe(true);
  });

  it('marks consecutive RUNs as info (DL3059)', async () => {
    const result = await scan(around('RUN echo a\nRUN echo b'));
    expect(byRule(result, 'DL3059')).toEqual([expect.objectContaining({ severity: 'info', line: 6 })]);
  });
});

describe('scan-dockerfile: paths and options', () => {
  it('reports a missing path as dockerfile/not-found with the path as given', async () => {
    const result = declared(rules, await check.run(['nope/Dockerfile'], {}, { cwd: dir }));
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'dockerfile/not-found', severity: 'error', file: 'nope/Dockerfile' }),
    ]);
    expect(result.ok).toBe(false);
  });

  it('scans the Dockerfile of a folder, naming it inside the given folder', async () => {
    const { file } = await scan(GOOD);
    const folder = path.dirname(file);
    const result = declared(rules, await check.run([folder], {}, { cwd: dir }));
    expect(result.ok).toBe(true);
    expect((result.metadata?.files as Record<string, unknown>[])[0].file).toBe(path.join(folder, 'Dockerfile'));
  });

  it('throws a usage error without paths or with a bad option value', async () => {
    await expect(check.run([], {}, { cwd: dir })).rejects.toBeInstanceOf(CheckUsageError);
    await expect(check.run(['x'], { allowSingleStage: 'yes' as unknown as boolean }, { cwd: dir })).rejects.toBeInstanceOf(CheckUsageError);
  });

  it('counts findings by rule in metadata', async () => {
    const result = await scan(`FROM alpine:latest\nMAINTAINER x\n`);
    expect(result.metadata?.countsByRule).toMatchObject({ DL3007: 1, DL4000: 1, 'dockerfile/multi-stage': 1, 'DS-0002': 1, DL3057: 1 });
  });
});

describe('scan-dockerfile: optional ShellCheck', () => {
  // ShellCheck is not a dependency: this runs only where a `shellcheck` binary is installed.
  const withShellcheck = shellcheckAvailable() ? it : it.skip;

  withShellcheck('reports ShellCheck findings in RUN bodies as warnings at the RUN line', async () => {
    const result = await scan(`FROM a:1 AS b\nFROM b\nUSER app\nHEALTHCHECK CMD true\nRUN echo $UNQUOTED_VAR\n`);
    const sc = result.findings.filter((f) => /^SC\d+$/.test(f.rule));
    expect(sc.length).toBeGreaterThan(0);
    expect(sc[0]).toMatchObject({ severity: expect.stringMatching(/warning|info/), line: 5 });
    expect(result.ok).toBe(true);
  });

  it('records whether ShellCheck ran', async () => {
    const result = await scan(GOOD);
    expect(result.metadata?.shellcheck).toBe(shellcheckAvailable());
  });
});
