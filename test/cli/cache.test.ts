/**
 * The built CLI's credential cache against planted directories and files (issue 11, finding 5), and one
 * STS call between concurrent cold `-o credential-process` runs (issue 12, item 5), with the in-process
 * fake STS counting requests. Each run gets a private HOME; the tests run as root, so "another user"
 * is uid 65534.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assumeRoleSuccessBody, FAKE_CREDENTIALS, useFakeSts, type FakeSts } from '../helpers/fake-sts.js';
import { runCli, type CliResult as CliRun } from '../helpers/cli.js';

const fake: FakeSts = useFakeSts();
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sts-creds-cache-cli-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Answers after `delayMs` with credentials valid for an hour, so the cache keeps them. */
function answerAfter(delayMs: number): void {
  const body = assumeRoleSuccessBody({ expiration: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z') });
  fake.always({
    kind: 'custom',
    handle: (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/xml', connection: 'close' }).end(body), delayMs);
    },
  });
}
beforeEach(() => answerAfter(0));

let dirs = 0;
/** A fresh path under the test's temporary directory (not created). */
const fresh = (name: string): string => join(tmp, `${name}-${++dirs}`);

/** One `-o credential-process` run with its own HOME and the given cache directory. */
function run(cacheDir: string): Promise<CliRun> {
  const home = fresh('home');
  mkdirSync(home);
  return runCli(['assume-role', '-u', 'foobar', '-p', 'x', '-o', 'credential-process', '--endpoint', fake.url], {
    home,
    env: { STS_CREDS_CACHE_DIR: cacheDir },
    timeoutMs: 30_000,
  });
}

const accessKeyOf = (r: CliRun): unknown => (JSON.parse(r.stdout) as { AccessKeyId?: unknown }).AccessKeyId;
const warnings = (r: CliRun): string[] => r.stderr.split('\n').filter((line) => line.includes('credential cache'));
const mode = (path: string): number => lstatSync(path).mode & 0o7777;

/** Fills a new cache directory with one run; returns the directory and its entry file. */
async function seeded(): Promise<{ dir: string; entry: string }> {
  const dir = fresh('cache');
  const first = await run(dir);
  expect(first.code, first.stderr).toBe(0);
  // Besides the entry, the key of the entries' secret checks (src/cache/secret-check.ts).
  const names = readdirSync(dir).filter((n) => n !== '.secret-check.key');
  expect(names).toHaveLength(1);
  fake.clear();
  answerAfter(0);
  return { dir, entry: join(dir, names[0]!) };
}

/** The entry as written for our run, but naming MALLORY_AK: what an attacker would plant. */
const mallory = (entry: string): string => readFileSync(entry, 'utf8').replaceAll(FAKE_CREDENTIALS.accessKeyId, 'MALLORY_AK');

describe('one STS call between concurrent runs', () => {
  it('12 concurrent cold credential-process runs make exactly one STS request and print the same credentials', { timeout: 120_000 }, async () => {
    answerAfter(300); // without the lock, runs arriving during this answer would each call STS
    const dir = fresh('cache');
    const runs = await Promise.all(Array.from({ length: 12 }, () => run(dir)));
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
    }
    expect(fake.requests).toHaveLength(1);
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    expect(accessKeyOf(runs[0]!)).toBe(FAKE_CREDENTIALS.accessKeyId);
    expect(readdirSync(dir).filter((n) => !n.endsWith('.json'))).toEqual(['.secret-check.key']); // the lock is gone
  });

  it('a lock left by a dead run is removed and retaken at once', async () => {
    const { dir, entry } = await seeded();
    unlinkSync(entry);
    const lock = entry.replace(/\.json$/, '.lock');
    const dead = spawnSync('true').pid;
    writeFileSync(lock, JSON.stringify({ pid: dead, host: hostname(), startedAt: Date.now(), nonce: 'left-behind' }), { mode: 0o600 });
    const r = await run(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(entry)).toBe(true);
  });
});

describe('the cache directory', () => {
  it.each([
    ['a shared sticky directory', 0o1777],
    ['a setgid group-writable directory', 0o2775],
  ])('%s is not chmod\'ed nor used: one warning line, the run still succeeds through STS', async (_name, dirMode) => {
    const dir = fresh('shared');
    mkdirSync(dir);
    chmodSync(dir, dirMode);
    for (const expected of [1, 2]) {
      const r = await run(dir);
      expect(r.code, r.stderr).toBe(0);
      expect(accessKeyOf(r)).toBe(FAKE_CREDENTIALS.accessKeyId);
      expect(warnings(r)).toEqual([`sts-creds: warning: credential cache not used: ${JSON.stringify(dir)}: group or others can write to it (mode ${dirMode.toString(8)})`]);
      expect(fake.requests).toHaveLength(expected);
    }
    expect(mode(dir)).toBe(dirMode);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a symbolic link planted as the directory is not followed: the target is neither chmod\'ed nor written', async () => {
    const target = fresh('target');
    mkdirSync(target, { mode: 0o755 });
    chmodSync(target, 0o755);
    const dir = fresh('link');
    symlinkSync(target, dir);
    const r = await run(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(warnings(r)).toEqual([`sts-creds: warning: credential cache not used: ${JSON.stringify(dir)}: it is a symbolic link`]);
    expect(mode(target)).toBe(0o755);
    expect(readdirSync(target)).toEqual([]);
  });
});

describe('planted cache files', () => {
  it('a symbolic link at the entry is not followed nor written through', async () => {
    const { entry } = await seeded();
    const target = fresh('planted.json');
    writeFileSync(target, mallory(entry), { mode: 0o600 });
    const before = readFileSync(target, 'utf8');
    unlinkSync(entry);
    symlinkSync(target, entry);
    const r = await run(entry.slice(0, entry.lastIndexOf('/')));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('MALLORY_AK');
    expect(fake.requests).toHaveLength(1);
    expect(readFileSync(target, 'utf8')).toBe(before);
    expect(lstatSync(entry).isFile()).toBe(true);
  });

  it.each([
    ['owned by another user (uid 65534)', (entry: string) => chownSync(entry, 65534, 65534)],
    ['with mode 0644', (entry: string) => chmodSync(entry, 0o644)],
  ])('an entry %s is ignored: its credentials are never printed', async (_name, spoil) => {
    const { entry } = await seeded();
    writeFileSync(entry, mallory(entry));
    spoil(entry);
    const r = await run(entry.slice(0, entry.lastIndexOf('/')));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('MALLORY_AK');
    expect(fake.requests).toHaveLength(1);
  });

  it('the same planted entry, ours and 0600, is used (so the tests above fail for the reason they name)', async () => {
    const { entry } = await seeded();
    writeFileSync(entry, mallory(entry));
    const r = await run(entry.slice(0, entry.lastIndexOf('/')));
    expect(accessKeyOf(r)).toBe('MALLORY_AK');
    expect(fake.requests).toHaveLength(0);
  });

  it('a FIFO at the entry does not hang the run', async () => {
    const { entry } = await seeded();
    unlinkSync(entry);
    execFileSync('mkfifo', ['-m', '600', entry]);
    const r = await run(entry.slice(0, entry.lastIndexOf('/')));
    expect(r.code, r.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1);
    expect(lstatSync(entry).isFile()).toBe(true);
  });
});
