/**
 * Fuzzes the parsers of issue 14's checks through their real entry points: operation-coverage
 * (the react-web skill's generated sources and the contract, mutated as bytes and with hostile
 * call snippets), and the playwright check's report reader (Playwright JSON reports mutated in
 * structure and bytes; no browser is started: readReport is what parses).
 *
 *   node -r @swc-node/register tools/fuzz/web-app-checks.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/operation-coverage/operation-coverage';
import { readReport } from '../../packages/plan/src/checks/playwright/read-report';
import { resultOf } from '../../packages/plan/src/checks/contract';
import { buildContract, renderContractYaml } from '../../packages/plan/src/skills/openapi-contract';
import { renderReactWeb } from '../../packages/plan/src/skills/react-web';
import { byteMutate, fuzzMain, mutate } from './contracts-lib';

const contract = buildContract({ serviceName: 'teamboard', resources: ['boards', 'cards'] });
const CONTRACT = renderContractYaml(contract);
const sources = [...renderReactWeb({ projectName: 'teamboard', contract, issuer: 'http://localhost:8080/realms/teamboard' })].filter(
  ([p]) =>
    // The client, the resource modules (every operation call) and pages importing them: what the check judges.
    /api\/client\.ts$|resources\/.*\.ts$|components\/resource-(form|list)\.tsx$|app\.tsx$/.test(p),
);
const SNIPPETS = [
  "fetch('/api/v1/boards/x/archive', { method: 'POST' });",
  'fetch(`${base}/v1/boards/${id}`, { method: `PATCH` });',
  "api.archiveBoard('x');",
  "request('DELETE', '/v1/cards/{cardId}');",
  'http.get(`/v1/${"boards"}`);',
  'fetch(`',
  "import * as c from './api/client'; c.api.nope(); c.setAccessToken(1);",
  "import { api as a } from '../api/client'; a['listBoards']();",
  'fetch(new URL("/v1/boards", "http://x"));',
  '</div>{api.listBoards(}',
];
const REPORT = JSON.stringify({
  config: { rootDir: '/tmp/e2e' },
  suites: [
    {
      title: 'a.spec.ts',
      file: 'a.spec.ts',
      specs: [
        {
          title: 'journey @journey',
          file: 'a.spec.ts',
          line: 3,
          column: 1,
          tests: [
            {
              projectName: 'mock',
              status: 'unexpected',
              results: [
                {
                  status: 'failed',
                  errors: [
                    { message: '\u001b[31mError: expect failed\u001b[39m', location: { file: '/tmp/e2e/a.spec.ts', line: 9, column: 5 } },
                  ],
                  attachments: [
                    { name: 'trace', path: '/tmp/e2e/test-results/a/trace.zip', contentType: 'application/zip' },
                    {
                      name: 'axe-violations',
                      contentType: 'application/json',
                      body: Buffer.from('[{"id":"image-alt","nodes":[{"target":["img"]}]}]').toString('base64'),
                    },
                    { name: 'home-diff.png', path: '/tmp/e2e/test-results/a/home-diff.png' },
                  ],
                },
              ],
            },
          ],
        },
      ],
      suites: [{ title: 'inner', specs: [] }],
    },
  ],
  errors: [{ message: 'Error: No tests found' }],
  stats: { expected: 0, unexpected: 1 },
});

function write(dir: string, relative: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), text);
}
const options = { contract: 'contracts/openapi.yaml', client: 'web/src/api/client.ts', basePath: '/api' };

void fuzzMain({
  name: 'web-app-checks',
  async baseline(dir) {
    for (const [p, c] of sources) write(dir, p, c);
    write(dir, 'contracts/openapi.yaml', CONTRACT);
    return check.run(['web/src'], options, { cwd: dir });
  },
  async run(dir, r) {
    try {
      return await once(dir, r);
    } catch (error) {
      // The shared crash saver copies flat folders only: print the stack here.
      if (++printed <= 3) console.error((error as Error).stack);
      throw error;
    }
  },
});

let printed = 0;
async function once(dir: string, r: Parameters<Parameters<typeof fuzzMain>[0]['run']>[1]) {
  {
    if (r.rand() < 0.5) {
      // The report reader: structure and byte mutations of a Playwright JSON report.
      const text =
        r.rand() < 0.5
          ? mutate(REPORT, r, { errors: [{}], attachments: [{ name: 'axe-violations', body: '!!' }] }, true)
          : byteMutate(REPORT, r);
      let report: unknown;
      try {
        report = JSON.parse(text);
      } catch {
        return resultOf('playwright', []);
      }
      if (!report || typeof report !== 'object') return resultOf('playwright', []);
      const summary = readReport(report as Parameters<typeof readReport>[0], '/tmp/e2e', 'playwright.config.ts');
      return resultOf('playwright', summary.findings);
    }
    for (const [p, c] of sources) {
      let text = c;
      if (r.rand() < 0.2) text = byteMutate(text, r);
      if (r.rand() < 0.2) text += `\n${r.pick(SNIPPETS)}\n`;
      write(dir, p, text);
    }
    write(dir, 'contracts/openapi.yaml', r.rand() < 0.15 ? mutate(CONTRACT, r) : CONTRACT);
    return check.run(['web/src'], options, { cwd: dir });
  }
}
