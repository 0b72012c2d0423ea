import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { parse } from '../args';
import { CliIO, UsageError } from '../io';
import { PLUGIN_ENTRY_NAMES } from '../../utils/package-info';

export const help = `Usage: plan doctor [--timeout <ms>]

Checks what a run relies on before it relies on it:
  - the nx version installed in the workspace and whether nx.json loads the plan plugin;
  - the remote cache: when NX_SELF_HOSTED_REMOTE_CACHE_SERVER is set, asks the server for a
    random hash (GET /v1/cache/<hash>, Bearer NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).
    A miss (404) or a hit (200) means it answers and accepts the token. Nx fails every
    run while the variable points to a server that is down or rejects the token.
  --timeout <ms>   how long to wait for the cache server (default 5000)
Exit codes: 0 ready (warnings allowed), 1 the remote cache would fail runs, 2 usage error.
`;

export const SERVER_VAR = 'NX_SELF_HOSTED_REMOTE_CACHE_SERVER';
export const TOKEN_VAR = 'NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN';
/** The nx range the plugin supports (package.json peerDependencies). */
const NX_MAJORS = { min: 22, max: 24 };

type Env = Record<string, string | undefined>;

/** `plan doctor`: workspace facts (warnings) and a probe of the configured remote cache (gate). */
export async function doctorCommand(args: string[], io: CliIO, env: Env = process.env): Promise<number> {
  const { values } = parse(args, { timeout: { type: 'string' } }, 'doctor');
  if (values.help) return (io.out(help), 0);
  const timeout = values.timeout === undefined ? 5000 : Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0)
    throw new UsageError(`--timeout must be a positive number of milliseconds (got "${values.timeout}").`);
  for (const line of workspaceLines(io.cwd)) io.out(`${line}\n`);
  const cache = await remoteCacheLines(env, timeout);
  for (const line of cache.lines) io.out(`${line}\n`);
  return cache.ok ? 0 : 1;
}

/** nx version and plugin registration: warnings only, a run can still be started without them. */
export function workspaceLines(cwd: string): string[] {
  const root = workspaceRoot(cwd);
  if (!root) return [`⚠ no nx.json in ${cwd} or above: not inside an Nx workspace (plan validate/verify still work; nx targets do not)`];
  const lines: string[] = [];
  const nx = installedNxVersion(root);
  if (!nx) lines.push(`⚠ nx is not installed in ${root}: npm install -D nx@${NX_MAJORS.max}`);
  else {
    const major = Number(nx.split('.')[0]);
    if (major >= NX_MAJORS.min && major <= NX_MAJORS.max) lines.push(`✔ nx ${nx} (workspace ${root})`);
    else
      lines.push(
        `⚠ nx ${nx} in ${root} is outside the supported range (>=${NX_MAJORS.min} <${NX_MAJORS.max + 1}): npm install -D nx@${NX_MAJORS.max}`,
      );
  }
  lines.push(pluginLine(path.join(root, 'nx.json')));
  return lines;
}

function workspaceRoot(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function installedNxVersion(root: string): string | undefined {
  try {
    return JSON.parse(readFileSync(require.resolve('nx/package.json', { paths: [root] }), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function pluginLine(nxJsonFile: string): string {
  let nxJson: { plugins?: Array<string | { plugin?: string }> };
  try {
    nxJson = JSON.parse(readFileSync(nxJsonFile, 'utf8'));
  } catch (error) {
    return `⚠ ${nxJsonFile} is not valid JSON (${(error as Error).message}): Nx cannot load it`;
  }
  const registered = (nxJson.plugins ?? []).some((p) => PLUGIN_ENTRY_NAMES.has(typeof p === 'string' ? p : (p?.plugin ?? '')));
  return registered
    ? '✔ the plan plugin is registered in nx.json'
    : '⚠ the plan plugin is not registered in nx.json: plan.yaml files are not Nx projects until you run nx g plan:init';
}

export interface ProbeOutcome {
  status?: number;
  body?: string;
  /** Why no HTTP answer came (connection refused, timeout, DNS, TLS). */
  failure?: string;
  ms: number;
}

/** GET <server>/v1/cache/<hash> with the Bearer token, as Nx's HTTP remote cache does. */
export function probeRemoteCache(
  url: URL,
  token: string | undefined,
  hash: string,
  timeout: number,
  env: Env = process.env,
): Promise<ProbeOutcome> {
  const started = Date.now();
  const target = new URL(url.href);
  target.pathname = `${target.pathname.replace(/\/+$/, '')}/v1/cache/${hash}`;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: Omit<ProbeOutcome, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, ms: Date.now() - started });
    };
    const req = client.request(
      target,
      {
        method: 'GET',
        agent: false, // a fresh connection: a kept-alive socket would say nothing about the server now
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        // Nx's client honours NODE_TLS_REJECT_UNAUTHORIZED=0 too.
        ...(target.protocol === 'https:' ? { rejectUnauthorized: env.NODE_TLS_REJECT_UNAUTHORIZED !== '0' } : {}),
      },
      (res) => {
        // Read at most a little of the body: an error text helps; a 200 archive does not.
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < 512) chunks.push(chunk);
          size += chunk.length;
          if (size >= 512) res.destroy();
        });
        const finish = () => done({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8').slice(0, 200).trim() });
        res.on('end', finish);
        res.on('close', finish);
      },
    );
    const timer = setTimeout(() => {
      done({ failure: `no answer within ${timeout} ms` });
      req.destroy();
    }, timeout);
    req.on('error', (error) => done({ failure: describeNetworkError(error as NodeJS.ErrnoException, target) }));
    req.end();
  });
}

