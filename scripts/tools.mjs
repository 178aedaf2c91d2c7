#!/usr/bin/env node
// Builds (once) and locates the pinned `minio`, `mc` and SeaweedFS's `weed` binaries used by the
// integration tests and the demo, and the Go programs of the tests (GO_PROGRAMS). Plain Node ESM
// with no dependencies, so it runs before `npm install` matters.
//
//   node scripts/tools.mjs               build what is missing, print "name<TAB>path" lines
//   node scripts/tools.mjs minio mc      only these tools
//   node scripts/tools.mjs --json        same, as one JSON object
//
// Binaries live in ${STS_CREDS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sts-creds/tools}/<name>-<commit>/bin/,
// the test programs in .../programs/<name>-<hash of their sources>/<name>; the OpenID provider
// (scripts/oidc-provider: zitadel/oidc's provider, configured for the tests) in
// oidc-provider-<hash of its sources>/bin/.

import { spawn, spawnSync } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The pinned tools. MinIO's repository is archived at 7aac2a2c5b7c. The module proxy refuses
 * short hashes, so these are the proxy's pseudo-versions for the commits.
 *
 * `bin` is the executable's name; `mainPackage`, when set, means the module is built as the main
 * module (`go build` in its downloaded source) instead of with `go install`, which refuses modules
 * whose go.mod has `replace` directives (SeaweedFS's does).
 */
export const TOOLS = Object.freeze({
  minio: Object.freeze({
    module: 'github.com/minio/minio',
    version: 'v0.0.0-20260212201848-7aac2a2c5b7c',
    dir: 'minio-7aac2a2c5b7c',
    bin: 'minio',
  }),
  mc: Object.freeze({
    module: 'github.com/minio/mc',
    version: 'v0.0.0-20250313080218-cf909e1063a9',
    dir: 'mc-cf909e1063a9',
    bin: 'mc',
  }),
  seaweedfs: Object.freeze({
    module: 'github.com/seaweedfs/seaweedfs',
    version: 'v0.0.0-20261109003541-7506e5f91cd6',
    dir: 'seaweedfs-7506e5f91cd6',
    bin: 'weed',
    mainPackage: './weed',
  }),
});

/** What `ensureTools()` builds by default: the MinIO pair the demo and benchmarks need. */
export const MINIO_TOOLS = Object.freeze(['minio', 'mc']);
/** Every pinned tool, as the test suite and `npm run tools` need them. */
export const ALL_TOOLS = Object.freeze(Object.keys(TOOLS));

/**
 * A lock older than this is presumed abandoned even if its owner looks alive. A fresh MinIO build takes
 * ~3 min and SeaweedFS ~7 on 2 idle cores, but SeaweedFS took 45 min on a 2-core machine shared with
 * five other builds; breaking a live build's lock would start a second 2.5 GB build beside it.
 */
const LOCK_STALE_MS = 60 * 60_000;
/** How long to wait for another process's build before giving up. */
const LOCK_WAIT_MS = 70 * 60_000;
const LOCK_POLL_MS = 1_000;
/** How often a running build says it is still running. */
const PROGRESS_EVERY_MS = 30_000;

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
  return join(toolsDir(env), tool.dir, 'bin', tool.bin);
}

/** True when a `go` executable is on PATH. */
export function hasGo(env = process.env) {
  const probe = spawnSync('go', ['version'], { env, stdio: 'ignore' });
  return probe.status === 0;
}

function elapsed(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
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
    'cannot build minio, mc or SeaweedFS: `go` is not on PATH. Install Go 1.24 or newer (https://go.dev/dl/), ' +
      'or put prebuilt binaries in ' + toolsDir() + '/<tool>-<commit>/bin/.',
  );
  error.code = 'NO_GO';
  return error;
}

