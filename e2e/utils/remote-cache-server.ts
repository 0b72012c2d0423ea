/**
 * TEST FIXTURE, not a product: a minimal in-memory server for Nx's self-hosted remote cache
 * protocol (https://nx.dev/docs/guides/tasks--caching/self-hosted-caching), used by tests to run
 * real `nx` against a remote cache and by `plan doctor`'s specs. Listens on 127.0.0.1 only, on a
 * random port, keeps the tar bodies in memory and has no persistence, limits or TLS.
 *
 *   GET /v1/cache/{hash}  200 application/octet-stream | 404 miss
 *   PUT /v1/cache/{hash}  200 stored | 409 exists already | 400 no Content-Length
 *   any                   401 missing/wrong `Authorization: Bearer <token>` (when a token is set)
 *   GET /__fixture/stats  the counters as JSON (fixture only, no token; for the child-process mode)
 *
 * In-process (`startRemoteCacheServer`) the server answers only while the test's event loop runs:
 * run nx with an async spawn, never spawnSync/execSync, or nx waits on the cache forever. Tests
 * that use spawnSync start it in a child process instead (`startRemoteCacheServerProcess`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, get, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

export interface RemoteCacheStats {
  hits: number;
  misses: number;
  puts: number;
  conflicts: number;
  unauthorized: number;
}

export interface RemoteCacheServerOptions {
  /** Bearer token the server demands; undefined accepts any request. */
  token?: string;
  /** Answer reads but refuse writes with 403 (a read-only token). */
  readOnly?: boolean;
}

const PATH = /^\/v1\/cache\/([A-Za-z0-9]+)$/;

export class RemoteCacheServer {
  readonly entries = new Map<string, Buffer>();
  readonly stats: RemoteCacheStats = { hits: 0, misses: 0, puts: 0, conflicts: 0, unauthorized: 0 };
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  private port = 0;

  constructor(readonly options: RemoteCacheServerOptions = {}) {}

  /** The value for NX_SELF_HOSTED_REMOTE_CACHE_SERVER. */
  get url(): string {
    if (!this.port) throw new Error('remote cache fixture: call start() first');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    if (this.server) return this.url;
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.url;
  }

  /** Closes the listener and any kept-alive connection; the port then refuses connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'GET' && req.url === '/__fixture/stats') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ...this.stats, entries: this.entries.size }));
      return;
    }
    const match = PATH.exec((req.url ?? '').split('?')[0]);
    if (!match) return this.reply(res, 404, 'not a cache path');
    if (this.options.token !== undefined && req.headers.authorization !== `Bearer ${this.options.token}`) {
      this.stats.unauthorized++;
      req.resume();
      return this.reply(res, 401, 'Missing or invalid authentication token.');
    }
    const hash = match[1];
    if (req.method === 'GET') {
      const body = this.entries.get(hash);
      if (!body) {
        this.stats.misses++;
        return this.reply(res, 404, 'Not found');
      }
      this.stats.hits++;
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    if (req.method === 'PUT') {
      if (this.options.readOnly) {
        req.resume();
        return this.reply(res, 403, 'Access forbidden: read-only token.');
      }
      if (req.headers['content-length'] === undefined) {
        req.resume();
        return this.reply(res, 400, 'Missing Content-Length header.');
      }
      if (this.entries.has(hash)) {
        this.stats.conflicts++;
        req.resume();
        return this.reply(res, 409, 'Cannot override an existing record.');
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.entries.set(hash, Buffer.concat(chunks));
        this.stats.puts++;
        this.reply(res, 200, '');
      });
      return;
    }
    req.resume();
    this.reply(res, 405, 'Method not allowed');
  }

  private reply(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { 'Content-Type': 'text/plain' });
    res.end(text);
  }
}

/** Starts a fixture server; `await using`-free tests call stop() in afterAll. */
export async function startRemoteCacheServer(options: RemoteCacheServerOptions = {}): Promise<RemoteCacheServer> {
  const server = new RemoteCacheServer(options);
  await server.start();
  return server;
}

/** The fixture in a child node process, for tests that block their own event loop (spawnSync). */
export interface RemoteCacheServerProcess {
  url: string;
  stats(): Promise<RemoteCacheStats & { entries: number }>;
  stop(): Promise<void>;
}

export async function startRemoteCacheServerProcess(options: RemoteCacheServerOptions = {}): Promise<RemoteCacheServerProcess> {
  const args = ['-r', require.resolve('@swc-node/register'), __filename, '--serve'];
  if (options.token !== undefined) args.push('--token', options.token);
  if (options.readOnly) args.push('--read-only');
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`remote cache fixture exited (${code}) before listening`)));
    child.once('error', reject);
  });
  return {
    url,
    stats: () =>
      new Promise((resolve, reject) => {
        get(`${url}/__fixture/stats`, { agent: false }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(JSON.parse(body)));
        }).on('error', reject);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// `node -r @swc-node/register remote-cache-server.ts --serve [--token T] [--read-only]`: prints the URL.
if (require.main === module && process.argv.includes('--serve')) {
  const at = process.argv.indexOf('--token');
  const server = new RemoteCacheServer({
    token: at > 0 ? process.argv[at + 1] : undefined,
    readOnly: process.argv.includes('--read-only'),
  });
  server.start().then((url) => process.stdout.write(`${url}\n`));
  process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
}
