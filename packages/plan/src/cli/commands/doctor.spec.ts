import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RemoteCacheServer, startRemoteCacheServer, startRemoteCacheServerProcess } from '../../../../../e2e/utils/remote-cache-server';
import { doctorCommand } from './doctor';
import { captureIO } from '../../testing/capture-io';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function folder(files: Record<string, string | object> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-doctor-'));
  roots.push(root);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

async function doctor(cwd: string, env: Record<string, string | undefined>, ...args: string[]) {
  const io = captureIO(cwd);
  const code = await doctorCommand(args, io, env);
  return { code, stdout: io.stdout };
}

/** Raw HTTP against the fixture, so its protocol is tested independently of doctor. */
function call(
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<{ status: number; body: Buffer; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const HASH = 'a'.repeat(64);

describe('remote cache fixture (e2e/utils/remote-cache-server.ts)', () => {
  let server: RemoteCacheServer;
  beforeAll(async () => (server = await startRemoteCacheServer({ token: 'secret' })));
  afterAll(() => server.stop());
  const auth = { Authorization: 'Bearer secret' };

  it('listens on loopback at a random port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('PUT stores the body (200), GET returns it as octet-stream, a second PUT is 409, unknown hash is 404', async () => {
    const tar = Buffer.from([0x75, 0x73, 0x74, 0x61, 0x72, 0, 1, 2, 255]);
    expect((await call(`${server.url}/v1/cache/${HASH}`, 'GET', auth)).status).toBe(404);
    expect((await call(`${server.url}/v1/cache/${HASH}`, 'PUT', { ...auth, 'Content-Length': String(tar.length) }, tar)).status).toBe(200);
    const got = await call(`${server.url}/v1/cache/${HASH}`, 'GET', auth);
    expect([got.status, got.type, got.body.equals(tar)]).toEqual([200, 'application/octet-stream', true]);
    expect((await call(`${server.url}/v1/cache/${HASH}`, 'PUT', { ...auth, 'Content-Length': '1' }, Buffer.from('x'))).status).toBe(409);
    expect(server.entries.get(HASH)!.equals(tar)).toBe(true);
    expect(server.stats).toMatchObject({ hits: 1, misses: 1, puts: 1, conflicts: 1 });
  });

  it('401 without or with a wrong Bearer token, 400 without Content-Length', async () => {
    expect((await call(`${server.url}/v1/cache/${HASH}`, 'GET')).status).toBe(401);
    expect((await call(`${server.url}/v1/cache/${HASH}`, 'GET', { Authorization: 'Bearer nope' })).status).toBe(401);
    expect(
      (await call(`${server.url}/v1/cache/${'b'.repeat(64)}`, 'PUT', { ...auth, 'Transfer-Encoding': 'chunked' }, Buffer.from('x'))).status,
    ).toBe(400);
    expect(server.stats.unauthorized).toBe(2);
  });

  it('a read-only server refuses writes with 403; stop() frees the port', async () => {
    const ro = await startRemoteCacheServer({ readOnly: true });
    expect((await call(`${ro.url}/v1/cache/${HASH}`, 'PUT', { 'Content-Length': '1' }, Buffer.from('x'))).status).toBe(403);
    const url = ro.url;
    await ro.stop();
    await expect(call(`${url}/v1/cache/${HASH}`, 'GET')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('remote cache fixture in a child process', () => {
  it('serves while the test blocks its own event loop, reports stats, stops', async () => {
    const child = await startRemoteCacheServerProcess({ token: 'secret' });
    try {
      const { spawnSync } = await import('node:child_process');
      const curl = `require('http').get(process.argv[1], { headers: { Authorization: 'Bearer secret' } }, (r) => { process.stdout.write(String(r.statusCode)); r.resume(); })`;
      const blocked = spawnSync(process.execPath, ['-e', curl, `${child.url}/v1/cache/${HASH}`], { encoding: 'utf8', timeout: 20000 });
      expect(blocked.stdout).toBe('404');
      expect(await child.stats()).toMatchObject({ misses: 1, hits: 0, puts: 0, entries: 0 });
    } finally {
      await child.stop();
    }
    await expect(call(`${child.url}/v1/cache/${HASH}`, 'GET')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('plan doctor', () => {
  let server: RemoteCacheServer;
  let stoppedUrl: string;
  beforeAll(async () => {
    server = await startRemoteCacheServer({ token: 'secret' });
    const stopped = await startRemoteCacheServer();
    stoppedUrl = stopped.url;
    await stopped.stop();
  });
  afterAll(() => server.stop());
  const env = (server: string | undefined, token?: string) => ({
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
  });

  it('a running cache with the right token: exit 0 and a ✔ line (one miss on the server)', async () => {
    const misses = server.stats.misses;
    const r = await doctor(folder(), env(server.url, 'secret'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^✔ remote cache at ${server.url.replace(/\./g, '\\.')} answers \\(HTTP 404 for a random hash in \\d+ ms; token accepted\\)$`,
        'm',
      ),
    );
    expect(server.stats.misses).toBe(misses + 1);
  });

  it('a base URL with a trailing slash works too', async () => {
    expect((await doctor(folder(), env(`${server.url}/`, 'secret'))).code).toBe(0);
  });

  it('a stopped server: exit 1, "does not answer" and what to do', async () => {
    const r = await doctor(folder(), env(stoppedUrl, 'secret'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `✖ remote cache at ${stoppedUrl} does not answer: connection refused (nothing listens on that port); Nx will fail every run while NX_SELF_HOSTED_REMOTE_CACHE_SERVER is set: start the server, fix the URL, or unset the variable`,
    );
  });

  it('a wrong or missing token: exit 1, token rejected', async () => {
    const wrong = await doctor(folder(), env(server.url, 'wrong'));
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(
      /✖ remote cache at .* rejected the token \(HTTP 401: Missing or invalid authentication token\.\): set NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN to a token the server accepts, or unset NX_SELF_HOSTED_REMOTE_CACHE_SERVER/,
    );
    const missing = await doctor(folder(), env(server.url));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(
      /rejected the request \(HTTP 401.*\): the server needs a token: set NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN/,
    );
  });

  it('no remote cache configured (unset or empty, as an unset GitHub secret gives): exit 0', async () => {
    for (const value of [undefined, '']) {
      const r = await doctor(folder(), env(value));
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        '• no remote cache configured (NX_SELF_HOSTED_REMOTE_CACHE_SERVER is not set): Nx uses its local cache only',
      );
    }
  });

  it('NX_SKIP_REMOTE_CACHE=true: nx ignores the server, so doctor does not fail on it', async () => {
    const r = await doctor(folder(), { ...env(stoppedUrl), NX_SKIP_REMOTE_CACHE: 'true' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/NX_SKIP_REMOTE_CACHE\/NX_DISABLE_REMOTE_CACHE=true: Nx does not use the remote cache/);
  });

  it('not a URL: exit 1', async () => {
    const r = await doctor(folder(), env('cache.example.com:8080'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ NX_SELF_HOSTED_REMOTE_CACHE_SERVER="cache\.example\.com:8080" is not an http\(s\) URL/);
  });

  describe('servers that are not a cache or never answer', () => {
    let other: Server;
    let hanging: Server;
    const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    beforeAll(async () => {
      other = createServer((_req, res) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('boom'));
      hanging = createServer(() => undefined);
      await Promise.all([other, hanging].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))));
    });
    afterAll(async () => {
      hanging.closeAllConnections();
      await Promise.all([other, hanging].map((s) => new Promise((r) => s.close(r))));
    });

    it('HTTP 500: exit 1, asks whether it is an Nx cache server', async () => {
      const r = await doctor(folder(), env(url(other), 'secret'));
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/answered HTTP 500: boom to GET \/v1\/cache\/<hash> \(a miss should be 404\)/);
    });

    it('no answer within --timeout: exit 1, "does not answer"', async () => {
      const started = Date.now();
      const r = await doctor(folder(), env(url(hanging), 'secret'), '--timeout', '300');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/does not answer: no answer within 300 ms; Nx will fail every run/);
      expect(Date.now() - started).toBeLessThan(3000);
    });
  });

  it('workspace facts: nx version and plugin registration are warnings, not failures', async () => {
    const good = folder({
      'nx.json': { plugins: [{ plugin: 'plan', options: {} }] },
      'node_modules/nx/package.json': { name: 'nx', version: '24.0.6' },
      'sub/dir/x.txt': 'x',
    });
    const r = await doctor(path.join(good, 'sub', 'dir'), env(undefined));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`✔ nx 24.0.6 (workspace ${good})`);
    expect(r.stdout).toContain('✔ the plan plugin is registered in nx.json');

    const bare = folder({
      'nx.json': { plugins: ['@nx/js/typescript'] },
      'node_modules/nx/package.json': { name: 'nx', version: '21.6.0' },
    });
    const w = await doctor(bare, env(undefined));
    expect(w.code).toBe(0);
    expect(w.stdout).toContain(`⚠ nx 21.6.0 in ${bare} is outside the supported range (>=22 <25): npm install -D nx@24`);
    expect(w.stdout).toContain(
      '⚠ the plan plugin is not registered in nx.json: plan.yaml files are not Nx projects until you run nx g plan:init',
    );

    const noNx = folder({ 'nx.json': '{ not json' });
    const n = await doctor(noNx, env(undefined));
    expect(n.stdout).toContain(`⚠ nx is not installed in ${noNx}`);
    expect(n.stdout).toMatch(/nx\.json is not valid JSON/);
  });

  it('usage: bad --timeout is a usage error; --help', async () => {
    await expect(doctor(folder(), {}, '--timeout', 'soon')).rejects.toThrow(
      '--timeout must be a positive number of milliseconds (got "soon").',
    );
    const h = await doctor(folder(), {}, '--help');
    expect([h.code, h.stdout.startsWith('Usage: plan doctor')]).toEqual([0, true]);
  });
});
