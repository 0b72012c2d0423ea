import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from './validate-odcs';

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: orders
version: 1.0.0
status: active
team:
  name: data
  members: [{ username: ada, role: owner }]
schema:
  - name: orders
    logicalType: object
    properties:
      - { name: order_id, logicalType: string, primaryKey: true, required: true }
      - { name: amount, logicalType: number }
slaProperties:
  - { property: latency, value: 1, unit: h }
  - { property: frequency, value: hourly }
`;

describe('validate-odcs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'odcs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (text: string, options = {}) => {
    writeFileSync(path.join(dir, 'c.odcs.yaml'), text);
    return check.run(['c.odcs.yaml'], options, { cwd: dir });
  };

  it('accepts a valid contract with its SLAs', async () => {
    expect((await run(CONTRACT, { sla: true })).findings).toEqual([]);
  });

  it('reports schema violations at their node, and what the schema cannot say', async () => {
    const bad = CONTRACT.replace('kind: DataContract', 'kind: Contract')
      .replace(
        '{ name: amount, logicalType: number }',
        '{ name: amount, logicalType: money }\n      - { name: order_id, logicalType: string }',
      )
      .replace('  - { property: frequency, value: hourly }\n', '');
    const result = await run(bad, { sla: ['retention'] });
    expect(result.findings.map((f) => `${f.line} ${f.rule}`)).toEqual([
      '2 odcs/schema',
      '14 odcs/schema',
      '15 odcs/property',
      '17 odcs/sla',
    ]);
  });
});
