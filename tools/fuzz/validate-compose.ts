/**
 * Fuzzes validate-compose: mutated compose files (bytes and structure: ghost depends_on targets,
 * odd healthchecks, ports, secrets, anchors and merge keys) through the real check.run().
 *
 *   node -r @swc-node/register tools/fuzz/validate-compose.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/validate-compose/validate-compose';
import { fuzzMain, mutate, sharedSeeds } from './contracts-lib';

const SEED = `x-env: &env
  LOG_LEVEL: info
services:
  web:
    build: { context: ., dockerfile: Dockerfile }
    image: shop/web:1.2
    ports: ["8080:80", "127.0.0.1:9000-9001:9000-9001/udp", 3000, { target: 80, published: "8081", protocol: tcp }]
    expose: ["5000"]
    environment:
      <<: *env
      DB_PASSWORD: \${DB_PASSWORD}
    depends_on:
      db: { condition: service_healthy }
      cache: { condition: service_started }
    restart: on-failure:3
    networks: [back]
    links: [cache]
  db:
    image: postgres:16
    environment: [POSTGRES_PASSWORD_FILE=/run/secrets/pw]
    healthcheck: { test: ["CMD-SHELL", "pg_isready"], interval: 10s, timeout: 5s, retries: 5, start_period: 1m30s }
    volumes: [data:/var/lib/postgresql/data]
    networks: { back: { aliases: [database] } }
  cache:
    image: redis:7
    depends_on: [db]
networks:
  back: {}
volumes:
  data: {}
`;
const seeds = [SEED, ...sharedSeeds('compose', /\.ya?ml$/)];
const EXTRAS = {
  depends_on: { ghost: { condition: 'service_healthy' }, db: { condition: 'service_healthy' } },
  healthcheck: { test: ['curl'], interval: '30 seconds', retries: 0 },
  environment: ['API_TOKEN=abc', 'SECRET_KEY=${K}', 'X'],
  ports: ['70000:80', '80-81:90-99', '[::1:80', 'a:b:c:d', { target: 0, protocol: 'http' }],
  restart: 'sometimes',
  networks: ['ghost-net'],
  volumes: ['ghost-vol:/x', './here:/y'],
};

void fuzzMain({
  name: 'validate-compose',
  async baseline(dir) {
    fs.writeFileSync(path.join(dir, 'compose.yaml'), SEED);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:20\nHEALTHCHECK CMD true\n');
    return check.run(['compose.yaml'], {}, { cwd: dir });
  },
  async run(dir, r) {
    fs.writeFileSync(path.join(dir, 'compose.yaml'), mutate(r.pick(seeds), r, EXTRAS));
    return check.run(['compose.yaml'], {}, { cwd: dir });
  },
});
