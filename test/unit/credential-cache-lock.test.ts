/**
 * The entry lock (issue 12, item 5): runs that would fill the same entry call STS once; the others wait
 * for what the first writes. Driven by a fake clock: `sleep` moves it, so "waits 15 s" takes no time.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockFileName } from '../../src/cache/cache-key.js';
import { CACHE_DEFAULTS, createCredentialCache } from '../../src/cache/credential-cache.js';
import { isLockStale, parseLockHolder, type LockHolder } from '../../src/cache/entry-lock.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { KEY, counter, fakeHost, sampleResult, type FakeHost } from './credential-cache-fixtures.js';

const OTHER_PID = 999_999_001;
const makeTempDir = useTempDirs('lock-unit');
let tmp: string, dir: string, lock: string, host: FakeHost;

beforeEach(() => {
  tmp = makeTempDir();
  dir = join(tmp, 'cache');
  mkdirSync(dir, { mode: 0o700 });
  lock = join(dir, lockFileName(KEY));
  host = fakeHost();
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** Plants a lock as another run would leave it. */
function plantLock(holder: Partial<LockHolder> = {}): string {
  const text = JSON.stringify({ pid: OTHER_PID, host: 'this-host', startedAt: host.now(), nonce: 'n0', ...holder });
  writeFileSync(lock, text, { mode: 0o600 });
  return text;
}


describe('getOrFetch with a lock held by a live run', () => {
  beforeEach(() => host.alive.add(OTHER_PID));

  it('waits, then hands out what the holder wrote, without calling STS', async () => {
    const text = plantLock();
    const holder = createCredentialCache(dir, { ...host, warn: () => undefined });
    host.onSleep = async () => {
      if (host.sleeps.length === 3) await holder.put(KEY, sampleResult('AKHOLDER', host.now()));
    };
    const f = counter(host);
    const got = await createCredentialCache(dir, host).getOrFetch(KEY, f.fetch);
    expect(got).toMatchObject({ fromCache: true, result: { accessKeyId: 'AKHOLDER' } });
    expect(f.calls).toBe(0);
    expect(host.sleeps).toEqual([CACHE_DEFAULTS.pollMs, CACHE_DEFAULTS.pollMs, CACHE_DEFAULTS.pollMs]);
    expect(readFileSync(lock, 'utf8')).toBe(text); // not ours: left alone
  });

  it('gives up waiting after the limit and calls STS itself, leaving the holder\'s lock alone', async () => {
    const text = plantLock();
    const f = counter(host);
    const got = await createCredentialCache(dir, host, { waitMs: 1_000, pollMs: 100 }).getOrFetch(KEY, f.fetch);
    expect(got).toMatchObject({ fromCache: false, result: { accessKeyId: 'AKFETCHED1' } });
    expect(f.calls).toBe(1);
    expect(host.sleeps).toEqual(Array(10).fill(100));
    expect(readFileSync(lock, 'utf8')).toBe(text);
    expect(host.warnings).toEqual([]);
  });

  it('a lock written by a dead run on another host is not judged by its pid: the run waits', async () => {
    host.alive.delete(OTHER_PID);
    plantLock({ host: 'other-host' });
    const f = counter(host);
    await createCredentialCache(dir, host, { waitMs: 500, pollMs: 100 }).getOrFetch(KEY, f.fetch);
    expect(host.sleeps).toHaveLength(5);
    expect(existsSync(lock)).toBe(true);
  });
});

