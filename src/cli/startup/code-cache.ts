/**
 * Runs a CommonJS bundle of the CLI with V8's compiled code kept on disk between runs. Most of a
 * short run's time above bare `node` goes to parsing and compiling the bundle; with the code of the
 * last run at hand V8 skips both, on every Node line (Node's own compile cache, on Node >= 22.1,
 * stores a file's code right after its first compilation, before any function in it has run, so it
 * holds almost nothing for a bundle). The cache is written after a run, so it holds every function
 * that run compiled, and only when no usable one was there.
 */
import { readFileSync } from 'node:fs';
import { lstat, readdir, unlink } from '../../fs/promised-fs.js';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { preparePrivateDir, readPrivateBytes, replacePrivateFile, whyExistingDirUnsafe } from '../../cache/private-files.js';

/** Where compiled code may be kept, for whom, and what it must match. */
export interface CodeCacheStore {
  /** A directory only `uid` can write to (created 0700 when missing); anything else there is ignored. */
  dir: string;
  uid: number;
  /**
   * What the code must have been compiled from and by: the bundle's content hash and the Node
   * version and architecture. V8 refuses code of another V8 or other flags by itself, but checks
   * only the length of the source.
   */
  key: string;
  /**
   * The start of `key` that every run of this bundle on this Node shares (the bundle's hash, the Node
   * version and architecture, without the kind of run). When set, writing new code also removes
   * this bundle's files of other families (an older sts-creds, a Node since upgraded) that have not
   * been written for {@link STALE_AFTER_MS}.
   */
  family?: string | undefined;
}

/** A bundle that has run its top level. */
export interface LoadedBundle {
  /** The bundle's `module.exports`. */
  exports: unknown;
  /** True when V8 took its code from the cache. */
  fromCache: boolean;
  /**
   * Stores the code compiled so far when no usable cache was there; call it after the work, so the
   * code of every function that ran is kept. Never throws: a cache that cannot be written is skipped.
   */
  save(): Promise<void>;
}

/** Far above what the CLI's bundle compiles to (about 1 MiB); a larger file is not ours. */
const MAX_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * How long the code of another build or Node version is kept after it was written. A week lets two
 * installs used side by side (a global and a project's) keep theirs: each rewrites its code at most
 * once a week after the other removed it.
 */
export const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** The CommonJS wrapper, on the bundle's first line so that its line numbers stay as they are. */
const WRAPPER = '(function (exports, require, module, __filename, __dirname) { ';

/** Name of the cache file of `file` under `key`; `key` holds only characters safe in a file name. Pure. */
export function codeCacheName(file: string, key: string): string {
  return `${basename(file)}.${key.replace(/[^A-Za-z0-9._-]/g, '_')}.v8`;
}

/**
 * Loads and runs the CommonJS file `file` as Node's `require` would, with V8's code from `store`
 * when it holds code for this file and key (`undefined`: no cache at all).
 * @throws what the bundle's top level throws, or the read error of `file`
 */
export async function loadBundle(file: string, store: CodeCacheStore | undefined): Promise<LoadedBundle> {
  const source = readFileSync(file, 'utf8');
  const cachePath = store && join(store.dir, codeCacheName(file, store.key));
  // The directory first: code planted in one that others can write would run as us.
  const readable = store && cachePath && (await whyExistingDirUnsafe(store.dir, store.uid)) === undefined;
  const cached = readable ? await readPrivateBytes(cachePath, store.uid, MAX_CACHE_BYTES) : undefined;
  const script = new Script(`${WRAPPER}${source}\n})`, { filename: file, ...(cached?.ok ? { cachedData: cached.bytes } : {}) });
  const fromCache = cached?.ok === true && script.cachedDataRejected === false;
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    fromCache,
    save: async () => {
      if (!store || !cachePath || fromCache) return;
      try {
        if ((await preparePrivateDir(store.dir, store.uid)) !== undefined) return;
        await replacePrivateFile(store.dir, basename(cachePath), script.createCachedData());
        if (store.family !== undefined) await removeStale(store, basename(file), codeCacheName(file, store.family));
      } catch {
        // A cache is an optimisation: a full disk or a read-only home only costs the next run time.
      }
    },
  };
}

/**
 * Removes, from `store.dir` (already checked to be ours and private), the regular files we own that
 * hold code of `bundleName` for another family than `current` (the cache name of the family, ending
 * `.v8`) and were written more than {@link STALE_AFTER_MS} ago. Anything else there is left alone.
 */
async function removeStale(store: CodeCacheStore, bundleName: string, current: string): Promise<void> {
  const ours = current.slice(0, -'.v8'.length);
  const cutoff = Date.now() - STALE_AFTER_MS;
  for (const name of await readdir(store.dir)) {
    if (!name.startsWith(`${bundleName}.`) || !name.endsWith('.v8') || name.startsWith(`${ours}.`)) continue;
    const path = join(store.dir, name);
    try {
      const info = await lstat(path);
      if (info.isFile() && info.uid === store.uid && info.mtimeMs < cutoff) await unlink(path);
    } catch {
      // Gone already (another run pruned it), or not ours to judge: leave it.
    }
  }
}
