// Test double of a service under load (load-test spec): GET /items answers after DELAY_MS,
// GET /broken answers 500, everything else 404. Listens on HOST:PORT as the check asks.
const http = require('node:http');
const delay = Number(process.env.DELAY_MS || 0);
http
  .createServer((req, res) => {
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/items') return setTimeout(() => send(200, { data: [] }), delay);
    if (req.url === '/broken') return send(500, { title: 'broken' });
    send(404, { title: 'not found' });
  })
  .listen(Number(process.env.PORT), process.env.HOST || '127.0.0.1');
