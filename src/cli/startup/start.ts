/**
 * What bin/sts-creds.js starts: runs the CLI's bundle (dist/cli/main.js) through the code cache
 * and returns the exit code. Built by scripts/build-cli.mjs into dist/cli/start.js, a small
 * CommonJS file, so the bin needs neither Node's ES module loader nor a compile of the whole CLI
 * before the cache is consulted.
 */
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadBundle, type CodeCacheStore } from './code-cache.js';
import { userCacheDir } from '../inputs/environment.js';
import type { main as Main } from '../main.js';
import type { hotMain as HotMain } from '../hot/hot.js';
import { isTopLevelHelp } from '../hot/top-level-help.js';

/** The content hashes of dist/cli/main.js and dist/cli/hot.js, written in by scripts/build-cli.mjs. */
declare const STS_CREDS_BUNDLE_HASH: string;
declare const STS_CREDS_HOT_HASH: string;
/** The content hash of dist/cli/request-libraries.js; empty when main.js holds those libraries itself. */
declare const STS_CREDS_REQUEST_LIBRARIES_HASH: string;
/** True in a build without the code cache (`scripts/build-cli.mjs --without code-cache`, for measuring). */
declare const STS_CREDS_NO_CODE_CACHE: boolean;

/**
 * Where this user's compiled code is kept: `$XDG_CACHE_HOME/sts-creds/code` (else `~/.cache/...`);
 * none where there are no user ids, or with `NODE_DISABLE_COMPILE_CACHE=1` (Node's switch for its
 * own compile cache).
 */
function codeCacheStore(env: Record<string, string | undefined>, bundleHash: string, kind: string): CodeCacheStore | undefined {
  const uid = process.getuid?.();
  if (STS_CREDS_NO_CODE_CACHE || uid === undefined || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  // os.homedir() only when HOME is unset, as the credential cache does.
  const dir = `${userCacheDir(env, env.HOME ? '' : homedir())}/code`;
  if (!dir.startsWith('/')) return undefined;
  const family = `${bundleHash}.node-${process.version}-${process.arch}`;
  return { dir, uid, key: `${family}.${kind}`, family };
}

/**
 * Whether the hot path (src/cli/hot/hot.ts) may answer `args`: completion's names, the top-level help, or a
 * run with the credential cache on (`-o credential-process`, `--cache`), unless `STS_CREDS_HOT_PATH=off`. A quick
 * look, not a parse: the hot path reads the line itself and declines what it cannot answer. Pure.
 */
export function mayTakeHotPath(args: readonly string[], env: Record<string, string | undefined>): boolean {
  if (env.STS_CREDS_HOT_PATH === 'off') return false;
  // Not what follows `--` (exec's command and its arguments).
  const end = args.indexOf('--');
  const own = end === -1 ? args : args.slice(0, end);
  return args[0] === '__complete' || isTopLevelHelp(args) || own.some((arg) => arg === '--cache' || arg.endsWith('credential-process'));
}

/**
 * Which kind of run `args` ask for, so that each kind has code of its own kind in the cache: the code
 * kept is what the first successful run of a kind compiled, and help holds none of a command's. Pure.
 */
export function codePath(args: readonly string[]): string {
  if (args.length === 0 || args[0] === 'help' || args.some((arg) => arg === '-h' || arg === '--help')) return 'help';
  return /^[a-z][a-z-]{0,31}$/.test(args[0] ?? '') ? (args[0] as string) : 'options';
}

/**
 * Whether a run of this kind ({@link codePath}) sends requests, so that the libraries only a request needs
 * (dist/cli/request-libraries.js: undici, fast-xml-parser, @smithy/signature-v4) are loaded first, with the
 * code cache; main.js requires them without it when another kind of run needs them after all. Pure.
 */
export function sendsRequests(kind: string): boolean {
  return !['help', 'completion', 'cache', 'keyring', 'options'].includes(kind);
}

/** Where main.js's stand-ins for the request libraries find them once loaded (scripts/build-cli.mjs). */
const REQUEST_LIBRARIES = Symbol.for('sts-creds.request-libraries');

/** The first Node major version that runs without `--liftoff-only` (see {@link start}). */
const LIFTOFF_ONLY_BEFORE_MAJOR = 22;

/** Runs `sts-creds` with `args` (without `node` and the script); resolves with the exit code. */
export async function start(args: readonly string[]): Promise<number> {
  // undici parses HTTP with WebAssembly. On Node 20, V8 re-compiles hot WebAssembly with its
  // optimising tier in background threads and Node waits for them before it exits: 0.1 to 0.2 s of
  // nothing at the end of a one-request process, which the baseline tier alone (--liftoff-only)
  // avoids. From Node 22 on (lazy compilation, dynamic tiering) the same flag makes a request
  // run about 20 ms slower, and loading node:v8 for it costs every run 3 ms: measured side by side.
  // Set in every run of a Node line before main.js and its libraries are compiled: V8 accepts cached
  // code only under the flags it was compiled with (and the cache is kept per Node version). The hot
  // path runs no WebAssembly and is always compiled before the flag is set, so it is spared loading
  // node:v8 (3.5 ms and 41 modules on Node 20).
  const kind = codePath(args);
  if (mayTakeHotPath(args, process.env)) {
    // Code kept per kind of run, as main.js's is: help's code must not stand in for a cache hit's.
    const hot = await loadBundle(fileURLToPath(new URL('hot.js', import.meta.url)), codeCacheStore(process.env, STS_CREDS_HOT_HASH, `hot-${kind}`));
    const code = await (hot.exports as { hotMain: typeof HotMain }).hotMain(args);
    if (code !== undefined) {
      if (code === 0) await hot.save();
      return code;
    }
  }
  if (LIFTOFF_ONLY_BEFORE_MAJOR > Number(process.versions.node.split('.')[0])) process.getBuiltinModule('node:v8').setFlagsFromString('--liftoff-only');
  const libraries =
    STS_CREDS_REQUEST_LIBRARIES_HASH !== '' && sendsRequests(kind)
      ? await loadBundle(fileURLToPath(new URL('request-libraries.js', import.meta.url)), codeCacheStore(process.env, STS_CREDS_REQUEST_LIBRARIES_HASH, kind))
      : undefined;
  if (libraries) (globalThis as Record<symbol, unknown>)[REQUEST_LIBRARIES] = libraries.exports;
  const bundle = await loadBundle(fileURLToPath(new URL('main.js', import.meta.url)), codeCacheStore(process.env, STS_CREDS_BUNDLE_HASH, kind));
  const code = await (bundle.exports as { main: typeof Main }).main(args);
  // Only a successful run: a mistyped command would otherwise leave a cache file of its own.
  if (code === 0) {
    await bundle.save();
    await libraries?.save();
  }
  return code;
}