/** Runs `go` with progress on stderr (stdout stays clean for callers that parse it). */
function runGo(args, { cwd, env, capture = false }) {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', capture ? 'pipe' : 2, 2] });
    let out = '';
    if (capture) child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', (error) => reject(error.code === 'ENOENT' ? noGoError() : error));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`go ${args.join(' ')} failed (${signal ? `signal ${signal}` : `exit code ${code}`}); see the output above`));
    });
  });
}

/** `go install`s a module's main package into `outDir`. */
async function goInstall(tool, outDir) {
  await runGo(['install', '-trimpath', `${tool.module}@${tool.version}`], { env: { CGO_ENABLED: '0', GOBIN: outDir } });
}

/**
 * Builds a module as the main module: downloads its source into the module cache (read-only
 * there; `go build` only reads it) and builds `tool.mainPackage` from it with the module's own
 * go.mod and go.sum, so its `replace` directives apply as they do for its authors.
 */
async function goBuildMainModule(tool, outDir) {
  const target = `${tool.module}@${tool.version}`;
  log(`downloading ${target}`);
  const info = JSON.parse(await runGo(['mod', 'download', '-json', target], { capture: true }));
  if (typeof info.Dir !== 'string' || info.Error) throw new Error(`go mod download ${target} failed: ${info.Error ?? 'no directory in its answer'}`);
  log(`building ${tool.mainPackage} in ${info.Dir}`);
  await mkdir(outDir, { recursive: true });
  await runGo(['build', '-trimpath', '-buildvcs=false', '-o', join(outDir, tool.bin), tool.mainPackage], {
    cwd: info.Dir,
    // GOFLAGS=-mod=mod or a workspace from the environment would let go rewrite the downloaded go.mod.
    env: { CGO_ENABLED: '0', GOFLAGS: '-mod=readonly', GOWORK: 'off' },
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
    const how = tool.mainPackage ? 'go build as the main module' : 'go install';
    log(`building ${name} (${tool.module}@${tool.version}, ${how}); the first build takes several minutes`);
    // go is silent while it compiles: say which tool is building and for how long, every 30 s.
    const every = Number(process.env.STS_CREDS_TOOLS_PROGRESS_MS) || PROGRESS_EVERY_MS;
    const ticker = setInterval(() => log(`still building ${name}: ${Math.round((Date.now() - started) / 1000)} s so far`), every);
    try {
      await (tool.mainPackage ? goBuildMainModule(tool, gobin) : goInstall(tool, gobin));
      await mkdir(join(base, 'bin'), { recursive: true });
      // Same directory tree, same filesystem: rename is atomic, so no reader sees half a binary.
      await rename(join(gobin, tool.bin), finalPath);
    } finally {
      clearInterval(ticker);
      await rm(gobin, { recursive: true, force: true });
    }
    log(`built ${name} in ${elapsed(started)}: ${finalPath}`);
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
 * Returns absolute paths of pinned tools, building any that are missing.
 * Needs `go` only when something must be built.
 * @param {readonly string[]} [names] which tools; default {@link MINIO_TOOLS} (`minio`, `mc`)
 * @returns {Promise<{ minio: string, mc: string, seaweedfs?: string }>} name -> absolute path
 * @throws Error with `code === 'NO_GO'` when a build is needed and `go` is not on PATH
 */
export async function ensureTools(names = MINIO_TOOLS) {
  const paths = {};
  // Sequential: two concurrent Go builds on a small machine are slower than one after the other.
  for (const name of names) {
    if (!TOOLS[name]) throw new Error(`unknown tool ${JSON.stringify(name)}; known: ${ALL_TOOLS.join(', ')}`);
    paths[name] = await ensureTool(name);
  }
  return paths;
}

/**
 * Go programs the tests run (consumers written against minio-go), by name: the directory of the
 * repository holding their module. Built by {@link ensureGoPrograms} before any test starts (the
 * integration tests' global setup, or `npm run tools`), never inside a test's timeout: a cold Go
 * cache downloads and compiles minio-go, which takes minutes on a small machine.
 */
export const GO_PROGRAMS = Object.freeze({
  'go-iam': Object.freeze({ dir: 'test/integration/go-iam', pkg: '.' }),
  // minio-go's usual provider chain (environment, shared files, mc's config, IAM), for exec --server.
  'go-iam-chain': Object.freeze({ dir: 'test/integration/go-iam', pkg: './chain' }),
});

const REPO = fileURLToPath(new URL('..', import.meta.url));

/** SHA-256 of a Go module directory's go.mod, go.sum and *.go files, and the package's (names and contents), 16 hex digits. */
async function sourceHash(dir, pkg) {
  const hash = createHash('sha256');
  for (const where of pkg === '.' ? [dir] : [dir, join(dir, pkg)]) {
    const names = (await readdir(where)).filter((name) => name === 'go.mod' || name === 'go.sum' || name.endsWith('.go')).sort();
    // Names relative to the module: the same sources hash the same in any checkout.
    const at = where === dir ? '' : `${pkg}/`;
    for (const name of names) hash.update(`${at}${name}\0`).update(await readFile(join(where, name))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where the test program `name` is (or will be) built: the tools cache, per hash of its sources. */
export async function goProgramPath(name, env = process.env) {
  const program = GO_PROGRAMS[name];
  if (!program) throw new Error(`unknown Go program ${JSON.stringify(name)}`);
  return join(toolsDir(env), 'programs', `${name}-${await sourceHash(join(REPO, program.dir), program.pkg)}`, name);
}

/**
 * Builds the Go programs of {@link GO_PROGRAMS} that are missing (a changed source is a new
 * build); returns their paths by name. Concurrent builds are harmless: each lands with an atomic rename.
 * @returns {Promise<Record<string, string>>}
 * @throws Error with `code === 'NO_GO'` when a build is needed and `go` is not on PATH
 */
export async function ensureGoPrograms() {
  const paths = {};
  for (const [name, { dir, pkg }] of Object.entries(GO_PROGRAMS)) {
    const finalPath = await goProgramPath(name);
    paths[name] = finalPath;
    if (await isExecutable(finalPath)) continue;
    if (!hasGo()) throw noGoError();
    const output = `${finalPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await mkdir(join(finalPath, '..'), { recursive: true });
    const started = Date.now();
    log(`building the test program ${name} (${dir}, package ${pkg})`);
    try {
      await goRun(['build', '-trimpath', '-o', output, pkg], join(REPO, dir));
      await rename(output, finalPath);
    } finally {
      await rm(output, { force: true });
    }
    log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${finalPath}`);
  }
  return paths;
}

/** Runs `go args...` in `cwd` with cgo off, its output on our stderr. */
function goRun(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { cwd, env: { ...process.env, CGO_ENABLED: '0' }, stdio: ['ignore', 2, 2] });
    child.on('error', (error) => reject(error.code === 'ENOENT' ? noGoError() : error));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`go ${args.join(' ')} in ${cwd} failed (${signal ? `signal ${signal}` : `exit code ${code}`}); see the output above`));
    });
  });
}

function isMain() {
  return process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
}

if (isMain()) {
  try {
    const args = process.argv.slice(2);
    const names = args.filter((arg) => arg !== '--json');
    // Named tools: only those; none named: every tool and the Go test programs.
    const paths = names.length > 0 ? await ensureTools(names) : { ...(await ensureTools(ALL_TOOLS)), ...(await ensureGoPrograms()), oidcProvider: await ensureOidcProvider() };
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify(paths)}\n`);
    else for (const [name, path] of Object.entries(paths)) process.stdout.write(`${name}\t${path}\n`);
  } catch (error) {
    process.stderr.write(`[sts-creds tools] ${error.message}\n`);
    process.exitCode = error.code === 'NO_GO' ? 2 : 1;
  }
}
