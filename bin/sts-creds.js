#!/usr/bin/env node
// Thin shim: load the CLI and turn its result into the process exit code.
// A closed stdout (`sts-creds ... | head`) ends the run quietly instead of crashing.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
