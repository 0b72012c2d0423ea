'use strict';
/** Packs packages/plan/dist (built by `npm run build`) once for every e2e suite. */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function globalSetup() {
  // A tarball packed earlier (e.g. under a lock, while another run rebuilds dist) is used as given.
  if (process.env.PLAN_TARBALL && fs.existsSync(process.env.PLAN_TARBALL)) return;
  const root = path.resolve(__dirname, '..', '..');
  const dist = path.join(root, 'packages', 'plan', 'dist');
  if (!fs.existsSync(path.join(dist, 'package.json'))) {
    throw new Error('packages/plan/dist is missing: run "npm run build" first (npm run test:e2e does).');
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-pack-'));
  const name = execFileSync('npm', ['pack', dist, '--pack-destination', out, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop();
  process.env.PLAN_TARBALL = path.join(out, name);
};
