/**
 * What `sts-creds cache list` and `cache clear` see of the cache directory: its entries, read with the
 * same checks as the cache itself, and their removal. Never creates the directory, never follows a link.
 */
import { join } from 'node:path';
import { lstat, readdir, unlink } from '../fs/promised-fs.js';
import { decodeEntry, type EntryLabel } from './cache-entry.js';
import { CACHE_DEFAULTS } from './credential-cache.js';
import { errorCode, readPrivateFile, whyDirUnsafe } from './private-files.js';

/** One entry as listed: no secret, only what identifies it and how long it lasts. */
export interface ListedEntry {
  /** The entry's file name in the cache directory (`<sha256>.json`). */
  file: string;
  /** The STS action, or `credential_process` for `cache run` entries. */
  method: string;
  label: EntryLabel;
  obtainedAt: Date;
  expiration: Date;
}

/** What the directory holds: its entries, and the files it holds that are not trustworthy entries. */
export interface CacheContents {
  entries: ListedEntry[];
  /** Entry-named files that were skipped: someone else's, a loose mode, not an entry. */
  skipped: number;
}

/** Entry files are named by a SHA-256 hex; nothing else in the directory is an entry. */
const ENTRY_NAME = /^[0-9a-f]{64}\.json$/;

/**
 * Why `dir` must not be read as our cache, `'missing'` when it does not exist, `undefined` when it may be used.
 */
async function checkDir(dir: string, uid: number): Promise<string | undefined> {
  try {
    return whyDirUnsafe(await lstat(dir), uid);
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? 'missing' : `it cannot be examined (${errorCode(error)})`;
  }
}

/** Thrown when the cache directory is not one we may trust; the message names the directory. */
export class CacheDirError extends Error {
  override readonly name = 'CacheDirError';
}

async function entryNames(dir: string, uid: number): Promise<string[]> {
  const why = await checkDir(dir, uid);
  if (why === 'missing') return [];
  if (why !== undefined) throw new CacheDirError(`the credential cache ${JSON.stringify(dir)} is not used: ${why}`);
  return (await readdir(dir)).filter((name) => ENTRY_NAME.test(name)).sort();
}

/**
 * The entries in `dir` (missing: none), oldest expiry first.
 * @throws {@link CacheDirError} when the directory is not ours alone
 */
export async function listCacheEntries(dir: string, uid: number): Promise<CacheContents> {
  const entries: ListedEntry[] = [];
  let skipped = 0;
  for (const file of await entryNames(dir, uid)) {
    const read = await readPrivateFile(join(dir, file), uid, CACHE_DEFAULTS.maxEntryBytes);
    const entry = read.ok ? decodeEntry(read.text) : undefined;
    if (!entry) {
      if (!(read.ok === false && read.missing)) skipped += 1;
      continue;
    }
    entries.push({ file, method: entry.result.action, label: entry.label ?? {}, obtainedAt: new Date(entry.obtainedAt), expiration: entry.result.expiration });
  }
  entries.sort((a, b) => a.expiration.getTime() - b.expiration.getTime());
  return { entries, skipped };
}

/**
 * Removes the entries named `files` (all entries when `files` is undefined) from `dir`. Lock files are
 * left alone: a run holding one is filling its entry right now.
 * @returns how many entries were removed
 * @throws {@link CacheDirError} when the directory is not ours alone
 */
export async function clearCacheEntries(dir: string, uid: number, files?: readonly string[]): Promise<number> {
  const present = await entryNames(dir, uid);
  const doomed = files === undefined ? present : present.filter((name) => files.includes(name));
  let removed = 0;
  for (const name of doomed) {
    try {
      await unlink(join(dir, name));
      removed += 1;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }
  return removed;
}
