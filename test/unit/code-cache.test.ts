/**
 * The CLI's code cache (src/cli/startup/code-cache.ts) keeps V8's compiled code under the same rules as the
 * credential cache: a 0700 directory we own, 0600 files written atomically, never through a link,
 * and anything off is ignored. The bundle here is a small CommonJS file written by the test.
 */
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheName, loadBundle, type CodeCacheStore } from '../../src/cli/startup/code-cache.js';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { codePath, mayTakeHotPath, sendsRequests } from '../../src/cli/startup/start.js';

const UID = process.getuid?.() ?? 0;
const OTHER_UID = 65534;
const makeTempDir = useTempDirs('code-cache');
let tmp: string, bundle: string, store: CodeCacheStore;

beforeEach(() => {
  tmp = makeTempDir();
  bundle = join(tmp, 'main.js');
  // Enough functions for V8 to have code worth caching; `require` and `module` are the CommonJS ones.
  const fns = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
  writeFileSync(bundle, `'use strict';\n${fns}\nconst { join } = require('node:path');\nmodule.exports = { sum: () => [${Array.from({ length: 50 }, (_, i) => `f${i}(2)`).join(', ')}].reduce((a, b) => a + b, 0), join };\n`);
  store = { dir: join(tmp, 'cache', 'code'), uid: UID, key: 'abc123.node-v0-x64.help' };
});

afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const cacheFile = (): string => join(store.dir, codeCacheName(bundle, store.key));

async function run(s: CodeCacheStore | 'none' = store): Promise<{ fromCache: boolean }> {
  const loaded = await loadBundle(bundle, s === 'none' ? undefined : s);
  const exports = loaded.exports as { sum: () => number; join: (...parts: string[]) => string };
  expect(exports.sum()).toBe(2 * 1225 + 1225);
  expect(exports.join('a', 'b')).toBe(join('a', 'b'));
  await loaded.save();
  return { fromCache: loaded.fromCache };
}

