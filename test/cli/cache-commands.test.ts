/**
 * `sts-creds cache list`, `cache clear` and `--refresh` (issue 22, item 1), with the built CLI against
 * the in-process fake STS. Each test has its own HOME (and so its own cache directory).
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { assumeRoleSuccessBody, FAKE_CREDENTIALS, stsErrorBody, useFakeSts } from '../helpers/fake-sts.js';
import { expectCleanFailure, runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const fake = useFakeSts();
const makeHome = useTempDirs('cache-commands');
const inAnHour = (): string => new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

function ok(accessKeyId: string = FAKE_CREDENTIALS.accessKeyId): void {
  fake.always({ kind: 'reply', status: 200, headers: { 'content-type': 'application/xml' }, body: assumeRoleSuccessBody({ accessKeyId, expiration: inAnHour() }) });
}
beforeEach(() => ok());

const cred = (home: string, ...extra: string[]) =>
  runCli(['assume-role', '-u', 'foobar', '-p', 'pw-of-foobar', '--endpoint', fake.url, '-o', 'credential-process', ...extra], { home });
const cli = (home: string, ...args: string[]) => runCli(args, { home });
const cacheDir = (home: string): string => join(home, '.cache', 'sts-creds', 'credentials');
const entries = (home: string): string[] => readdirSync(cacheDir(home)).filter((n) => n.endsWith('.json'));

describe('cache list', () => {
  it('shows method, endpoint, user and expiry of each entry, in text and JSON, and never a secret', async () => {
    const home = makeHome();
    expect((await cred(home)).code).toBe(0);
    expect((await cred(home, '--role-arn', 'arn:aws:iam::1:role/deploy')).code).toBe(0);
    const text = await cli(home, 'cache', 'list');
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^METHOD\s+EXPIRES\s+LEFT\s+USER OR ROLE\s+ENDPOINT$/);
    expect(lines).toHaveLength(3);
    const plain = new RegExp(`^AssumeRole\\s+\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z\\s+59m \\d+s\\s+foobar\\s+${fake.url}/$`);
    expect(lines.filter((line) => plain.test(line))).toHaveLength(1);
    expect(text.stdout).toContain('foobar, role arn:aws:iam::1:role/deploy');
    const json = await cli(home, 'cache', 'list', '-o', 'json');
    const listed = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(listed).toHaveLength(2);
    expect(listed.find((e) => e.role === null)).toMatchObject({ method: 'AssumeRole', endpoint: `${fake.url}/`, region: 'us-east-1', user: 'foobar', reused: true });
    for (const out of [text.stdout, json.stdout, text.stderr, json.stderr]) {
      for (const secret of [FAKE_CREDENTIALS.secretAccessKey, FAKE_CREDENTIALS.sessionToken, 'pw-of-foobar']) expect(out).not.toContain(secret);
    }
  });

  it('says so when nothing is cached (the directory is not created)', async () => {
    const home = makeHome();
    const r = await cli(home, 'cache', 'list');
    expect(r).toMatchObject({ code: 0, stdout: 'no cached credentials\n', stderr: '' });
    expect(() => statSync(cacheDir(home))).toThrow();
  });
});

describe('cache clear', () => {
  it('with no arguments removes every entry', async () => {
    const home = makeHome();
    await cred(home);
    await cred(home, '-e', '2h');
    expect(entries(home)).toHaveLength(2);
    expect((await cli(home, 'cache', 'clear')).stdout).toBe('removed 2 cache entries\n');
    expect(entries(home)).toHaveLength(0);
  });

  it('with a method and flags removes only the entry those flags would use', async () => {
    const home = makeHome();
    await cred(home);
    await cred(home, '-e', '2h');
    const r = await cli(home, 'cache', 'clear', 'assume-role', '-u', 'foobar', '--endpoint', fake.url, '-e', '2h');
    expect(r.stdout, r.stderr).toBe('removed 1 cache entry\n');
    expect(fake.requests).toHaveLength(2); // clear sends nothing
    const left = JSON.parse((await cli(home, 'cache', 'list', '-o', 'json')).stdout) as unknown[];
    expect(left).toHaveLength(1);
    // The remaining entry is the one-hour one: the next plain run is still a cache hit.
    await cred(home);
    expect(fake.requests).toHaveLength(2);
    expect((await cli(home, 'cache', 'clear', '-u', 'nobody', '--endpoint', fake.url)).stdout).toBe('no cache entry for these settings\n');
  });

  it('with --profile removes the entry of the method and keys the profile names', async () => {
    const home = makeHome();
    mkdirSync(join(home, '.aws'), { mode: 0o700 });
    writeFileSync(join(home, '.aws', 'config'), `[profile p]\nendpoint_url = ${fake.url}\naws_access_key_id = PROFILEKEY\naws_secret_access_key = profile-secret\n`, { mode: 0o600 });
    expect((await runCli(['assume-role', '--profile', 'p', '-o', 'credential-process'], { home })).code).toBe(0);
    await cred(home);
    expect(entries(home)).toHaveLength(2);
    expect((await cli(home, 'cache', 'clear', '--profile', 'p')).stdout).toBe('removed 1 cache entry\n');
    const left = JSON.parse((await cli(home, 'cache', 'list', '-o', 'json')).stdout) as Array<{ user: string }>;
    expect(left.map((e) => e.user)).toEqual(['foobar']);
  });

  it('--all with other options is a usage error', async () => {
    expectCleanFailure(await cli(makeHome(), 'cache', 'clear', '--all', '-u', 'x'), /--all takes no method or other option/, 2);
  });
});

describe('--refresh', () => {
  it('ignores the entry, asks STS and replaces the entry; a refusal is reported instead of cached keys', async () => {
    const home = makeHome();
    expect(JSON.parse((await cred(home)).stdout).AccessKeyId).toBe(FAKE_CREDENTIALS.accessKeyId);
    ok('NEWKEY000000000000001');
    // A plain run is served from the cache ...
    expect(JSON.parse((await cred(home)).stdout).AccessKeyId).toBe(FAKE_CREDENTIALS.accessKeyId);
    expect(fake.requests).toHaveLength(1);
    // ... --refresh asks STS and replaces the entry, which the next plain run then serves.
    expect(JSON.parse((await cred(home, '--refresh')).stdout).AccessKeyId).toBe('NEWKEY000000000000001');
    expect(JSON.parse((await cred(home)).stdout).AccessKeyId).toBe('NEWKEY000000000000001');
    expect(fake.requests).toHaveLength(2);
    // The user is disabled: --refresh reports the refusal, and leaves the entry as it was.
    fake.reply(403, stsErrorBody('InvalidClientTokenId', 'The Access Key Id you provided does not exist in our records.'));
    expectCleanFailure(await cred(home, '--refresh'), /InvalidClientTokenId|Access Key Id/, 1);
    expect(entries(home)).toHaveLength(1);
  });

  it('works in text output too (writing the entry) and refuses --no-cache', async () => {
    const home = makeHome();
    const r = await runCli(['assume-role', '-u', 'foobar', '-p', 'pw', '--endpoint', fake.url, '--refresh'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(entries(home)).toHaveLength(1);
    expectCleanFailure(await runCli(['assume-role', '-u', 'foobar', '-p', 'pw', '--endpoint', fake.url, '--refresh', '--no-cache'], { home }), /only one of --refresh/, 2);
  });
});
