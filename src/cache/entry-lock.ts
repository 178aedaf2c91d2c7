/**
 * The lock runs take while they fill one cache entry, so concurrent cold runs make one STS call: a
 * file created with O_EXCL next to the entry, naming its holder, removed by the holder when done and
 * by anyone once its holder is dead or it has outlived the time limit.
 */
import { randomBytes } from 'node:crypto';
import { createPrivateFile, modifiedAt, readPrivateFile, removeIfUnchanged } from './private-files.js';
import { parseJsonOrUndefined } from './cache-entry.js';

/** A lock file's longest valid content. */
const MAX_LOCK_BYTES = 1024;

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  /** The holder's host name: its pid means nothing elsewhere. */
  host: string;
  /** When the holder took the lock, in ms since the epoch. */
  startedAt: number;
  /** Tells apart two locks with the same pid and time. */
  nonce: string;
}

/** Where the lock logic runs: who we are and what we can ask the system. */
export interface LockHost {
  /** The user whose files are trusted. */
  uid: number;
  pid: number;
  hostname: string;
  /** Whether a process with this pid exists on this host. */
  isPidAlive(pid: number): boolean;
  /** Current time, ms since the epoch. */
  now(): number;
}

/** The holder named by a lock file's text, or `undefined` when the text is not a complete lock. Pure. */
export function parseLockHolder(text: string): LockHolder | undefined {
  const parsed = parseJsonOrUndefined(text);
  const { pid, host, startedAt, nonce } = (parsed ?? {}) as Partial<Record<keyof LockHolder, unknown>>;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  if (typeof host !== 'string' || typeof startedAt !== 'number' || !Number.isFinite(startedAt) || typeof nonce !== 'string') return undefined;
  return { pid, host, startedAt, nonce };
}

/**
 * Whether a lock no longer protects anything: its holder is a dead process on this host, or it is older
 * than `staleMs` (by its own start time, or, when it cannot be read, by the file's modification time).
 * A start time in the future by more than `staleMs` is a wrong clock, not a live holder. Pure.
 */
export function isLockStale(holder: LockHolder | undefined, modifiedAtMs: number, host: Pick<LockHost, 'hostname' | 'isPidAlive'>, now: number, staleMs: number): boolean {
  const since = holder?.startedAt ?? modifiedAtMs;
  if (Math.abs(now - since) > staleMs) return true;
  return holder !== undefined && holder.host === host.hostname && !host.isPidAlive(holder.pid);
}

/** The outcome of {@link tryLock}: ours (release it when done), or held by someone else. */
export type LockAttempt = { acquired: true; release: () => Promise<void> } | { acquired: false; stale: boolean; remove: () => Promise<boolean> };

/**
 * Tries once to take the lock at `path`.
 * @throws the file system error when the lock can be neither created nor found
 */
export async function tryLock(path: string, host: LockHost, staleMs: number): Promise<LockAttempt> {
  const mine = JSON.stringify({ pid: host.pid, host: host.hostname, startedAt: host.now(), nonce: randomBytes(8).toString('hex') } satisfies LockHolder);
  if (await createPrivateFile(path, mine)) {
    // Only our own lock is removed: after we outlived the limit, someone else may hold the name.
    return { acquired: true, release: async () => void (await removeIfUnchanged(path, mine, host.uid, MAX_LOCK_BYTES)) };
  }
  const read = await readPrivateFile(path, host.uid, MAX_LOCK_BYTES);
  const modified = await modifiedAt(path);
  // Gone between our create and our read: nothing to remove, the next try takes it.
  if ((!read.ok && read.missing) || modified === undefined) return { acquired: false, stale: true, remove: () => Promise.resolve(true) };
  const text = read.ok ? read.text : undefined;
  // A holder that has created the file but not yet written it reads as empty: judged by its age only.
  const holder = text === undefined ? undefined : parseLockHolder(text);
  const stale = isLockStale(holder, modified, host, host.now(), staleMs);
  return { acquired: false, stale, remove: () => removeIfUnchanged(path, text, host.uid, MAX_LOCK_BYTES) };
}
