/**
 * The credential cache against planted directories and files (issue 11, finding 5): nothing existing is
 * chmod'ed, no link is followed or written through, only our own 0600 regular files are trusted, and a
 * FIFO or an oversized file cannot hang or flood a run. The tests run as root, so "someone else's" is
 * a file chown'ed to uid 65534.
 */
import { quoteText } from '../../src/text/quote-text.js';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeEntry, decodeEntry, isFreshEnough } from '../../src/cache/cache-entry.js';
import { cacheFileName } from '../../src/cache/cache-key.js';
import { createCredentialCache } from '../../src/cache/credential-cache.js';
import { KEY, counter, fakeHost, sampleResult, type FakeHost } from './credential-cache-fixtures.js';

const OTHER_UID = 65534;
let tmp: string;
let host: FakeHost;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sts-creds-cache-unit-'));
  host = fakeHost();
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const mode = (path: string): number => lstatSync(path).mode & 0o7777;


/** A valid entry for {@link KEY} that a planted file would carry. */
const planted = (): string => encodeEntry(sampleResult('MALLORY_AK', host.now()), host.now());

describe('the cache directory', () => {
  it('is created 0700 when missing; missing parents get the default mode, not ours', async () => {
    const dir = join(tmp, 'a', 'b', 'cache');
    const cache = createCredentialCache(dir, host);
    const f = counter(host);
    expect((await cache.getOrFetch(KEY, f.fetch)).fromCache).toBe(false);
    const again = await cache.getOrFetch(KEY, f.fetch);
    expect(again).toMatchObject({ fromCache: true, result: { accessKeyId: 'AKFETCHED1' } });
    expect(f.calls).toBe(1);
    expect(mode(dir)).toBe(0o700);
    const umask = process.umask();
    expect(mode(join(tmp, 'a'))).toBe(0o777 & ~umask);
    expect(mode(join(dir, cacheFileName(KEY)))).toBe(0o600);
    expect(host.warnings).toEqual([]);
  });

  it('an existing directory of ours that others cannot write to is used as it is (0755 stays 0755)', async () => {
    const dir = join(tmp, 'mine');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const cache = createCredentialCache(dir, host);
    const f = counter(host);
    await cache.getOrFetch(KEY, f.fetch);
    await cache.getOrFetch(KEY, f.fetch);
    expect(f.calls).toBe(1);
    expect(mode(dir)).toBe(0o755);
    expect(host.warnings).toEqual([]);
  });

  it.each([
    ['a shared sticky directory (1777)', 0o1777],
    ['a setgid group directory (2775)', 0o2775],
    ['a group-writable directory (0770)', 0o770],
    ['a world-writable directory (0703)', 0o703],
  ])('%s is never chmod\'ed nor used: one warning, every call goes to STS', async (_name, dirMode) => {
    const dir = join(tmp, 'shared');
    mkdirSync(dir);
    chmodSync(dir, dirMode);
    const cache = createCredentialCache(dir, host);
    const f = counter(host);
    expect((await cache.getOrFetch(KEY, f.fetch)).result.accessKeyId).toBe('AKFETCHED1');
    expect((await cache.getOrFetch(KEY, f.fetch)).result.accessKeyId).toBe('AKFETCHED2');
    expect(await cache.get(KEY)).toBeUndefined();
    expect(mode(dir)).toBe(dirMode);
    expect(readdirSync(dir)).toEqual([]);
    expect(host.warnings).toEqual([`credential cache not used: ${JSON.stringify(dir)}: group or others can write to it (mode ${dirMode.toString(8).padStart(4, '0')})`]);
  });

  it('a symbolic link planted as the directory is not followed: its target is neither chmod\'ed nor written', async () => {
    const target = join(tmp, 'target');
    mkdirSync(target);
    chmodSync(target, 0o755);
    const dir = join(tmp, 'link');
    symlinkSync(target, dir);
    const cache = createCredentialCache(dir, host);
    const f = counter(host);
    await cache.getOrFetch(KEY, f.fetch);
    await cache.put(KEY, sampleResult('AKPUT', host.now()));
    expect(f.calls).toBe(1);
    expect(mode(target)).toBe(0o755);
    expect(readdirSync(target)).toEqual([]);
    expect(host.warnings).toEqual([`credential cache not used: ${JSON.stringify(dir)}: it is a symbolic link`]);
  });

  it('a directory owned by another user is not used, even with mode 0700 and a valid entry in it', async () => {
    const dir = join(tmp, 'theirs');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, cacheFileName(KEY)), planted(), { mode: 0o600 });
    chownSync(dir, OTHER_UID, OTHER_UID);
    const cache = createCredentialCache(dir, host);
    const f = counter(host);
    expect((await cache.getOrFetch(KEY, f.fetch)).result.accessKeyId).toBe('AKFETCHED1');
    expect(readdirSync(dir)).toEqual([cacheFileName(KEY)]);
    expect(host.warnings).toEqual([`credential cache not used: ${JSON.stringify(dir)}: it is owned by uid ${OTHER_UID}, not by uid ${host.uid}`]);
  });

  it('a file where the directory should be is reported as such; control characters in the path are escaped', async () => {
    const dir = join(tmp, 'file\x1b[31m');
    writeFileSync(dir, '');
    const cache = createCredentialCache(dir, host);
    await cache.getOrFetch(KEY, counter(host).fetch);
    expect(host.warnings).toEqual([`credential cache not used: ${quoteText(dir)}: it is not a directory`]);
    expect(host.warnings[0]).not.toContain('\x1b');
  });

  it('without a notion of file owners (uid undefined) the cache is off, with one warning', async () => {
    const cache = createCredentialCache(join(tmp, 'c'), { ...host, uid: undefined });
    const f = counter(host);
    await cache.getOrFetch(KEY, f.fetch);
    await cache.getOrFetch(KEY, f.fetch);
    expect(f.calls).toBe(2);
    expect(host.warnings).toHaveLength(1);
  });
});

