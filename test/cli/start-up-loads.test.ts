/**
 * What the hot paths load. `credential_process` runs sts-creds before every AWS CLI command and
 * `--help` is the first thing people run; what they load is what they pay for at start-up. Timing
 * belongs to `npm run bench`; this pins the cause instead: the Node built-in modules each path
 * loads, and which of the CLI's bundles it reads (dist/cli/hot.js, the hot path without commander,
 * chalk or the request code; dist/cli/main.js, the whole CLI), recorded by a `--require` hook in the
 * real bin's process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { assumeRoleSuccessBody, useFakeSts } from '../helpers/fake-sts.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const fake = useFakeSts();
const makeTempDir = useTempDirs('start-up-loads');

/**
 * Built-ins no cache hit and no help needs: TLS, HTTP, sockets, signing, the terminal, child
 * processes, the promise fs API; and from Node 22 on node:v8 with the stream machinery it brings
 * (Node 20 sets a V8 flag through it, see src/cli/startup/start.ts).
 */
const NOT_ON_HOT_PATHS = [
  ...['crypto', 'tls', 'http', 'https', 'net', 'zlib', 'child_process', 'tty', 'fs/promises', 'worker_threads'],
  ...(Number(process.versions.node.split('.')[0]) >= 22 ? ['v8', 'stream'] : []),
];

/** Runs the bin with `args`; returns the built-in modules its process loaded and the bundles of dist/cli/ it read. */
async function builtinsLoadedBy(
  args: string[],
  home: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string; loaded: Set<string>; bundles: string[] }> {
  const dir = makeTempDir();
  const record = join(dir, 'loaded.txt');
  const hook = join(dir, 'record-builtins.cjs');
  // The bundles are read with readFileSync and run through node:vm (src/cli/startup/code-cache.ts), not required.
  writeFileSync(
    hook,
    `const fs = require('node:fs'); const read = fs.readFileSync; const bundles = [];
fs.readFileSync = function (file, ...rest) { if (typeof file === 'string' && /[\\/]dist[\\/]cli[\\/][^\\/]+\\.js$/.test(file)) bundles.push(require('node:path').basename(file)); return read.call(this, file, ...rest); };
process.on('exit', () => fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ bundles, loaded: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)) })));\n`,
  );
  const run = await runCli(args, { home, env: { ...env, NODE_OPTIONS: `--require ${hook}` } });
  const { loaded, bundles } = JSON.parse(readFileSync(record, 'utf8')) as { loaded: string[]; bundles: string[] };
  return { code: run.code, stderr: run.stderr, loaded: new Set(loaded), bundles };
}

const heavy = (loaded: Set<string>): string[] => NOT_ON_HOT_PATHS.filter((name) => loaded.has(name));

describe('built-in modules on the hot paths', () => {
  it('--help loads none of the heavy ones (once its compiled code is kept: the run that writes it draws random bytes for the file name)', async () => {
    const home = makeTempDir();
    expect((await builtinsLoadedBy(['--help'], home)).code).toBe(0);
    const { code, loaded, bundles } = await builtinsLoadedBy(['--help'], home);
    expect(code).toBe(0);
    expect(heavy(loaded)).toEqual([]);
    // The top-level help at the default width is the hot bundle's (rendered by commander at build time).
    expect(bundles).toEqual(['start.js', 'hot.js']);
    // At another width main.js renders it (its code kept by the first such run, as above).
    expect((await builtinsLoadedBy(['--help'], home, { COLUMNS: '100' })).code).toBe(0);
    const whole = await builtinsLoadedBy(['--help'], home, { COLUMNS: '100' });
    expect(whole.code).toBe(0);
    expect(heavy(whole.loaded)).toEqual([]);
    expect(whole.bundles).toEqual(['start.js', 'hot.js', 'main.js']);
  });

  it('-o credential-process from the cache reads only the hot bundle and loads none of them; the run that called STS did (so the check sees loads)', async () => {
    fake.reply(200, assumeRoleSuccessBody({ expiration: new Date(Date.now() + 3_600_000).toISOString() }), { 'content-type': 'application/xml' });
    const home = makeTempDir();
    const args = ['assume-role', '-u', 'AKID', '--password-env', 'PW', '--endpoint', fake.url, '-o', 'credential-process'];
    const first = await builtinsLoadedBy(args, home, { PW: 'secret-key-1' });
    expect(first.code, first.stderr).toBe(0);
    expect(heavy(first.loaded)).toEqual(expect.arrayContaining(['crypto', 'http']));
    // A miss: the hot bundle looked, then the whole CLI ran, its request libraries loaded first.
    expect(first.bundles).toEqual(['start.js', 'hot.js', 'request-libraries.js', 'main.js']);

    // The first hit keeps the hot bundle's compiled code (random bytes name the file it writes), the next one uses it.
    expect((await builtinsLoadedBy(args, home, { PW: 'secret-key-1' })).code).toBe(0);
    const hit = await builtinsLoadedBy(args, home, { PW: 'secret-key-1' });
    expect(hit.code, hit.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1); // the hits were answered from the cache
    expect(heavy(hit.loaded)).toEqual([]);
    // Not even node:v8, which Node 20's --liftoff-only needs only for main.js's requests.
    expect(hit.loaded.has('v8')).toBe(false);
    // Neither commander nor chalk nor undici (all in main.js alone: test/unit/cli-bundle.test.ts).
    expect(hit.bundles).toEqual(['start.js', 'hot.js']);
  });

  it('completion names after --profile read only the hot bundle and load none of them', async () => {
    const home = makeTempDir();
    expect((await builtinsLoadedBy(['__complete', 'profile'], home)).code).toBe(0);
    const names = await builtinsLoadedBy(['__complete', 'profile'], home);
    expect(names.code, names.stderr).toBe(0);
    expect(heavy(names.loaded)).toEqual([]);
    expect(names.bundles).toEqual(['start.js', 'hot.js']);
  });
});