describe('stale locks are recovered without waiting', () => {
  it.each([
    ['its pid is dead on this host', () => plantLock()],
    ['it is older than the limit', () => (host.alive.add(OTHER_PID), plantLock({ startedAt: host.now() - CACHE_DEFAULTS.waitMs - 1 }))],
    ['it is from another host and older than the limit', () => plantLock({ host: 'other-host', startedAt: host.now() - CACHE_DEFAULTS.waitMs - 1 })],
    ['it was never written and its file is older than the limit', () => {
      writeFileSync(lock, '', { mode: 0o600 });
      const old = (host.now() - CACHE_DEFAULTS.waitMs - 1_000) / 1000;
      utimesSync(lock, old, old);
    }],
  ])('when %s', async (_name, plant) => {
    plant();
    const f = counter(host);
    const got = await createCredentialCache(dir, host).getOrFetch(KEY, f.fetch);
    expect(got.result.accessKeyId).toBe('AKFETCHED1');
    expect(host.sleeps).toEqual([]);
    expect(existsSync(lock)).toBe(false);
    expect(await createCredentialCache(dir, host).get(KEY)).toEqual(got.result);
  });

  it('a lock that was just created and not yet written is waited for, not removed', async () => {
    writeFileSync(lock, '', { mode: 0o600 });
    host.onSleep = () => void (host.sleeps.length === 2 && rmSync(lock));
    const f = counter(host);
    await createCredentialCache(dir, host).getOrFetch(KEY, f.fetch);
    expect(host.sleeps).toHaveLength(2);
    expect(f.calls).toBe(1);
  });
});

describe('our own lock', () => {
  it('is held while fetching and removed afterwards, also when the fetch fails', async () => {
    const cache = createCredentialCache(dir, host);
    let seen: LockHolder | undefined;
    await expect(
      cache.getOrFetch(KEY, async () => {
        seen = parseLockHolder(readFileSync(lock, 'utf8'));
        throw new Error('STS said no');
      }),
    ).rejects.toThrow('STS said no');
    expect(seen).toMatchObject({ pid: process.pid, host: 'this-host', startedAt: host.now() });
    expect(existsSync(lock)).toBe(false);
  });

  it('is not removed once another run has taken it over (after judging ours stale)', async () => {
    let theirs = '';
    await createCredentialCache(dir, host).getOrFetch(KEY, async () => {
      rmSync(lock);
      theirs = plantLock({ nonce: 'theirs' });
      return sampleResult('AKMINE', host.now());
    });
    expect(readFileSync(lock, 'utf8')).toBe(theirs);
  });

  it('two concurrent calls in one process call STS once and hand out the same credentials', async () => {
    const f = counter(host);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowFetch = async (): Promise<ReturnType<typeof sampleResult>> => {
      await gate;
      return f.fetch();
    };
    const a = createCredentialCache(dir, host).getOrFetch(KEY, slowFetch);
    const b = createCredentialCache(dir, host).getOrFetch(KEY, slowFetch);
    host.onSleep = () => release();
    // Were there no lock, nobody would sleep: open the gate anyway so the test fails instead of hanging.
    const fallback = setTimeout(release, 1_000);
    const [ra, rb] = await Promise.all([a, b]);
    clearTimeout(fallback);
    expect(f.calls).toBe(1);
    expect(ra.result).toEqual(rb.result);
    expect([ra.fromCache, rb.fromCache].sort()).toEqual([false, true]);
  });
});

describe('lock staleness (pure)', () => {
  const self = { hostname: 'h', isPidAlive: (pid: number) => pid === 1 };
  const holder = (over: Partial<LockHolder>): LockHolder => ({ pid: 1, host: 'h', startedAt: 100_000, nonce: 'n', ...over });
  it.each([
    ['live, young', holder({}), 0, 100_500, false],
    ['live, older than the limit', holder({}), 0, 111_000, true],
    ['live, started in the future beyond the limit', holder({ startedAt: 200_000 }), 0, 100_000, true],
    ['dead on this host', holder({ pid: 2 }), 0, 100_500, true],
    ['dead pid on another host, young', holder({ pid: 2, host: 'x' }), 0, 100_500, false],
    ['unreadable, file young', undefined, 100_000, 100_500, false],
    ['unreadable, file old', undefined, 100_000, 111_000, true],
  ])('%s -> stale = %s', (_name, h, mtime, now, stale) => {
    expect(isLockStale(h, mtime, self, now, 10_000)).toBe(stale);
  });

  it.each(['', '{', '{"pid":0,"host":"h","startedAt":1,"nonce":"n"}', '{"pid":-1,"host":"h","startedAt":1,"nonce":"n"}', '{"pid":1.5,"host":"h","startedAt":1,"nonce":"n"}', 'null'])(
    '%j names no holder',
    (text) => expect(parseLockHolder(text)).toBeUndefined(),
  );
});
