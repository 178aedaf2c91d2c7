#!/usr/bin/env node
// The README's walkthrough, runnable: start a throwaway MinIO, create a user and a bucket with one
// object, then let `sts-creds` fetch temporary credentials for that user, first on their own and
// then proving they work by listing the bucket. Run with `npm run demo` (it builds dist/ first).
//
// Exits with the CLI's exit code. MinIO is stopped and its data removed whatever happens.

import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUser, runMc, startMinio } from './minio.mjs';
import { ensureTools } from './tools.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, 'bin', 'sts-creds.js');
const USER = 'foobar';
const PASSWORD = 'foo12345';
const BUCKET = 'demo';

const heading = (text) => process.stderr.write(`\n==> ${text}\n`);

/** Runs the CLI with inherited stdio; resolves with its exit code. */
function runCli(args) {
  process.stderr.write(`$ sts-creds ${args.join(' ')}\n\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function demo(state) {
  if (!existsSync(BIN) || !existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('the CLI is not built: run `npm run build` first (or use `npm run demo`, which does)');
  }

  heading('Locating (or building) the pinned minio and mc');
  const tools = await ensureTools();

  heading('Starting a throwaway MinIO on 127.0.0.1');
  state.minio = await startMinio({ minioPath: tools.minio, rootUser: 'demo-root', rootPassword: 'demo-root-secret' });
  const { endpoint, rootUser, rootPassword } = state.minio;
  process.stderr.write(`MinIO is up at ${endpoint} (${state.minio.startupMs} ms)\n`);
  if (state.interrupted) return 130;

  heading(`Creating user ${USER} (policy readwrite) and bucket ${BUCKET} with one object, using mc`);
  const mc = [tools.mc, endpoint, rootUser, rootPassword];
  await createUser(...mc, USER, PASSWORD, 'readwrite');
  await runMc(...mc, ['mb', `local/${BUCKET}`]);
  await runMc(...mc, ['pipe', `local/${BUCKET}/hello.txt`], { input: 'Hello from the sts-creds demo.\n' });
  if (state.interrupted) return 130;

  heading(`Temporary credentials for ${USER} (AssumeRole)`);
  const first = await runCli(['assume-role', '-u', USER, '-p', PASSWORD, '--endpoint', endpoint]);
  if (first !== 0 || state.interrupted) return state.interrupted ? 130 : first;

  heading(`The same, then listing bucket "${BUCKET}" with the new credentials`);
  return runCli(['assume-role', '-u', USER, '-p', PASSWORD, '--endpoint', endpoint, '-b', BUCKET]);
}

const state = { minio: undefined, interrupted: false };
// Ctrl-C also reaches the CLI and MinIO (same process group); just make sure cleanup still runs.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    state.interrupted = true;
  });
}

let exitCode;
try {
  exitCode = await demo(state);
} catch (error) {
  process.stderr.write(`\ndemo failed: ${error.message}\n`);
  exitCode = 1;
} finally {
  if (state.minio) {
    heading('Stopping MinIO');
    await state.minio.stop();
  }
}
process.exitCode = exitCode;