function describeNetworkError(error: NodeJS.ErrnoException, url: URL): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens on that port)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${url.hostname} not found (DNS)`;
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host ${url.hostname} is unreachable`;
    default:
      return error.code ? `${error.code}: ${error.message}` : error.message;
  }
}

/** The server URL without any user:password part, for messages. */
function display(url: URL): string {
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  return shown.href.replace(/\/$/, '');
}

export async function remoteCacheLines(env: Env, timeout: number): Promise<{ ok: boolean; lines: string[] }> {
  const server = env[SERVER_VAR]?.trim();
  if (!server) return { ok: true, lines: [`• no remote cache configured (${SERVER_VAR} is not set): Nx uses its local cache only`] };
  if (env.NX_SKIP_REMOTE_CACHE === 'true' || env.NX_DISABLE_REMOTE_CACHE === 'true') {
    return {
      ok: true,
      lines: [`• ${SERVER_VAR} is set, but NX_SKIP_REMOTE_CACHE/NX_DISABLE_REMOTE_CACHE=true: Nx does not use the remote cache`],
    };
  }
  let url: URL;
  try {
    url = new URL(server);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`protocol ${url.protocol} is not http: or https:`);
  } catch (error) {
    return {
      ok: false,
      lines: [
        `✖ ${SERVER_VAR}="${server}" is not an http(s) URL (${(error as Error).message}): set it to the server's base URL, e.g. https://cache.example.com, or unset it`,
      ],
    };
  }
  const token = env[TOKEN_VAR] || undefined;
  const shown = display(url);
  const outcome = await probeRemoteCache(url, token, randomBytes(32).toString('hex'), timeout, env);
  if (outcome.failure !== undefined) {
    return {
      ok: false,
      lines: [
        `✖ remote cache at ${shown} does not answer: ${outcome.failure}; Nx will fail every run while ${SERVER_VAR} is set: start the server, fix the URL, or unset the variable`,
      ],
    };
  }
  const status = outcome.status!;
  const said = outcome.body ? `: ${outcome.body.split('\n')[0]}` : '';
  if (status === 404 || status === 200) {
    const tokenNote = token ? 'token accepted' : `no ${TOKEN_VAR} set, the server does not ask for one`;
    return { ok: true, lines: [`✔ remote cache at ${shown} answers (HTTP ${status} for a random hash in ${outcome.ms} ms; ${tokenNote})`] };
  }
  if (status === 401 || status === 403) {
    const fix = token ? `set ${TOKEN_VAR} to a token the server accepts` : `the server needs a token: set ${TOKEN_VAR}`;
    return {
      ok: false,
      lines: [
        `✖ remote cache at ${shown} rejected the ${token ? 'token' : 'request'} (HTTP ${status}${said}): ${fix}, or unset ${SERVER_VAR}; Nx fails every run until then`,
      ],
    };
  }
  return {
    ok: false,
    lines: [
      `✖ remote cache at ${shown} answered HTTP ${status}${said} to GET /v1/cache/<hash> (a miss should be 404): is it a server for Nx's self-hosted remote cache API? Fix the URL or unset ${SERVER_VAR}`,
    ],
  };
}
