import { quoteText } from '../text/quote-text.js';
import { join } from 'node:path';
import type { StsResult } from '../sts/registry.js';
import { decodeEntry, encodeEntry, isFreshEnough } from './cache-entry.js';
import { cacheFileName, lockFileName, type CacheKeyParts } from './cache-key.js';
import { tryLock, type LockHost } from './entry-lock.js';
import { errorCode, preparePrivateDir, readPrivateFile, replacePrivateFile } from './private-files.js';
import { loadSecretCheckKey, secretCheck, secretMatches } from './secret-check.js';

export { hashSecret, type CacheKeyParts } from './cache-key.js';

/**
 * What the cache needs from the running program, injected so the cache never reads `process` and tests
 * can drive time: who we are, a clock, a way to wait, and where warnings go.
 */
export interface CacheHost extends Omit<LockHost, 'uid'> {
  /** The user whose directory and files are trusted (`process.getuid()`); `undefined` where there is no such notion, which turns the cache off. */
  uid: number | undefined;
  /** Resolves after `ms` milliseconds (of the host's clock). */
  sleep(ms: number): Promise<void>;
  /** Receives each reason the cache was not used or not written, as one line without a trailing newline. */
  warn(message: string): void;
}

/** Timing and size limits of a {@link createCredentialCache} cache. */
export interface CacheOptions {
  /**
   * How long a run waits for another run that holds the entry's lock to write it, before calling STS
   * itself, in ms. A lock older than this is stale and is removed by the next run that finds it.
   * @defaultValue 15000
   */
  waitMs?: number;
  /**
   * How often a waiting run looks for the entry, in ms.
   * @defaultValue 100
   */
  pollMs?: number;
  /**
   * Larger cache files are ignored, in bytes.
   * @defaultValue 65536
   */
  maxEntryBytes?: number;
}

/** The defaults of {@link CacheOptions}. */
export const CACHE_DEFAULTS = { waitMs: 15_000, pollMs: 100, maxEntryBytes: 64 * 1024 } as const;

/** What {@link CredentialCache.getOrFetch} handed out, and whether it came from the cache. */
export interface CachedOrFetched {
  result: StsResult;
  fromCache: boolean;
}

/** A file cache of temporary credentials: 0600 files in a 0700 directory we own, written atomically. */
export interface CredentialCache {
  /**
   * The key's credentials if a trustworthy entry has enough life left (and, for a call given its secret,
   * was made with it: see {@link SecretBound}), else `undefined`. Takes no lock and never waits.
   */
  get(key: CacheKeyParts, options?: SecretBound): Promise<StsResult | undefined>;
  /** Stores the key's credentials; a failure is a warning, never an error. */
  put(key: CacheKeyParts, result: StsResult): Promise<void>;
  /**
   * The key's credentials from the cache, or from `fetch` (then stored). Concurrent callers of the same
   * key, in this process or others, call `fetch` once: the first takes the entry's lock and fetches,
   * the others wait up to {@link CacheOptions.waitMs} for the entry it writes.
   * @throws whatever `fetch` throws; cache trouble never throws, it is warned about
   */
  getOrFetch(key: CacheKeyParts, fetch: () => Promise<StsResult>, options?: SecretBound): Promise<CachedOrFetched>;
  /**
   * Ignores the key's entry: calls `fetch` and replaces the entry with its answer (`--refresh`). Holds the
   * entry's lock meanwhile, so concurrent {@link getOrFetch} callers wait for the new entry.
   * A failing `fetch` leaves the entry as it was.
   * @throws whatever `fetch` throws
   */
  refresh(key: CacheKeyParts, fetch: () => Promise<StsResult>, options?: SecretBound): Promise<StsResult>;
}

/** For a call given its secret on this run (a password flag or variable, a profile's secret key). */
export interface SecretBound {
  /**
   * The secret the call is made with: an entry answers only when it was made with the same one (checked by
   * a keyed hash stored in the entry, never the secret), and the entry written records it.
   */
  secret?: string | undefined;
}

/** Control characters in a path become escapes, so a warning stays one harmless line. Pure. */
const quote = quoteText;

/** After this many stale locks removed in a row, a run waits before it looks again. */
const MAX_IMMEDIATE_RETAKES = 3;

/**
 * A cache in `dir`. The directory is created 0700 when missing; an existing one is never changed, and is
 * used only when it is a real directory owned by `host.uid` that group and others cannot write to, else
 * the cache warns once and every call goes to `fetch`.
 *
 * @example
 * ```ts
 * const cache = createCredentialCache('/home/me/.cache/sts-creds/credentials', host);
 * const { result, fromCache } = await cache.getOrFetch(key, () => client.assumeRole(params));
 * ```
 */
