/**
 * What the hot paths load. `credential_process` runs sts-creds before every AWS CLI command and
 * `--help` is the first thing people run; what they load is what they pay for at start-up. Timing
 * belongs to `npm run bench`; this pins the cause instead: the Node built-in modules each path
 * loads, recorded by a `--require` hook in the real bin's process.
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

/** Runs the bin with `args` and returns the built-in modules its process loaded. */
async function builtinsLoadedBy(args: string[], home: string, env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string; loaded: Set<string> }> {
  const dir = makeTempDir();
  const record = join(dir, 'loaded.txt');
  const hook = join(dir, 'record-builtins.cjs');
  writeFileSync(
    hook,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));\n`,
  );
  const run = await runCli(args, { home, env: { ...env, NODE_OPTIONS: `--require ${hook}` } });
  return { code: run.code, stderr: run.stderr, loaded: new Set(readFileSync(record, 'utf8').split('\n')) };
}

const heavy = (loaded: Set<string>): string[] => NOT_ON_HOT_PATHS.filter((name) => loaded.has(name));

describe('built-in modules on the hot paths', () => {
  it('--help loads none of the heavy ones (once its compiled code is kept: the run that writes it draws random bytes for the file name)', async () => {
    const home = makeTempDir();
    expect((await builtinsLoadedBy(['--help'], home)).code).toBe(0);
    const { code, loaded } = await builtinsLoadedBy(['--help'], home);
    expect(code).toBe(0);
    expect(heavy(loaded)).toEqual([]);
  });

  it('-o credential-process from the cache loads none of them; the run that called STS did (so the check sees loads)', async () => {
    fake.reply(200, assumeRoleSuccessBody({ expiration: new Date(Date.now() + 3_600_000).toISOString() }), { 'content-type': 'application/xml' });
    const home = makeTempDir();
    const args = ['assume-role', '-u', 'AKID', '--password-env', 'PW', '--endpoint', fake.url, '-o', 'credential-process'];
    const first = await builtinsLoadedBy(args, home, { PW: 'secret-key-1' });
    expect(first.code, first.stderr).toBe(0);
    expect(heavy(first.loaded)).toEqual(expect.arrayContaining(['crypto', 'http']));

    const hit = await builtinsLoadedBy(args, home, { PW: 'secret-key-1' });
    expect(hit.code, hit.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1); // the second run was answered from the cache
    expect(heavy(hit.loaded)).toEqual([]);
  });
});