describe('loadBundle', () => {
  it('runs the file, writes its code after the run (0600 in a new 0700 directory), and uses it the next time', async () => {
    expect(await run()).toEqual({ fromCache: false });
    expect(statSync(store.dir).mode & 0o777).toBe(0o700);
    expect(statSync(cacheFile()).mode & 0o777).toBe(0o600);
    expect(statSync(cacheFile()).size).toBeGreaterThan(0);
    const written = readFileSync(cacheFile());
    expect(await run()).toEqual({ fromCache: true });
    // Used, not rewritten; no temporary file left behind.
    expect(readFileSync(cacheFile()).equals(written)).toBe(true);
    expect(readdirSync(store.dir)).toEqual([codeCacheName(bundle, store.key)]);
  });

  it('keeps code per key: another Node version or kind of run neither reads nor replaces it', async () => {
    await run();
    const other = { ...store, key: 'abc123.node-v1-x64.help' };
    expect(await run(other)).toEqual({ fromCache: false });
    expect(readdirSync(store.dir).sort()).toEqual([codeCacheName(bundle, other.key), codeCacheName(bundle, store.key)].sort());
  });

  it('runs without a cache at all when there is no store', async () => {
    expect(await run('none')).toEqual({ fromCache: false });
    expect(() => lstatSync(join(tmp, 'cache'))).toThrow();
  });

  it('refuses code V8 cannot use and replaces it', async () => {
    mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    writeFileSync(cacheFile(), Buffer.alloc(4096, 7), { mode: 0o600 });
    expect(await run()).toEqual({ fromCache: false });
    expect(await run()).toEqual({ fromCache: true });
  });

  it('never follows a planted link: the target is not read as code nor written through', async () => {
    mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    const target = join(tmp, 'target');
    writeFileSync(target, 'not code', { mode: 0o600 });
    symlinkSync(target, cacheFile());
    expect(await run()).toEqual({ fromCache: false });
    expect(readFileSync(target, 'utf8')).toBe('not code');
    // The link itself was replaced by a file of ours.
    expect(lstatSync(cacheFile()).isFile()).toBe(true);
  });

  it('ignores a cache file someone else could have written (mode 0644, or another owner)', async () => {
    await run();
    chmodSync(cacheFile(), 0o644);
    expect(await run()).toEqual({ fromCache: false });
    await run();
    chownSync(cacheFile(), OTHER_UID, OTHER_UID);
    expect(await run()).toEqual({ fromCache: false });
  });

  it('reads no code from a directory others can write, or someone else\'s, however private the file looks', async () => {
    await run();
    expect(await run()).toEqual({ fromCache: true });
    chmodSync(store.dir, 0o777);
    expect(await run()).toEqual({ fromCache: false });
    chmodSync(store.dir, 0o700);
    expect(await run()).toEqual({ fromCache: true });
    chownSync(store.dir, OTHER_UID, OTHER_UID);
    expect(await run()).toEqual({ fromCache: false });
    chownSync(store.dir, UID, UID);
    const real = join(tmp, 'real');
    rmSync(real, { recursive: true, force: true });
    mkdirSync(real, { mode: 0o700 });
    writeFileSync(join(real, codeCacheName(bundle, store.key)), readFileSync(cacheFile()), { mode: 0o600 });
    rmSync(store.dir, { recursive: true });
    symlinkSync(real, store.dir);
    expect(await run()).toEqual({ fromCache: false });
  });

  it('writes nothing into a directory that is a link, group-writable or someone else\'s', async () => {
    const elsewhere = join(tmp, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    mkdirSync(join(tmp, 'cache'), { mode: 0o700 });
    symlinkSync(elsewhere, store.dir);
    expect(await run()).toEqual({ fromCache: false });
    expect(readdirSync(elsewhere)).toEqual([]);
    rmSync(store.dir);
    mkdirSync(store.dir, { mode: 0o700 });
    chmodSync(store.dir, 0o770);
    expect(await run()).toEqual({ fromCache: false });
    expect(readdirSync(store.dir)).toEqual([]);
    chmodSync(store.dir, 0o700);
    chownSync(store.dir, OTHER_UID, OTHER_UID);
    expect(await run()).toEqual({ fromCache: false });
    expect(readdirSync(store.dir)).toEqual([]);
  });
});

describe('removing the code of other builds and Node versions', () => {
  const DAY = 24 * 60 * 60 * 1000;
  /** Writes `name` in the cache directory, last written `ageMs` ago. */
  function plant(name: string, ageMs: number): string {
    mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    const path = join(store.dir, name);
    writeFileSync(path, 'old code', { mode: 0o600 });
    const when = new Date(Date.now() - ageMs);
    utimesSync(path, when, when);
    return path;
  }

  it('writing new code removes other families\' files older than a week, and only those', async () => {
    const family = 'abc123.node-v0-x64';
    const withFamily = { ...store, family };
    const stale = [plant(codeCacheName(bundle, 'old999.node-v0-x64.help'), 8 * DAY), plant(codeCacheName(bundle, 'abc123.node-v9-x64.env'), 30 * DAY)];
    const kept = [
      plant(codeCacheName(bundle, 'old999.node-v0-x64.env'), 6 * DAY), // another build, but used this week
      plant(codeCacheName(bundle, `${family}.env`), 30 * DAY), // ours, another kind of run
      plant('other.js.old999.node-v0-x64.help.v8', 30 * DAY), // another bundle's
      plant('notes.txt', 30 * DAY),
    ];
    const target = join(tmp, 'target');
    writeFileSync(target, 'not ours to remove');
    symlinkSync(target, join(store.dir, codeCacheName(bundle, 'old999.node-v0-x64.link')));
    const foreign = plant(codeCacheName(bundle, 'old999.node-v0-x64.foreign'), 30 * DAY);
    if (UID === 0) chownSync(foreign, OTHER_UID, OTHER_UID);

    expect(await run(withFamily)).toEqual({ fromCache: false });
    for (const path of stale) expect(existsSync(path), path).toBe(false);
    for (const path of kept) expect(existsSync(path), path).toBe(true);
    expect(lstatSync(join(store.dir, codeCacheName(bundle, 'old999.node-v0-x64.link'))).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('not ours to remove');
    if (UID === 0) expect(existsSync(foreign)).toBe(true);
    expect(existsSync(cacheFile())).toBe(true);
  });

  it('the bin does it: the first run of a new build removes the code an older build left a month ago', async () => {
    const home = makeTempDir();
    const dir = join(home, '.cache', 'sts-creds', 'code');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const old = join(dir, 'main.js.0123456789abcdef.node-v0.0.0-x64.help.v8');
    writeFileSync(old, 'old code', { mode: 0o600 });
    utimesSync(old, new Date(Date.now() - 30 * DAY), new Date(Date.now() - 30 * DAY));
    // `help`, not `--help`: the top-level `--help` is the hot bundle's, and this is main.js's code.
    const run = await runCli(['help'], { home });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(old)).toBe(false);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(new RegExp(`^main\\.js\\.[0-9a-f]+\\.node-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.help\\.v8$`))]);
  });

  it('the hot bundle keeps its code per kind of run: the top-level help does not stand in for a cache hit', async () => {
    const home = makeTempDir();
    const dir = join(home, '.cache', 'sts-creds', 'code');
    expect((await runCli(['--help'], { home })).code).toBe(0);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^hot\.js\.[0-9a-f]+\.node-v[\d.]+-[a-z0-9]+\.hot-help\.v8$/)]);
    expect((await runCli(['__complete', 'profile'], { home })).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([expect.stringMatching(/\.hot-help\.v8$/), expect.stringMatching(/\.hot-options\.v8$/)]);
  });

  it('a run that finds its code writes nothing and removes nothing; without a family nothing is removed', async () => {
    await run();
    const old = plant(codeCacheName(bundle, 'old999.node-v0-x64.help'), 30 * DAY);
    expect(await run({ ...store, family: 'abc123.node-v0-x64' })).toEqual({ fromCache: true });
    expect(existsSync(old)).toBe(true);
    expect(await run({ ...store, key: 'abc123.node-v0-x64.env' })).toEqual({ fromCache: false });
    expect(existsSync(old)).toBe(true);
  });
});

