import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { StsResult } from '../sts/registry.js';

/** What identifies a cached credential: everything that shapes the STS call, but never a long-term secret. */
export interface CacheKeyParts {
  endpoint: string;
  region: string;
  action: string;
  /** The access key for AssumeRole; a SHA-256 of the token for token-based actions. */
  principal: string;
  /** Every other parameter sent (duration, policy, role ARN, ...). */
  params: Record<string, string | number | undefined>;
}

/** A file cache of temporary credentials: 0600 files in a 0700 directory, written atomically. */
export interface CredentialCache {
  get(key: CacheKeyParts): Promise<StsResult | undefined>;
  put(key: CacheKeyParts, result: StsResult): Promise<void>;
}

interface Entry {
  version: 1;
  obtainedAt: string;
  result: Omit<StsResult, 'expiration' | 'serverDate'> & { expiration: string; serverDate?: string | undefined };
}

/** SHA-256 hex of a token, so the cache key tells tokens apart without storing one. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The file name for a key. Pure. */
export function cacheFileName(key: CacheKeyParts): string {
  const params = Object.keys(key.params)
    .sort()
    .map((k) => [k, key.params[k] ?? null]);
  return `${createHash('sha256').update(JSON.stringify([1, key.endpoint, key.region, key.action, key.principal, params])).digest('hex')}.json`;
}

/**
 * Whether a cached credential still has enough life to hand out: more than 16 minutes left (the AWS
 * CLI refreshes anything closer than 15 minutes to expiry), or, for short-lived credentials, more
 * than half of their lifetime. Pure.
 */
export function isFreshEnough(obtainedAt: number, expiration: number, now: number): boolean {
  const lifetime = expiration - obtainedAt;
  const needed = Math.min(16 * 60_000, lifetime / 2);
  return expiration - now > needed;
}

/**
 * A cache in `dir` (created 0700). Reads that fail for any reason are misses; writes go to a
 * 0600 temporary file that is renamed into place.
 */
export function createCredentialCache(dir: string, now: () => number = Date.now): CredentialCache {
  async function ensureDir(): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await stat(dir);
    if ((info.mode & 0o077) !== 0) await chmod(dir, 0o700);
  }
  return {
    async get(key) {
      const file = join(dir, cacheFileName(key));
      let entry: Entry;
      try {
        const info = await stat(file);
        if ((info.mode & 0o077) !== 0) return undefined; // someone loosened it: don't trust it
        entry = JSON.parse(await readFile(file, 'utf8')) as Entry;
      } catch {
        return undefined;
      }
      const expiration = new Date(entry?.result?.expiration ?? NaN);
      const obtainedAt = Date.parse(entry?.obtainedAt ?? '');
      if (entry?.version !== 1 || Number.isNaN(expiration.getTime()) || Number.isNaN(obtainedAt)) return undefined;
      if (!isFreshEnough(obtainedAt, expiration.getTime(), now())) return undefined;
      const serverDate = entry.result.serverDate ? new Date(entry.result.serverDate) : undefined;
      return { ...entry.result, expiration, serverDate } as StsResult;
    },
    async put(key, result) {
      await ensureDir();
      const file = join(dir, cacheFileName(key));
      const tmp = join(dir, `.${cacheFileName(key)}.${randomBytes(6).toString('hex')}.tmp`);
      const entry: Entry = {
        version: 1,
        obtainedAt: new Date(now()).toISOString(),
        result: { ...result, expiration: result.expiration.toISOString(), serverDate: result.serverDate?.toISOString() },
      };
      const handle = await open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(entry));
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(tmp, file);
      } catch (error) {
        await unlink(tmp).catch(() => undefined);
        throw error;
      }
    },
  };
}
