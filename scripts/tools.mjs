#!/usr/bin/env node
// Builds (once) and locates the pinned `minio` and `mc` binaries used by the integration tests
// and the demo. Plain Node ESM with no dependencies, so it runs before `npm install` matters.
//
//   node scripts/tools.mjs          build what is missing, print "name<TAB>path" lines
//   node scripts/tools.mjs --json   same, as one JSON object
//
// Binaries live in ${STS_CREDS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sts-creds/tools}/<name>-<commit>/bin/.
// The OpenID provider (scripts/oidc-provider: zitadel/oidc's provider, configured for the tests) is built
// from its pinned go.mod/go.sum into oidc-provider-<hash of its sources>/bin/.

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The pinned tools. MinIO's repository is archived at 7aac2a2c5b7c. The module proxy refuses
 * short hashes, so these are the proxy's pseudo-versions for the commits.
 */
export const TOOLS = Object.freeze({
  minio: Object.freeze({
    module: 'github.com/minio/minio',
    version: 'v0.0.0-20260212201848-7aac2a2c5b7c',
    dir: 'minio-7aac2a2c5b7c',
  }),
  mc: Object.freeze({
    module: 'github.com/minio/mc',
    version: 'v0.0.0-20250313080218-cf909e1063a9',
    dir: 'mc-cf909e1063a9',
  }),
});

/** A lock older than this is presumed abandoned even if its owner looks alive (a fresh build takes ~3 min). */
const LOCK_STALE_MS = 30 * 60_000;
/** How long to wait for another process's build before giving up. */
const LOCK_WAIT_MS = 40 * 60_000;
const LOCK_POLL_MS = 1_000;

/** The cache directory holding every tool build. */
export function toolsDir(env = process.env) {
  if (env.STS_CREDS_TOOLS_DIR) return env.STS_CREDS_TOOLS_DIR;
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cache, 'sts-creds', 'tools');
}

/** Absolute path a tool's binary has once built (it may not exist yet). */
export function toolPath(name, env = process.env) {
  const tool = TOOLS[name];
  if (!tool) throw new Error(`unknown tool ${JSON.stringify(name)}`);
  return join(toolsDir(env), tool.dir, 'bin', name);
}

/** True when a `go` executable is on PATH. */
export function hasGo(env = process.env) {
  const probe = spawnSync('go', ['version'], { env, stdio: 'ignore' });
  return probe.status === 0;
}

function log(message) {
  process.stderr.write(`[sts-creds tools] ${message}\n`);
}

async function isExecutable(path) {
  try {
    await access(path, fsConstants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

async function lockIsStale(lockDir) {
  let info;
  try {
    info = await stat(lockDir);
  } catch {
    return false; // gone already: not stale, just retry
  }
  if (Date.now() - info.mtimeMs > LOCK_STALE_MS) return true;
  try {
    const owner = JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8'));
    return owner.host === hostname() && typeof owner.pid === 'number' && !pidAlive(owner.pid);
  } catch {
    // The owner file is written right after mkdir; give a young lock without one the benefit of the doubt.
    return Date.now() - info.mtimeMs > 60_000;
  }
}

/**
 * Takes a mkdir-based lock (mkdir is atomic on every local filesystem). Waits while another live
 * process holds it; breaks it when its owner is gone. Two waiters may both break the same stale
 * lock and both build: harmless, because each build lands with an atomic rename.
 */
async function acquireLock(lockDir, label) {
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      return async () => {
        await rm(lockDir, { recursive: true, force: true });
      };
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (await lockIsStale(lockDir)) {
      log(`removing stale lock ${lockDir}`);
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      log(`another process is building ${label}; waiting for it (lock ${lockDir})`);
      announced = true;
    }
    if (Date.now() - started > LOCK_WAIT_MS) {
      throw new Error(`timed out after ${LOCK_WAIT_MS / 60_000} min waiting for the build lock ${lockDir}; remove it if no build is running`);
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

function noGoError() {
  const error = new Error(
    'cannot build minio/mc: `go` is not on PATH. Install Go 1.24 or newer (https://go.dev/dl/), ' +
      'or put prebuilt binaries in ' + toolsDir() + '/<tool>-<commit>/bin/.',
  );
  error.code = 'NO_GO';
  return error;
}

function goInstall(tool, gobin) {
  const target = `${tool.module}@${tool.version}`;
  return new Promise((resolve, reject) => {
    // go prints download/build progress on stderr; keep stdout clean for callers that parse it.
    const child = spawn('go', ['install', '-trimpath', target], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin },
      stdio: ['ignore', 2, 2],
    });
    child.on('error', (error) => reject(error.code === 'ENOENT' ? noGoError() : error));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`go install ${target} failed (${signal ? `signal ${signal}` : `exit code ${code}`}); see the output above`));
    });
  });
}

