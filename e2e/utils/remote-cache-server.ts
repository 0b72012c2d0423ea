/**
 * TEST FIXTURE, not a product: a minimal in-memory server for Nx's self-hosted remote cache
 * protocol (https://nx.dev/docs/guides/tasks--caching/self-hosted-caching), used by tests to run
 * real `nx` against a remote cache and by `plan doctor`'s specs. Listens on 127.0.0.1 only, on a
 * random port, keeps the tar bodies in memory and has no persistence, limits or TLS.
 *
 *   GET /v1/cache/{hash}  200 application/octet-stream | 404 miss
 *   PUT /v1/cache/{hash}  200 stored | 409 exists already | 400 no Content-Length
 *   any                   401 missing/wrong `Authorization: Bearer <token>` (when a token is set)
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
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
