/** Bugs found while reading the CLI, each pinned by a test that failed before its fix. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGV_GRAMMAR } from '../../src/cli/argv-grammar.js';
import { argvSecrets } from '../../src/cli/argv-secrets.js';
import { FAKE_CREDENTIALS, assumeRoleSuccessBody, useFakeSts, type FakeSts } from '../helpers/fake-sts.js';
import { runMain as runInProcess } from '../helpers/cli.js';

const fake: FakeSts = useFakeSts();
let tmp: string;
let passwordFile: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sts-creds-cli-fixes-'));
  passwordFile = join(tmp, 'pw');
  writeFileSync(passwordFile, 'S3cr3t-P@ss\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('--cache hit: the time left is counted from now, not from the cached answer’s Date', () => {
  it('a fresh answer shows 1h 0m by the server clock; the same credentials from the cache 20 minutes later show 40m 0s', async () => {
    const issued = new Date(Math.floor(Date.now() / 1000) * 1000);
    const expiration = new Date(issued.getTime() + 3_600_000);
    fake.reply(200, assumeRoleSuccessBody({ expiration: expiration.toISOString() }), {
      'content-type': 'application/xml',
      date: issued.toUTCString(),
    });
    const cacheDir = join(tmp, 'cache-time-left');
    const args = ['assume-role', '--endpoint', fake.url, '-u', 'minioadmin', '--password-file', passwordFile, '--cache'];
    const env = { STS_CREDS_CACHE_DIR: cacheDir, NO_COLOR: '1' };

    const fresh = await runInProcess(args, { env, now: () => issued });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain(`Expiration: ${expiration.toISOString().replace('.000Z', 'Z')} (in 1h 0m)`);

    const later = await runInProcess(args, { env, now: () => new Date(issued.getTime() + 20 * 60_000) });
    expect(later.code, later.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1); // the second run was a cache hit
    expect(later.stdout).toContain(`SecretAccessKey: ${FAKE_CREDENTIALS.secretAccessKey}`);
    expect(later.stdout).toContain('(in 40m 0s)');
  });
});

describe('--key names a file, not a secret', () => {
  it('argvSecrets leaves --key=PATH alone (and still catches secret-looking typos)', () => {
    expect(argvSecrets(['certificate', '--cert=/etc/c.pem', '--key=/etc/k.pem', '--secret-key=abcd1234'], ARGV_GRAMMAR)).toEqual({ values: ['abcd1234'], warnings: [] });
  });

  it('"cannot read key" names the path given as --key=PATH', async () => {
    const cert = join(tmp, 'c.pem');
    writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    const missing = join(tmp, 'no-such-key.pem');
    const run = await runInProcess(['certificate', '--endpoint', fake.url, `--cert=${cert}`, `--key=${missing}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sts-creds: cannot read key ${JSON.stringify(missing)}: ENOENT\n`);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('--debug belongs to sts-creds only before exec’s command', () => {
  const base = (url: string): string[] => ['exec', '--endpoint', url, '-u', 'minioadmin', '--password-file', passwordFile, '--retries', '0'];

  it.each([
    ['after --', ['--', 'sh', '--debug']],
    ['after the command, without --', ['sh', '--debug']],
  ])('%s: no debug lines and no stack trace on failure', async (_what, tail) => {
    const run = await runInProcess([...base('http://127.0.0.1:1'), ...tail]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^sts-creds: AssumeRole failed: connection refused [^\n]*\n$/);
  });

  it('before the command it still turns on debug lines and the stack trace', async () => {
    const run = await runInProcess([...base('http://127.0.0.1:1'), '--debug', '--', 'sh']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/sts-creds: debug: > POST /);
    expect(run.stderr).toMatch(/\n\s+at /);
  });

  it('a -p meant for the command is neither warned about nor taken', async () => {
    const run = await runInProcess([...base('http://127.0.0.1:1'), 'mysql', '-p', 'hunter22']);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/warning: a password on the command line/);
  });
});

describe('a cache hit needs no password', () => {
  it('the password file and --password-env variable may be gone once the cache holds the credentials', async () => {
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    fake.reply(200, assumeRoleSuccessBody({ expiration }), { 'content-type': 'application/xml' });
    const cacheDir = join(tmp, 'cache-no-password');
    const pw = join(tmp, 'pw-once');
    writeFileSync(pw, 'S3cr3t-P@ss\n');
    const env = { STS_CREDS_CACHE_DIR: cacheDir };
    const first = await runInProcess(['assume-role', '--endpoint', fake.url, '-u', 'minioadmin', '--password-file', pw, '-o', 'credential-process'], { env });
    expect(first.code, first.stderr).toBe(0);
    rmSync(pw);
    const fromFile = await runInProcess(['assume-role', '--endpoint', fake.url, '-u', 'minioadmin', '--password-file', pw, '-o', 'credential-process'], { env });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const fromEnv = await runInProcess(['assume-role', '--endpoint', fake.url, '-u', 'minioadmin', '--password-env', 'GONE', '-o', 'credential-process'], { env });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1);
    expect(fromEnv.stdout).toBe(first.stdout);
  });
});
