#!/usr/bin/env node
'use strict';
/**
 * Builds the publishable `plan` package into packages/plan/dist: CommonJS from tsc, the JSON
 * manifests and schemas, generator files, the top-level templates/, and plan.schema.json
 * generated from the zod model. `npm pack packages/plan/dist` gives the tarball e2e installs.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkgDir = path.join(root, 'packages', 'plan');
const dist = path.join(pkgDir, 'dist');

function copy(from, to, filter = () => true) {
  const stat = fs.statSync(from);
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(from)) copy(path.join(from, entry), path.join(to, entry), filter);
  } else if (filter(from)) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
}

const started = Date.now();
fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(pkgDir, 'tsconfig.lib.json')], { stdio: 'inherit' });

// What lives beside the sources for the specs only: hash records (*.sha256.json) and the servers
// the check specs start (test-servers/). The package does not ship them.
const testOnly = (rel) => rel.endsWith('.sha256.json') || rel.split(path.sep).includes('test-servers');

// Non-TS assets that live beside the sources: schema.json files and generator `files/` folders.
copy(path.join(pkgDir, 'src'), path.join(dist, 'src'), (file) => {
  const rel = path.relative(pkgDir, file);
  if (testOnly(rel)) return false;
  if (file.endsWith('.ts') && !rel.includes(`${path.sep}files${path.sep}`)) return false;
  return file.endsWith('.json') || file.endsWith('.py') || rel.includes(`${path.sep}files${path.sep}`);
});
for (const file of ['generators.json', 'executors.json']) copy(path.join(pkgDir, file), path.join(dist, file));
copy(path.join(pkgDir, 'bin'), path.join(dist, 'bin'));
if (fs.existsSync(path.join(root, 'templates'))) copy(path.join(root, 'templates'), path.join(dist, 'templates'));
copy(path.join(root, 'README.md'), path.join(dist, 'README.md'));

const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
delete manifest.devDependencies;
delete manifest.scripts;
fs.writeFileSync(path.join(dist, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

const { planJsonSchema } = require(path.join(dist, 'src', 'model', 'plan-schema.js'));
fs.writeFileSync(path.join(dist, 'plan.schema.json'), JSON.stringify(planJsonSchema(), null, 2) + '\n');

console.log(`built ${path.relative(root, dist)} in ${Date.now() - started} ms`);
