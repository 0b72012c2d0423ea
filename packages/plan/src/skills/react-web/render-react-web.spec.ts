import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check as operationCoverage } from '../../checks/operation-coverage/operation-coverage';
import { buildContract, renderContractYaml } from '../openapi-contract';
import { renderReactWeb } from './render-react-web';

const contract = buildContract({ serviceName: 'teamboard', resources: ['boards', 'line-items'] });
const files = renderReactWeb({
  projectName: 'teamboard',
  title: 'Team "board" </script>',
  contract,
  issuer: 'http://localhost:8080/realms/teamboard',
});

describe('react-web skill', () => {
  it('writes the shell, the typed client with one function per operation, and a module per resource', () => {
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([
        'web/index.html',
        'web/vite.config.ts',
        'web/src/api/client.ts',
        'web/src/api/types.ts',
        'web/src/resources/line-items.ts',
      ]),
    );
    const client = files.get('web/src/api/client.ts') as string;
    for (const id of ['listBoards', 'createBoard', 'getBoard', 'updateBoard', 'deleteBoard', 'listLineItems', 'deleteLineItem'])
      expect(client).toContain(`  ${id}(`);
    expect(files.get('web/src/resources/line-items.ts')).toContain('export const lineItems: ResourceSpec<LineItem>');
  });

  it('prints free text only as JSON string literals', () => {
    expect(files.get('web/src/app-info.ts')).toContain('title: "Team \\"board\\" </script>"');
    expect(files.get('web/index.html')).toContain('<title>teamboard</title>');
  });

  it('passes operation-coverage against its own contract', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'react-web-'));
    try {
      for (const [file, content] of [...files, ['contracts/openapi.yaml', renderContractYaml(contract)] as const]) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), content);
      }
      const r = await operationCoverage.run(
        ['web/src'],
        { contract: 'contracts/openapi.yaml', client: 'web/src/api/client.ts' },
        { cwd: dir },
      );
      expect(r.findings).toEqual([]);
      expect(r.metadata).toMatchObject({ operations: 10, called: 10 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a contract whose operation ids are not identifiers', () => {
    const bad = JSON.parse(JSON.stringify(contract));
    bad.paths['/v1/boards'].get.operationId = 'list-boards();alert(1)';
    expect(() => renderReactWeb({ projectName: 'teamboard', contract: bad, issuer: 'http://x' })).toThrow(/not a TypeScript identifier/);
  });
});
