import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check } from './validate-terraform';

const dir = mkdtempSync(path.join(tmpdir(), 'validate-terraform-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
  return name;
};
const brief = (r: { findings: { rule: string; file: string; line?: number; column?: number }[] }) =>
  r.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`);

const MAIN = `terraform {
  required_version = ">= 1.5"
  required_providers {
    kubernetes = { source = "hashicorp/kubernetes", version = "~> 2.30" }
  }
}

module "services" {
  source    = "./modules/services"
  namespace = var.namespace
}

resource "kubernetes_namespace" "system" {
  metadata { name = var.namespace }
}
`;

describe('validate-terraform', () => {
  write('ok/main.tf', MAIN);
  write('ok/variables.tf', 'variable "namespace" {\n  type = string\n}\n');
  write('ok/modules/services/main.tf', 'variable "namespace" {}\n');

  it('passes a module folder whose files parse and hold together', async () => {
    const r = await check.run(['ok', 'ok/modules/services'], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.metadata).toEqual({ files: 3, parsed: 3, modules: 2 });
  });

  it('a syntax error at the parser’s line and column', async () => {
    const r = await check.run([write('bad/main.tf', 'resource "a" "b" {\n  x = \n}\n')], {}, { cwd: dir });
    expect(brief(r)).toEqual(['tf/syntax bad/main.tf:2:7']);
    expect(r.findings[0].message).toMatch(/^Invalid expression: Expected the start of an expression/);
  });

  it('an undeclared variable, a missing local module, a provider not in required_providers', async () => {
    write('loose/main.tf', MAIN.replace('./modules/services', './modules/gone') + 'resource "aws_s3_bucket" "b" { bucket = var.bucket }\n');
    write('loose/variables.tf', 'variable "namespace" {}\n');
    const r = await check.run(['loose'], {}, { cwd: dir });
    expect(brief(r)).toEqual([
      'tf/module-source-missing loose/main.tf:9:16',
      'tf/undeclared-provider loose/main.tf:16:10',
      'tf/undeclared-variable loose/main.tf:16:41',
    ]);
  });

  it('missing paths and empty folders are findings', async () => {
    mkdirSync(path.join(dir, 'empty'));
    const r = await check.run(['empty', 'nope.tf'], {}, { cwd: dir });
    expect(r.findings.map((f) => f.rule)).toEqual(['tf/empty-module', 'tf/not-found']);
  });
});