export function createCredentialCache(dir: string, host: CacheHost, options: CacheOptions = {}): CredentialCache {
  const waitMs = options.waitMs ?? CACHE_DEFAULTS.waitMs;
  const pollMs = options.pollMs ?? CACHE_DEFAULTS.pollMs;
  const maxEntryBytes = options.maxEntryBytes ?? CACHE_DEFAULTS.maxEntryBytes;
  let ready: Promise<LockHost | undefined> | undefined;

  /** The lock host when the directory may be used; checked (and warned about) once per cache. */
  function usable(): Promise<LockHost | undefined> {
    ready ??= (async () => {
      const uid = host.uid;
      const why = uid === undefined ? 'this platform has no file owners to check' : await preparePrivateDir(dir, uid);
      if (why !== undefined || uid === undefined) {
        host.warn(`credential cache not used: ${quote(dir)}: ${why}`);
        return undefined;
      }
      return { uid, pid: host.pid, hostname: host.hostname, isPidAlive: (pid) => host.isPidAlive(pid), now: () => host.now() };
    })();
    return ready;
  }

  let checkKey: Promise<Buffer | undefined> | undefined;
  /** The keyed hash of `secret` for an entry; `null` when a secret was given but no key can be had. */
  async function checkOf(uid: number, secret: string | undefined): Promise<string | undefined | null> {
    if (secret === undefined) return undefined;
    const k = await (checkKey ??= loadSecretCheckKey(dir, uid));
    return k ? secretCheck(k, secret) : null;
  }

  /**
   * The key's entry if it is trustworthy, has enough life left and, for a call given its secret, was made
   * with that secret (an entry made with another password, or with none recorded, does not answer).
   */
  async function readEntry(uid: number, key: CacheKeyParts, secret?: string): Promise<StsResult | undefined> {
    const read = await readPrivateFile(join(dir, cacheFileName(key)), uid, maxEntryBytes);
    const entry = read.ok ? decodeEntry(read.text) : undefined;
    if (!entry) return undefined;
    if (secret !== undefined) {
      const k = await (checkKey ??= loadSecretCheckKey(dir, uid));
      if (!k || !secretMatches(k, secret, entry.secretCheck)) return undefined;
    }
    return isFreshEnough(entry.obtainedAt, entry.result.expiration.getTime(), host.now()) ? entry.result : undefined;
  }

  async function write(key: CacheKeyParts, result: StsResult, uid?: number, secret?: string): Promise<void> {
    try {
      const check = uid === undefined ? undefined : await checkOf(uid, secret);
      // A secret-bound entry that cannot carry its check is not written: no later run could trust it.
      if (check === null) return;
      await replacePrivateFile(dir, cacheFileName(key), encodeEntry(result, host.now(), { label: key.label, secretCheck: check }));
    } catch (error) {
      host.warn(`could not write the credential cache: ${errorCode(error)}`);
    }
  }

  /**
   * Waits until this run may fetch (it holds the lock, or the wait is over) or another run has filled
   * the entry.
   */
  async function waitForTurn(
    lockHost: LockHost,
    key: CacheKeyParts,
    started: number,
    secret: string | undefined,
    acceptEntry = true,
  ): Promise<{ result: StsResult } | { release?: () => Promise<void> }> {
    const path = join(dir, lockFileName(key));
    let retakes = 0;
    for (;;) {
      let attempt;
      try {
        attempt = await tryLock(path, lockHost, waitMs);
      } catch (error) {
        host.warn(`could not lock the credential cache: ${errorCode(error)}`);
        return {};
      }
      if (attempt.acquired) return { release: attempt.release };
      if (attempt.stale && retakes < MAX_IMMEDIATE_RETAKES && (await attempt.remove())) {
        retakes += 1;
        continue;
      }
      if (host.now() - started >= waitMs) return {};
      await host.sleep(pollMs);
      retakes = 0;
      if (!acceptEntry) continue;
      const result = await readEntry(lockHost.uid, key, secret);
      if (result) return { result };
    }
  }

  return {
    async get(key, options = {}) {
      const lockHost = await usable();
      return lockHost && readEntry(lockHost.uid, key, options.secret);
    },
    async put(key, result) {
      if (await usable()) await write(key, result);
    },
    async getOrFetch(key, fetch, options = {}) {
      const { secret } = options;
      const started = host.now();
      const lockHost = await usable();
      if (!lockHost) return { result: await fetch(), fromCache: false };
      const cached = await readEntry(lockHost.uid, key, secret);
      if (cached) return { result: cached, fromCache: true };
      const turn = await waitForTurn(lockHost, key, started, secret);
      if ('result' in turn) return { result: turn.result, fromCache: true };
      try {
        // The run before us may have written the entry between our first look and our lock.
        const filled = await readEntry(lockHost.uid, key, secret);
        if (filled) return { result: filled, fromCache: true };
        const result = await fetch();
        await write(key, result, lockHost.uid, secret);
        return { result, fromCache: false };
      } finally {
        await turn.release?.();
      }
    },
    async refresh(key, fetch, options = {}) {
      const lockHost = await usable();
      if (!lockHost) return fetch();
      const turn = await waitForTurn(lockHost, key, host.now(), undefined, false);
      try {
        const result = await fetch();
        await write(key, result, lockHost.uid, options.secret);
        return result;
      } finally {
        if ('release' in turn) await turn.release?.();
      }
    },
  };
}
