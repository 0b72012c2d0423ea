import { buildApp } from './app.js';
import { loadConfig } from './config.js';

/** Start: PORT (default 3000) on HOST (default 127.0.0.1); stops cleanly on SIGTERM/SIGINT. */
const config = loadConfig();
const app = await buildApp(config);
if (config.authMode === 'contract-test') app.log.warn('AUTH_MODE=contract-test: every request acts with every scope (never in production)');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
// Open and migrate the database before taking traffic, so the first request does not wait for it.
const ready = await app.inject({ method: 'GET', url: '/ready' });
if (ready.statusCode !== 200) app.log.error({ status: ready.statusCode, body: ready.json() }, 'starting without a database');
await app.listen({ port: config.port, host: config.host });