describe('cache files', () => {
  let dir: string;
  let entry: string;
  beforeEach(() => {
    dir = join(tmp, 'cache');
    mkdirSync(dir, { mode: 0o700 });
    entry = join(dir, cacheFileName(KEY));
  });

  it('round-trip: what was put comes back with its dates, until it is too close to expiry', async () => {
    const cache = createCredentialCache(dir, host);
    const result = sampleResult('AKROUND', host.now());
    await cache.put(KEY, result);
    expect(await cache.get(KEY)).toEqual(result);
    host.advance(45 * 60_000); // 15 minutes left: the AWS CLI would refresh, so we do not hand it out
    expect(await cache.get(KEY)).toBeUndefined();
  });

  it('a symbolic link at the entry is not followed, and the next write replaces the link, not its target', async () => {
    const target = join(tmp, 'elsewhere.json');
    writeFileSync(target, planted(), { mode: 0o600 });
    symlinkSync(target, entry);
    const cache = createCredentialCache(dir, host);
    const got = await cache.getOrFetch(KEY, counter(host).fetch);
    expect(got).toMatchObject({ fromCache: false, result: { accessKeyId: 'AKFETCHED1' } });
    expect(readFileSync(target, 'utf8')).toBe(planted());
    expect(lstatSync(entry).isFile()).toBe(true);
    expect(mode(entry)).toBe(0o600);
  });

  it('a file owned by another user is ignored (its credentials are never handed out) and replaced', async () => {
    writeFileSync(entry, planted(), { mode: 0o600 });
    chownSync(entry, OTHER_UID, OTHER_UID);
    const cache = createCredentialCache(dir, host);
    expect(await cache.get(KEY)).toBeUndefined();
    expect((await cache.getOrFetch(KEY, counter(host).fetch)).result.accessKeyId).toBe('AKFETCHED1');
    expect(statSync(entry).uid).toBe(host.uid);
  });

  it.each([0o644, 0o640, 0o604, 0o400, 0o700])('a file with mode %o is ignored', async (fileMode) => {
    writeFileSync(entry, planted());
    chmodSync(entry, fileMode);
    expect(await createCredentialCache(dir, host).get(KEY)).toBeUndefined();
  });

  it('the same planted entry with mode 0600, ours, is used (the tests above fail for the reason they name)', async () => {
    writeFileSync(entry, planted(), { mode: 0o600 });
    expect((await createCredentialCache(dir, host).get(KEY))?.accessKeyId).toBe('MALLORY_AK');
  });

  it('a FIFO at the entry does not hang the run, and is replaced by the new entry', { timeout: 10_000 }, async () => {
    execFileSync('mkfifo', ['-m', '600', entry]);
    const cache = createCredentialCache(dir, host);
    expect(await cache.get(KEY)).toBeUndefined();
    expect((await cache.getOrFetch(KEY, counter(host).fetch)).result.accessKeyId).toBe('AKFETCHED1');
    expect(lstatSync(entry).isFile()).toBe(true);
  });

  it('a file larger than the limit is ignored, one at the limit is read', async () => {
    const text = planted();
    const padded = (size: number): string => text.replace(/}$/, `,"pad":"${'x'.repeat(size - text.length - 9)}"}`);
    expect(padded(65_536)).toHaveLength(65_536);
    writeFileSync(entry, padded(65_536), { mode: 0o600 });
    expect((await createCredentialCache(dir, host).get(KEY))?.accessKeyId).toBe('MALLORY_AK');
    writeFileSync(entry, padded(65_537), { mode: 0o600 });
    expect(await createCredentialCache(dir, host).get(KEY)).toBeUndefined();
  });

  it('a write that fails is a warning, and the run still gets its credentials', async () => {
    mkdirSync(entry); // a directory where the entry goes: rename cannot replace it
    const cache = createCredentialCache(dir, host);
    expect((await cache.getOrFetch(KEY, counter(host).fetch)).result.accessKeyId).toBe('AKFETCHED1');
    expect(host.warnings).toEqual([expect.stringMatching(/^could not write the credential cache: E[A-Z]+$/)]);
  });
});

describe('entries (pure)', () => {
  it.each([
    ['not JSON', '{'],
    ['another version', JSON.stringify({ version: 2 })],
    ['a bad date', encodeEntry(sampleResult('AK', 0), 0).replace(/"expiration":"[^"]+"/, '"expiration":"soon"')],
    ['no access key', encodeEntry(sampleResult('AK', 0), 0).replace('"accessKeyId":"AK"', '"accessKeyId":7')],
    ['an array', '[]'],
  ])('%s is no entry', (_name, text) => {
    expect(decodeEntry(text)).toBeUndefined();
  });

  it.each([
    // obtained, expires, now (minutes) -> fresh
    [0, 60, 43, true],
    [0, 60, 44, false],
    [0, 15, 7, true],
    [0, 15, 8, false],
    [0, -1, 0, false],
  ])('obtained at %i, expiring at %i, at %i: fresh enough = %s', (obtained, expires, now, fresh) => {
    expect(isFreshEnough(obtained * 60_000, expires * 60_000, now * 60_000)).toBe(fresh);
  });
});
