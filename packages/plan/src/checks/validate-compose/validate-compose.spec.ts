import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeWithSharedFixtures, sharedFixturesDir } from '../../testing/shared-fixtures';
import { check } from './validate-compose';

const dir = mkdtempSync(path.join(tmpdir(), 'validate-compose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(name: string, text: string) {
  writeFileSync(path.join(dir, name), text);
  return check.run([name], {}, { cwd: dir });
}
const brief = (r: { findings: { rule: string; line?: number; column?: number }[] }) =>
  r.findings.map((f) => `${f.rule}@${f.line}:${f.column}`);

const VALID = `services:
  web:
    build: .
    image: shop/web:1.2
    ports: ["8080:80", "127.0.0.1:9000-9001:9000-9001/udp", 3000]
    expose: ["5000"]
    environment:
      DB_PASSWORD: \${DB_PASSWORD}
      POSTGRES_PASSWORD_FILE: /run/secrets/pw
      LOG_LEVEL: info
    depends_on:
      db:
        condition: service_healthy
    restart: on-failure:3
    networks: [back]
  db:
    image: postgres:16
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 10s
      timeout: 5s
      retries: 5
    volumes: [data:/var/lib/postgresql/data]
    networks: [back]
networks:
  back: {}
volumes:
  data: {}
`;

describe('validate-compose', () => {
  it('passes a sound compose file and lists services, images, networks and volumes', async () => {
    const r = await run('ok.yml', VALID);
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.metadata).toEqual({
      files: [{ file: 'ok.yml', services: ['web', 'db'], images: ['shop/web:1.2', 'postgres:16'], networks: ['back'], volumes: ['data'] }],
    });
  });

  it('names a depends_on target that is not a service, at its line', async () => {
    const r = await run('dep.yml', VALID.replace('      db:\n        condition', '      database:\n        condition'));
    expect(brief(r)).toEqual(['compose/depends-on-unknown@12:7']);
    expect(r.findings[0].message).toContain('"database", which is not a service');
    expect(r.ok).toBe(false);
  });

  it('requires a healthcheck where condition: service_healthy waits for one', async () => {
    const r = await run('health.yml', VALID.replace(/    healthcheck:\n(      .*\n)+/, ''));
    expect(brief(r)).toEqual(['compose/healthcheck-missing@13:20']);
  });

  it('accepts a HEALTHCHECK from the Dockerfile the service builds', async () => {
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM postgres:16\nHEALTHCHECK CMD pg_isready\n');
    const text = VALID.replace(/    healthcheck:\n(      .*\n)+/, '').replace('    image: postgres:16\n', '    build: .\n');
    expect((await run('health-df.yml', text)).findings).toEqual([]);
    rmSync(path.join(dir, 'Dockerfile'));
  });

  it('flags malformed healthchecks, literal secrets, bad ports and restart policies', async () => {
    const r = await run(
      'bad.yml',
      `services:
  api:
    image: api
    environment:
      - API_TOKEN=abc123
      - STRIPE_SECRET_KEY=\${STRIPE}
    ports: ["70000:80", "8080:80/http", "8000-8001:80-82"]
    restart: sometimes
    healthcheck:
      test: ["curl", "-f", "http://localhost"]
      interval: 30 seconds
`,
    );
    expect(brief(r)).toEqual([
      'compose/secret-in-environment@5:9',
      'compose/port@7:13',
      'compose/port@7:25',
      'compose/port@7:41',
      'compose/restart@8:14',
      'compose/healthcheck@10:14',
      'compose/healthcheck@11:17',
    ]);
  });

  it('reports schema errors at the offending node', async () => {
    const r = await run('schema.yml', 'services:\n  web:\n    image: 5\n    build:\n      context: .\n      bogus: 1\nfoo: 1\n');
    expect(brief(r)).toEqual(['compose/schema@3:12', 'compose/schema@6:7', 'compose/schema@7:1']);
    expect(r.findings[1].message).toBe(
      'services.web.build.bogus: unknown property "bogus" (not allowed here; check its spelling and indentation)',
    );
  });

  it('turns broken YAML, duplicate keys and empty files into findings', async () => {
    expect(brief(await run('syntax.yml', 'services:\n  web: [\n'))[0]).toMatch(/^compose\/yaml-syntax@/);
    expect(brief(await run('dup.yml', 'services:\n  a: {image: x}\n  a: {image: y}\n'))).toEqual(['compose/duplicate-key@3:3']);
    expect(brief(await run('empty.yml', '# nothing\n'))).toEqual(['compose/empty@1:1']);
    expect(brief(await check.run(['missing.yml'], {}, { cwd: dir }))).toEqual(['compose/not-found@undefined:undefined']);
  });
});

describeWithSharedFixtures('validate-compose conformance: ../shared/fixtures/contracts/compose', () => {
  const folder = path.join(sharedFixturesDir() ?? '', 'contracts', 'compose');
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.yaml')) : [];

  // Docker's own examples are valid Compose files (docker compose config accepts them): no schema
  // or reference error. Only gitea-postgres writes passwords into environment, which we flag.
  it.each(files)('%s: valid per the Compose Specification', async (file) => {
    const r = await check.run([file], {}, { cwd: folder });
    const secrets = r.findings.filter((f) => f.rule === 'compose/secret-in-environment');
    expect(r.findings.filter((f) => f.rule !== 'compose/secret-in-environment')).toEqual([]);
    expect(secrets.map((f) => f.line)).toEqual(file.includes('gitea-postgres') ? [9, 19] : []);
  });

  it('catches a depends_on naming a missing service in a real file', async () => {
    const text = readFileSync(path.join(folder, 'docker__awesome-compose__flask-redis_compose.yaml'), 'utf8').replace('- redis', '- cache');
    expect(brief(await run('flask-redis-mutated.yaml', text))).toEqual(['compose/depends-on-unknown@18:9']);
  });
});
