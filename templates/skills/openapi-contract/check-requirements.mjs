// Checks the contract against what is asked of it: every requirement of requirements.yaml (one per
// capability the PRD names) has its operation, with that method, path and scope, in openapi.yaml;
// and every path carries the API's major version (/v1 for 1.x.y). Exit 1 naming each gap.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const contract = parse(readFileSync(join(here, 'openapi.yaml'), 'utf8'));
const { requirements = [] } = parse(readFileSync(join(here, 'requirements.yaml'), 'utf8')) ?? {};

const operations = new Map();
for (const [path, item] of Object.entries(contract.paths ?? {})) {
  for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
    const op = item?.[method];
    if (!op?.operationId) continue;
    const scopes = (op.security ?? contract.security ?? []).flatMap((requirement) => Object.values(requirement).flat());
    operations.set(op.operationId, { method: method.toUpperCase(), path, scopes });
  }
}

const problems = [];
for (const r of requirements) {
  const op = operations.get(r.operation);
  const where = `requirements.yaml ${r.id} (${r.text})`;
  if (!op) problems.push(`${where}: openapi.yaml has no operation ${r.operation} (${r.method} ${r.path})`);
  else if (op.method !== r.method || op.path !== r.path)
    problems.push(`${where}: ${r.operation} is ${op.method} ${op.path}, not ${r.method} ${r.path}`);
  else if (r.scope && !op.scopes.includes(r.scope)) problems.push(`${where}: ${r.operation} does not require the scope ${r.scope}`);
}
const major = /^(\d+)\./.exec(String(contract.info?.version ?? ''))?.[1];
if (major === undefined) problems.push(`openapi.yaml: info.version "${contract.info?.version}" is not semantic (1.0.0)`);
else
  for (const path of Object.keys(contract.paths ?? {}))
    if (!path.startsWith(`/v${major}/`))
      problems.push(`openapi.yaml: path ${path} is not under /v${major}/ (info.version ${contract.info.version})`);

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  `${requirements.length} requirements covered by openapi.yaml; all ${Object.keys(contract.paths ?? {}).length} paths under /v${major}/`,
);
