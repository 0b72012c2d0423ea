import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check } from '../../checks/validate-terraform/validate-terraform';
import { renderTerraform, TERRAFORM_DIR } from './terraform-platform';

describe('terraform-platform skill', () => {
  it('writes a root module and a service module that validate-terraform accepts without a finding', async () => {
    const files = renderTerraform({
      system: 'shopflow',
      namespace: 'shopflow',
      registry: 'registry.local',
      tag: '0.1.0',
      services: [
        { name: 'orders', port: 3001 },
        { name: 'payments', port: 3002 },
      ],
    });
    expect([...files.keys()].sort()).toEqual(
      ['main.tf', 'modules/service/main.tf', 'modules/service/versions.tf', 'outputs.tf', 'variables.tf', 'versions.tf'].map(
        (f) => `${TERRAFORM_DIR}/${f}`,
      ),
    );
    expect(files.get(`${TERRAFORM_DIR}/variables.tf`)).toContain('payments = { port = 3002, replicas = 2 }');
    const dir = mkdtempSync(path.join(tmpdir(), 'tf-skill-'));
    try {
      for (const [p, c] of files) {
        mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        writeFileSync(path.join(dir, p), c);
      }
      const r = await check.run([TERRAFORM_DIR, `${TERRAFORM_DIR}/modules/service`], {}, { cwd: dir });
      expect(r.findings).toEqual([]);
      expect(r.metadata).toEqual({ files: 6, parsed: 6, modules: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
