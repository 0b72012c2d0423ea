'use strict';
/**
 * One fresh process of tools/bench/checks.ts (plain JS, so that the harness itself costs no
 * transpilation). argv[2] is a JSON job { base, name, paths, options, cwd, warm, files, baselineWarm }:
 * loads the check through run-check/registry (as the CLI does), runs it once (cold), then `warm`
 * more times; then, in the same (now warm) process, times the baseline `baselineWarm` times:
 * files-exist on the same input files (module loaded before timing), and, for information, reading
 * and parsing them (JSON.parse for .json, yaml.parse for .yaml, read only for the rest; for
 * `command`, spawning the same command). The cold baseline is this same script run with
 * name 'files-exist' and warm 0 in its own fresh process.
 * Prints one JSON line and exits (PGlite and other engines would keep the process alive).
 */
const { readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const job = JSON.parse(process.argv[2]);
const bootMs = performance.now();

function baseline(files, cwd) {
  let bytes = 0;
  for (const file of files) {
    const absolute = path.resolve(cwd, file.path);
    if (file.kind === 'spawn') {
      const r = spawnSync('sh', ['-c', file.path], { cwd });
      if (r.status !== 0) throw new Error(`baseline command failed: ${file.path}`);
      continue;
    }
    if (file.kind === 'binary') {
      bytes += readFileSync(absolute).length;
      continue;
    }
    const text = readFileSync(absolute, 'utf8');
    bytes += text.length;
    if (file.kind === 'json') JSON.parse(text);
    else if (file.kind === 'yaml') require('yaml').parse(text);
  }
  return bytes;
}

function finish(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

async function main() {
  const t0 = performance.now();
  const { runCheck } = require(path.join(job.base, 'checks', 'run-check'));
  const { getCheck } = require(path.join(job.base, 'checks', 'registry'));
  await getCheck(job.name);
  const t1 = performance.now();
  const first = await runCheck(job.name, job.paths, job.options, { cwd: job.cwd });
  const t2 = performance.now();
  const warm = [];
  let last = first;
  for (let i = 0; i < job.warm; i++) {
    const s = performance.now();
    last = await runCheck(job.name, job.paths, job.options, { cwd: job.cwd });
    warm.push(performance.now() - s);
  }
  const filesExistWarm = [];
  const readParseWarm = [];
  if (job.baselineWarm > 0) {
    const filePaths = job.files.filter((f) => f.kind !== 'spawn').map((f) => f.path);
    const existing = filePaths.length ? filePaths : job.baselinePaths;
    const warmup = await runCheck('files-exist', existing, {}, { cwd: job.cwd });
    if (!warmup.ok) throw new Error(`files-exist baseline fails: ${JSON.stringify(warmup.findings)}`);
    baseline(job.files, job.cwd);
    for (let i = 0; i < job.baselineWarm; i++) {
      let s = performance.now();
      await runCheck('files-exist', existing, {}, { cwd: job.cwd });
      filesExistWarm.push(performance.now() - s);
      s = performance.now();
      baseline(job.files, job.cwd);
      readParseWarm.push(performance.now() - s);
    }
  }
  const summary = (r) => ({
    ok: r.ok,
    findings: r.findings.map((f) => `${f.severity} ${f.rule} ${f.file}:${f.line ?? ''} ${f.message}`),
    // validate-schema reports how its engine started (snapshot or initdb) and how long it took.
    engineStart: r.metadata && r.metadata.timings ? r.metadata.timings.engineStart : undefined,
  });
  finish({ bootMs, loadMs: t1 - t0, firstMs: t2 - t1, warm, filesExistWarm, readParseWarm, first: summary(first), last: summary(last) });
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ error: String(error && error.stack ? error.stack : error) })}\n`, () => process.exit(1));
});