describe('codePath (one code cache per kind of run)', () => {
  it.each([
    [[], 'help'],
    [['--help'], 'help'],
    [['assume-role', '-h'], 'help'],
    [['help', 'env'], 'help'],
    [['assume-role', '-u', 'x'], 'assume-role'],
    [['env', 'ldap'], 'env'],
    [['-u', 'someone'], 'options'],
    [['Some/Thing'], 'options'],
    [['a'.repeat(40)], 'options'],
  ])('%j -> %s', (args, path) => {
    expect(codePath(args)).toBe(path);
  });
});

describe('mayTakeHotPath (which runs try dist/cli/hot.js first)', () => {
  it.each([
    [['assume-role', '--profile', 'x', '-o', 'credential-process'], {}, true],
    [['assume-role', '--output=credential-process'], {}, true],
    [['assume-role', '-ocredential-process'], {}, true],
    [['ldap', '--cache', '-o', 'json'], {}, true],
    [['__complete', 'profile'], {}, true],
    [['assume-role', '-o', 'credential-process'], { STS_CREDS_HOT_PATH: 'off' }, false],
    [['assume-role', '-o', 'json'], {}, false],
    [['--help'], {}, true],
    [['-h'], {}, true],
    [['--help'], { STS_CREDS_HOT_PATH: 'off' }, false],
    [['help'], {}, false],
    [['env', '--help'], {}, false],
    [['env', '--profile', 'x'], {}, false],
    [['exec', '--profile', 'x', '--', 'aws', '--cache', 'credential-process'], {}, false],
  ])('%j %j -> %s', (args, env, expected) => {
    expect(mayTakeHotPath(args, env)).toBe(expected);
  });
});

describe('sendsRequests (which runs load dist/cli/request-libraries.js with the code cache first)', () => {
  it.each([
    ['assume-role', true],
    ['env', true],
    ['exec', true],
    ['doctor', true],
    ['login', true],
    ['help', false],
    ['completion', false],
    ['cache', false],
    ['keyring', false],
    ['options', false],
  ])('%s -> %s', (kind, expected) => {
    expect(sendsRequests(kind)).toBe(expected);
  });
});
