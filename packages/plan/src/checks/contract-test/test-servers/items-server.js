// Test server for contract-test: the Items contract on node:http. `--broken` lacks DELETE
// /items/{id}, sends price as a string in GET /items/{id}, and serves the undocumented
// GET /admin/stats. It starts a child (`sleep`) and writes its pid to $CHILD_PID_FILE, so tests
// can prove the whole process group is stopped.
const http = require('node:http');
const { spawn } = require('node:child_process');
const fs = require('node:fs');

const broken = process.argv.includes('--broken');
if (process.env.CHILD_PID_FILE) {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  fs.writeFileSync(process.env.CHILD_PID_FILE, String(child.pid));
}
const item = { id: 1, name: 'pen', price: 1.5, tags: ['office'] };
const send = (res, status, body) => {
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};

http
  .createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const one = /^\/items\/(\d+)$/.exec(url.pathname);
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (url.pathname === '/items' && req.method === 'GET') return send(res, 200, [item]);
      if (url.pathname === '/items' && req.method === 'POST') {
        const input = JSON.parse(body || '{}');
        if (typeof input.name !== 'string' || typeof input.price !== 'number') return send(res, 422, { detail: 'invalid' });
        return send(res, 201, { id: 2, name: input.name, price: input.price });
      }
      if (one && req.method === 'GET') return send(res, 200, broken ? { ...item, price: '1.50' } : item);
      if (one && req.method === 'DELETE' && !broken) return send(res, 204);
      if (one) return send(res, 405, { detail: 'Method Not Allowed' });
      if (broken && url.pathname === '/admin/stats') return send(res, 200, { items: 1 });
      send(res, 404, { detail: 'Not Found' });
    });
  })
  .listen(Number(process.env.PORT), process.env.HOST || '127.0.0.1');
