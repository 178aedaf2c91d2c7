#!/usr/bin/env node
'use strict';
// Thin shim: start the bundled CLI (dist/cli/, built by scripts/build-cli.mjs) and turn its result
// into the process exit code. Everything here runs on every start, so it stays small. It and the
// bundle are CommonJS (bin/package.json, dist/cli/package.json) because Node starts CommonJS
// without setting up its ES module loader, which costs tens of milliseconds on Node 24.

// Nothing here touches process.stdout: building it costs milliseconds on a pipe. The CLI writes to
// descriptor 1 itself (src/cli/io.ts): a closed reader (`sts-creds ... | head`) ends the output
// quietly, any other write error (a full disk) is one line on stderr and exit 1.

const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Nothing but package.json is needed: answer without loading the CLI.
  const { readFileSync, writeSync } = require('node:fs');
  const { join } = require('node:path');
  try {
    writeSync(1, `${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
  } catch (error) {
    if (error.code !== 'EPIPE') {
      process.stderr.write(`sts-creds: cannot write to standard output: ${error.code ?? error.message}\n`);
      process.exitCode = 1;
    }
  }
} else {
  // dist/cli/start.js runs the CLI's CommonJS bundle with V8's compiled code from the last run
  // (src/cli/startup/code-cache.ts), kept in the user's cache directory.
  require('../dist/cli/start.js')
    .start(args)
    .then((code) => {
      process.exitCode = code;
    });
}
