#!/usr/bin/env node
'use strict';
// Thin shim: start the bundled CLI (dist/cli/, built by scripts/build-cli.mjs) and turn its result
// into the process exit code. Everything here runs on every start, so it stays small. It and the
// bundle are CommonJS (bin/package.json, dist/cli/package.json) because Node starts CommonJS
// without setting up its ES module loader, which costs tens of milliseconds on Node 24.

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
  // dist/cli/start.js runs the CLI's CommonJS bundle with V8's compiled code from the last run
  // (src/cli/code-cache.ts), kept in the user's cache directory.
  require('../dist/cli/start.js')
    .start(args)
    .then((code) => {
      process.exitCode = code;
    });
}
