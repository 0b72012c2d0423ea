import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { rules } from './rule-catalogue';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { MAX_INPUT_BYTES, sortFindings } from '../contract-files/read-input';
import { parseHcl } from './hcl';

/**
 * Terraform configuration without a terraform binary: every .tf file parses with HashiCorp's HCL
 * parser (the finding at its line and column), and each module (a folder of .tf files) declares
 * the variables it references, finds its local modules, and names the providers of its resources
 * in required_providers.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface TfFile {
  given: string;
  text: string;
  value: Obj;
}

export const check: CheckDefinition<Record<string, never>> = {
  name: 'validate-terraform',
  rules,
  summary: 'Terraform (.tf): HCL syntax by HashiCorp’s parser, declared variables, local module sources, required_providers',
  pathsDescription: '.tf files or module folders (every .tf file directly inside)',
  options: [],
  async run(paths, _options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-terraform needs .tf files or module folders.');
    const findings: Finding[] = [];
    const modules = new Map<string, TfFile[]>();
    const inputs: string[] = [];
    for (const given of paths) {
      const absolute = path.resolve(context.cwd, given);
      const stat = existsSync(absolute) ? statSync(absolute) : undefined;
      if (!stat) {
        findings.push({
          rule: 'tf/not-found',
          severity: 'error',
          message: 'Does not exist: check the path (relative to the plan folder).',
          file: given,
        });
        continue;
      }
      if (stat.isDirectory()) {
        const tf = (await fs.readdir(absolute)).filter((n) => n.endsWith('.tf')).sort();
        if (tf.length === 0)
          findings.push({
            rule: 'tf/empty-module',
            severity: 'error',
            message: 'This folder holds no .tf file: Terraform would find no configuration here.',
            file: given,
          });
        inputs.push(...tf.map((n) => path.join(given, n)));
      } else inputs.push(given);
    }
    let parsed = 0;
    for (const given of inputs) {
      const absolute = path.resolve(context.cwd, given);
      if ((await fs.stat(absolute)).size > MAX_INPUT_BYTES) {
        findings.push({ rule: 'tf/too-large', severity: 'error', message: 'File larger than 16 MiB: not read.', file: given });
        continue;
      }
      const text = await fs.readFile(absolute, 'utf8');
      const result = await parseHcl(text);
      if ('diagnostic' in result) {
        const d = result.diagnostic;
        findings.push({
          rule: 'tf/syntax',
          severity: 'error',
          message: `${d.summary}${d.detail ? `: ${d.detail}` : ''} Terraform cannot load this file; fix the syntax.`,
          file: given,
          line: d.line,
          column: d.column,
        });
        continue;
      }
      parsed++;
      const dir = path.dirname(absolute);
      modules.set(dir, [...(modules.get(dir) ?? []), { given, text, value: result.value }]);
    }
    for (const [dir, files] of modules) findings.push(...moduleFindings(dir, files));
    return resultOf('validate-terraform', sortFindings(findings), { files: inputs.length, parsed, modules: modules.size });
  },
};

/** Line and column of the first occurrence of `needle` in a file (1-based), else the file start. */
function locate(text: string, needle: string | RegExp): { line: number; column: number } {
  const index = typeof needle === 'string' ? text.indexOf(needle) : (needle.exec(text)?.index ?? -1);
  if (index < 0) return { line: 1, column: 1 };
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (isObj(value)) Object.values(value).forEach((v) => strings(v, out));
  return out;
}

function moduleFindings(dir: string, files: TfFile[]): Finding[] {
  const out: Finding[] = [];
  const declared = new Set<string>();
  const providers = new Set<string>();
  for (const f of files) {
    if (isObj(f.value.variable)) for (const name of Object.keys(f.value.variable)) declared.add(name);
    for (const block of Array.isArray(f.value.terraform) ? f.value.terraform : [])
      for (const req of isObj(block) && Array.isArray(block.required_providers) ? block.required_providers : [])
        if (isObj(req)) for (const name of Object.keys(req)) providers.add(name);
  }
  for (const f of files) {
    const reported = new Set<string>();
    for (const s of strings(f.value))
      for (const m of s.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
        const name = m[1];
        if (declared.has(name) || reported.has(name)) continue;
        reported.add(name);
        out.push({
          rule: 'tf/undeclared-variable',
          severity: 'error',
          message: `var.${name} is used, but no \`variable "${name}"\` is declared in this module (${path.basename(dir)}): declare it (e.g. in variables.tf).`,
          file: f.given,
          ...locate(f.text, new RegExp(`\\bvar\\.${name}\\b`)),
        });
      }
    if (isObj(f.value.module))
      for (const [name, blocks] of Object.entries(f.value.module))
        for (const block of Array.isArray(blocks) ? blocks : []) {
          const source = isObj(block) ? block.source : undefined;
          if (typeof source === 'string' && /^\.\.?\//.test(source) && !existsSync(path.join(dir, source)))
            out.push({
              rule: 'tf/module-source-missing',
              severity: 'error',
              message: `Module "${name}" reads ${source}, which does not exist next to this file: create the module folder or fix source.`,
              file: f.given,
              ...locate(f.text, source),
            });
        }
    for (const kind of ['resource', 'data'] as const) {
      if (!isObj(f.value[kind])) continue;
      for (const type of Object.keys(f.value[kind] as Obj)) {
        const provider = type.split('_')[0];
        if (providers.size > 0 && !providers.has(provider) && provider !== 'terraform')
          out.push({
            rule: 'tf/undeclared-provider',
            severity: 'warning',
            message: `${kind} "${type}" needs provider "${provider}", which required_providers does not name: pin its source and version there.`,
            file: f.given,
            ...locate(f.text, `"${type}"`),
          });
      }
    }
  }
  return out;
}