async function ensureTool(name) {
  const tool = TOOLS[name];
  const finalPath = toolPath(name);
  if (await isExecutable(finalPath)) return finalPath;

  if (!hasGo()) throw noGoError();
  const base = join(toolsDir(), tool.dir);
  await mkdir(base, { recursive: true });
  const release = await acquireLock(`${base}.lock`, name);
  try {
    if (await isExecutable(finalPath)) return finalPath; // built by whoever held the lock
    const gobin = join(base, `bin.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    const started = Date.now();
    log(`building ${name} (${tool.module}@${tool.version}); the first build takes a few minutes`);
    try {
      await goInstall(tool, gobin);
      await mkdir(join(base, 'bin'), { recursive: true });
      // Same directory tree, same filesystem: rename is atomic, so no reader sees half a binary.
      await rename(join(gobin, name), finalPath);
    } finally {
      await rm(gobin, { recursive: true, force: true });
    }
    log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${finalPath}`);
    return finalPath;
  } finally {
    await release();
  }
}

/** The OpenID provider's Go sources (a module pinned by its go.mod and go.sum). */
const OIDC_PROVIDER_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'oidc-provider');
const OIDC_PROVIDER_FILES = ['go.mod', 'go.sum', 'main.go'];

/** Cache directory name of the OpenID provider: changes whenever its sources (and so its pins) do. */
async function oidcProviderDir() {
  const hash = createHash('sha256');
  for (const file of OIDC_PROVIDER_FILES) hash.update(file).update('\0').update(await readFile(join(OIDC_PROVIDER_SOURCE, file))).update('\0');
  return `oidc-provider-${hash.digest('hex').slice(0, 12)}`;
}

function goBuild(sourceDir, output) {
  return new Promise((resolve, reject) => {
    // -mod=readonly: the build uses exactly the pinned go.sum, never rewrites it.
    const child = spawn('go', ['build', '-trimpath', '-mod=readonly', '-o', output, '.'], {
      cwd: sourceDir,
      env: { ...process.env, CGO_ENABLED: '0' },
      stdio: ['ignore', 2, 2],
    });
    child.on('error', (error) => reject(error.code === 'ENOENT' ? noGoError() : error));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`go build in ${sourceDir} failed (${signal ? `signal ${signal}` : `exit code ${code}`}); see the output above`));
    });
  });
}

/**
 * Builds (once) the OpenID provider the login tests sign in with: github.com/zitadel/oidc's provider
 * with its example storage and login pages, configured by scripts/oidc-provider/main.go.
 * @returns {Promise<string>} the binary's absolute path
 */
export async function ensureOidcProvider() {
  const base = join(toolsDir(), await oidcProviderDir());
  const finalPath = join(base, 'bin', 'oidc-provider');
  if (await isExecutable(finalPath)) return finalPath;
  if (!hasGo()) throw noGoError();
  await mkdir(base, { recursive: true });
  const release = await acquireLock(`${base}.lock`, 'oidc-provider');
  try {
    if (await isExecutable(finalPath)) return finalPath;
    const tmp = join(base, `bin.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    const started = Date.now();
    log('building oidc-provider (github.com/zitadel/oidc/v3, pinned in scripts/oidc-provider/go.mod)');
    try {
      await goBuild(OIDC_PROVIDER_SOURCE, join(tmp, 'oidc-provider'));
      await mkdir(join(base, 'bin'), { recursive: true });
      await rename(join(tmp, 'oidc-provider'), finalPath);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    log(`built oidc-provider in ${((Date.now() - started) / 1000).toFixed(1)} s: ${finalPath}`);
    return finalPath;
  } finally {
    await release();
  }
}

/**
 * Returns absolute paths of the pinned `minio`, `mc` and `oidc-provider`, building any that are missing.
 * Needs `go` only when something must be built.
 * @returns {Promise<{ minio: string, mc: string, oidcProvider: string }>}
 * @throws Error with `code === 'NO_GO'` when a build is needed and `go` is not on PATH
 */
export async function ensureTools() {
  // Sequential: two concurrent `go install`s on a small machine are slower than one after the other.
  const minio = await ensureTool('minio');
  const mc = await ensureTool('mc');
  const oidcProvider = await ensureOidcProvider();
  return { minio, mc, oidcProvider };
}

function isMain() {
  return process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
}

if (isMain()) {
  try {
    const paths = await ensureTools();
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(paths)}\n`);
    else for (const [name, path] of Object.entries(paths)) process.stdout.write(`${name}\t${path}\n`);
  } catch (error) {
    process.stderr.write(`[sts-creds tools] ${error.message}\n`);
    process.exitCode = error.code === 'NO_GO' ? 2 : 1;
  }
}
