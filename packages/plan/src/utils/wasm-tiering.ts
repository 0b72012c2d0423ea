import { setFlagsFromString } from 'node:v8';

/**
 * WebAssembly compiled after this call runs V8's baseline (Liftoff) code only. For the processes
 * that run checks once and end (a batch, a single target, the schema engine): their engines'
 * wasm (PostgreSQL, libpg-query, tree-sitter) had V8 recompile hot functions with TurboFan in the
 * background, ~0.6 s of CPU in the engine and ~1.3 s in a batch for one ml-app plan, more than the
 * faster code saved on a plan's few small inputs (measured with process accounting, acct's
 * dump-acct, on cold `nx run-many -t verify`). Set at run time, not as a node flag: an unknown V8
 * flag on the command line stops the process, here it is ignored.
 */
export function baselineWasmOnly(): void {
  setFlagsFromString('--liftoff-only');
}
