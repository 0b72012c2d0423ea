/**
 * Fuzzes validate-terraform: the terraform-platform skill's files, byte-mutated and with hostile
 * fragments spliced in, through the real check.run() (HashiCorp's HCL parser as wasm).
 *
 *   node -r @swc-node/register tools/fuzz/validate-terraform.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/validate-terraform/validate-terraform';
import { renderTerraform } from '../../packages/plan/src/skills/terraform-platform/terraform-platform';
import { byteMutate, fuzzMain } from './contracts-lib';

const files = [...renderTerraform({ system: 'shop', namespace: 'shop', registry: 'r', tag: '1', services: [{ name: 'a', port: 1 }] })];
const FRAGMENTS = [
  '${var.ghost}',
  'module "m" { source = "./nope" }',
  'resource "aws_x" "y" {}',
  '{{{{',
  '"\\u0000"',
  '<<EOF\nx\n',
  'variable "a" {}\nvariable "a" {}',
  '# ' + 'x'.repeat(5000),
];

function write(dir: string, relative: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), text);
}

void fuzzMain({
  name: 'validate-terraform',
  async baseline(dir) {
    for (const [p, c] of files) write(dir, p, c);
    return check.run(['infra/terraform', 'infra/terraform/modules/service'], {}, { cwd: dir });
  },
  async run(dir, r) {
    for (const [p, c] of files) {
      let text = c;
      if (r.rand() < 0.4) text = byteMutate(text, r);
      if (r.rand() < 0.2) text += `\n${r.pick(FRAGMENTS)}\n`;
      write(dir, p, text);
    }
    return check.run(['infra/terraform', 'infra/terraform/modules/service'], {}, { cwd: dir });
  },
});
