#!/usr/bin/env node
'use strict';
// Inside this repository the CLI runs from TypeScript source; the published package is compiled.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
if (!existsSync(join(__dirname, '..', 'src', 'cli', 'main.js'))) require('@swc-node/register');
require('../src/utils/wasm-tiering').baselineWasmOnly();
require('../src/cli/main')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`plan: internal error: ${error && error.stack ? error.stack : error}\n`);
      process.exitCode = 2;
    },
  );
