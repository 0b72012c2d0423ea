// Dependency resolution of the plan's code: every package named on the command line is declared
// by the workspace, installed, and in a version its declared range allows (npm ls decides).
//   node web/scripts/check-packages.mjs react vite ...   (from the plan folder; exit 1 names each problem)
import { spawnSync } from 'node:child_process';

const names = process.argv.slice(2);
const run = spawnSync('npm', ['ls', '--depth=0', '--json'], { encoding: 'utf8', shell: process.platform === 'win32' });
let tree;
try {
  tree = JSON.parse(run.stdout);
} catch {
  console.error(`npm ls gave no JSON (exit ${run.status}): ${(run.stderr || run.stdout).trim().slice(0, 500)}`);
  process.exit(1);
}
const problems = [];
for (const name of names) {
  const dep = tree.dependencies?.[name];
  if (!dep || dep.extraneous) problems.push(`${name}: not declared in the workspace's package.json: npm install ${name}`);
  else if (dep.missing) problems.push(`${name}: declared but not installed: run npm install`);
  else if (dep.invalid) problems.push(`${name}@${dep.version}: not in the declared range: run npm install`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${names.length} packages declared and installed in versions their ranges allow.`);
