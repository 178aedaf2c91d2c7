#!/usr/bin/env node
'use strict';
// Thin shim: start the bundled CLI (dist/cli/, built by scripts/build-cli.mjs) and turn its result
// into the process exit code. Everything here runs on every start, so it stays small. It is
// CommonJS (bin/package.json) because Node starts a CommonJS file without setting up its ES module
// loader, which `--version` does not need.

// A closed stdout (`sts-creds ... | head`) ends the run quietly instead of crashing. Other write
// errors (a full disk) are reported by the CLI itself as one line, exit 1.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Nothing but package.json is needed: answer without loading the CLI.
  const { readFileSync } = require('node:fs');
  const { join } = require('node:path');
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  // Node >= 22.1 keeps V8's compiled code of the bundle on disk between runs (in the OS temp
  // directory, or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
  require('node:module').enableCompileCache?.();

  import('../dist/cli/main.js')
    .then(({ main }) => main(args))
    .then((code) => {
      process.exitCode = code;
    });
}
