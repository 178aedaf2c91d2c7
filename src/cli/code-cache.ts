/**
 * Runs a CommonJS bundle of the CLI with V8's compiled code kept on disk between runs. Most of a
 * short run's time above bare `node` goes to parsing and compiling the bundle; with the code of the
 * last run at hand V8 skips both, on every Node line (Node's own compile cache, on Node >= 22.1,
 * stores a file's code right after its first compilation, before any function in it has run, so it
 * holds almost nothing for a bundle). The cache is written after a run, so it holds every function
 * that run compiled, and only when no usable one was there.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { preparePrivateDir, readPrivateBytes, replacePrivateFile } from '../cache/private-files.js';

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
  const cached = store && cachePath ? await readPrivateBytes(cachePath, store.uid, MAX_CACHE_BYTES) : undefined;
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
      } catch {
        // A cache is an optimisation: a full disk or a read-only home only costs the next run time.
      }
    },
  };
}
