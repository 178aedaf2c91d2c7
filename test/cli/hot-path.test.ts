/**
 * The hot path (src/cli/hot/, dist/cli/hot.js) answers exactly as the whole CLI does: every run here is
 * made twice, as users get it and with `STS_CREDS_HOT_PATH=off`, and the two must print the same
 * stdout, stderr and exit code. A miss still reaches the STS; what the hot path cannot answer (a
 * prompt, standard input, a usage error) is the whole CLI's, with its own messages.
 * test/cli/start-up-loads.test.ts shows which bundle answered.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult, type RunOptions } from '../helpers/cli.js';
import { assumeRoleSuccessBody, useFakeSts } from '../helpers/fake-sts.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const fake = useFakeSts();
const makeTempDir = useTempDirs('hot-path');

const inAnHour = (): string => new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Runs `args` with the hot path and without it, in the same home; returns both results. */
async function bothWays(args: string[], options: RunOptions & { home: string }): Promise<{ hot: CliResult; whole: CliResult }> {
  const hot = await runCli(args, options);
  const whole = await runCli(args, { ...options, env: { ...options.env, STS_CREDS_HOT_PATH: 'off' } });
  return { hot, whole };
}

const same = ({ hot, whole }: { hot: CliResult; whole: CliResult }): void => {
  expect({ code: hot.code, stdout: hot.stdout, stderr: hot.stderr }).toEqual({ code: whole.code, stdout: whole.stdout, stderr: whole.stderr });
};

describe('the top-level help from the hot path is the whole CLI help', () => {
  it.each([
    ['--help', ['--help'], {}],
    ['-h', ['-h'], {}],
    ['--help at COLUMNS=80', ['--help'], { COLUMNS: '80' }],
    ['--help at COLUMNS=100 (the whole CLI renders it)', ['--help'], { COLUMNS: '100' }],
    ['-h at COLUMNS=40', ['-h'], { COLUMNS: '40' }],
    ['help (the whole CLI)', ['help'], {}],
  ])('%s', async (_, args, env) => {
    const home = makeTempDir();
    const runs = await bothWays(args, { home, env });
    expect(runs.hot.code, runs.hot.stderr).toBe(0);
    expect(runs.hot.stdout).toMatch(/^Usage: sts-creds \[options\] \[command\]\n/);
    same(runs);
  });

  it('the text rendered at build time is what commander renders at the default width, line for line within 80 columns', async () => {
    const home = makeTempDir();
    const { hot } = await bothWays(['--help'], { home });
    for (const line of hot.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(hot.stdout).toContain('Exit codes: 0 success');
  });
});

describe('a cache hit from the hot path is the whole CLI answer', () => {
  it.each([
    ['-o credential-process', ['-o', 'credential-process']],
    ['--cache -o json', ['--cache', '-o', 'json']],
    ['--cache -o env --shell fish', ['--cache', '-o', 'env', '--shell', 'fish']],
    ['--cache -o dotenv', ['--cache', '-o', 'dotenv']],
    ['--cache -o ini --ini-section x', ['--cache', '-o', 'ini', '--ini-section', 'x']],
    ['--cache -o mc', ['--cache', '-o', 'mc']],
  ])('%s', async (_, output) => {
    fake.reply(200, assumeRoleSuccessBody({ expiration: inAnHour() }));
    const home = makeTempDir();
    const args = ['assume-role', '-u', 'AKID', '--password-env', 'PW', '--endpoint', fake.url, ...output];
    const env = { PW: 'secret-key-1' };
    const first = await runCli(args, { home, env });
    expect(first.code, first.stderr).toBe(0);
    const runs = await bothWays(args, { home, env });
    expect(runs.hot.code, runs.hot.stderr).toBe(0);
    same(runs);
    expect(runs.hot.stdout).toBe(first.stdout);
    expect(fake.requests).toHaveLength(1);
  });

  it('the CA bundle is read only before a connection: a hit answers without it, a miss still refuses a bad one before sending', async () => {
    fake.reply(200, assumeRoleSuccessBody({ expiration: inAnHour() }));
    const home = makeTempDir();
    const notPem = join(home, 'not-a-bundle.pem');
    writeFileSync(notPem, 'no certificate here\n', { mode: 0o600 });
    const args = ['assume-role', '-u', 'AKID', '--password-env', 'PW', '--endpoint', fake.url, '-o', 'credential-process'];
    const first = await runCli(args, { home, env: { PW: 'secret-key-1' } });
    expect(first.code, first.stderr).toBe(0);
    // A hit connects to nothing, so the bundle AWS_CA_BUNDLE names is not read, with or without the hot path.
    const env = { PW: 'secret-key-1', AWS_CA_BUNDLE: notPem };
    const hit = await bothWays(args, { home, env });
    expect(hit.hot.code, hit.hot.stderr).toBe(0);
    same(hit);
    expect(hit.hot.stdout).toBe(first.stdout);
    // A run that would connect reads it first, and refuses it where it was written; nothing is sent.
    const miss = await runCli([...args, '--refresh'], { home, env });
    expect(miss.code).toBe(2);
    expect(miss.stdout).toBe('');
    expect(miss.stderr).toBe(`sts-creds: CA bundle "${notPem}" holds no PEM certificate (AWS_CA_BUNDLE)\n`);
    expect(fake.requests).toHaveLength(1);
  });

  it('with a password in argv: the same warning, once, on stderr', async () => {
    fake.reply(200, assumeRoleSuccessBody({ expiration: inAnHour() }));
    const home = makeTempDir();
    const args = ['assume-role', '-u', 'AKID', '-p', 'secret-key-1', '--endpoint', fake.url, '-o', 'credential-process'];
    expect((await runCli(args, { home })).code).toBe(0);
    const runs = await bothWays(args, { home });
    same(runs);
    expect(runs.hot.stderr).toMatch(/^sts-creds: warning: .*password.*\n$/);
    expect(fake.requests).toHaveLength(1);
  });

  it('from an AWS profile (keys in the credentials file, endpoint and a chained setting in the config)', async () => {
    fake.reply(200, assumeRoleSuccessBody({ expiration: inAnHour() }));
    const home = makeTempDir();
    mkdirSync(join(home, '.aws'), { mode: 0o700 });
    writeFileSync(join(home, '.aws', 'config'), `[profile minio]\nendpoint_url = ${fake.url}\nregion = eu-west-1\nduration_seconds = 900\n`, { mode: 0o600 });
    writeFileSync(join(home, '.aws', 'credentials'), '[minio]\naws_access_key_id = AKID\naws_secret_access_key = secret-key-1\n', { mode: 0o600 });
    const args = ['assume-role', '--profile', 'minio', '-o', 'credential-process'];
    expect((await runCli(args, { home })).code).toBe(0);
    same(await bothWays(args, { home }));
    // Another secret in the profile: the entry made with the first does not answer.
    writeFileSync(join(home, '.aws', 'credentials'), '[minio]\naws_access_key_id = AKID\naws_secret_access_key = secret-key-2\n', { mode: 0o600 });
    fake.reply(200, assumeRoleSuccessBody({ expiration: inAnHour(), accessKeyId: 'ASIANEWKEY' }));
    const miss = await runCli(args, { home });
    expect(miss.code, miss.stderr).toBe(0);
    expect(JSON.parse(miss.stdout)).toMatchObject({ AccessKeyId: 'ASIANEWKEY' });
    expect(fake.requests).toHaveLength(2);
  });
});

describe('what the hot path leaves to the whole CLI', () => {
  it('a miss reaches the STS, and the next run is a hit', async () => {
    const home = makeTempDir();
    const args = (user: string): string[] => ['assume-role', '-u', user, '--password-env', 'PW', '--endpoint', fake.url, '-o', 'credential-process'];
    const env = { PW: 'secret-key-1' };
    fake.reply(200, assumeRoleSuccessBody({ expiration: inAnHour(), accessKeyId: 'ASIAFIRST' }));
    const a = await runCli(args('AKIDA'), { home, env });
    fake.reply(200, assumeRoleSuccessBody({ expiration: inAnHour(), accessKeyId: 'ASIASECOND' }));
    const b = await runCli(args('AKIDB'), { home, env });
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(JSON.parse(a.stdout)).toMatchObject({ AccessKeyId: 'ASIAFIRST' });
    expect(JSON.parse(b.stdout)).toMatchObject({ AccessKeyId: 'ASIASECOND' });
    expect((await runCli(args('AKIDA'), { home, env })).stdout).toBe(a.stdout);
    expect(fake.requests).toHaveLength(2);
  });

  it('a secret on standard input: read by the whole CLI, and the hit answered as before', async () => {
    fake.reply(200, assumeRoleSuccessBody({ expiration: inAnHour() }));
    const home = makeTempDir();
    const args = ['assume-role', '-u', 'AKID', '--password-stdin', '--endpoint', fake.url, '-o', 'credential-process'];
    const first = await runCli(args, { home, stdin: 'secret-key-1' });
    expect(first.code, first.stderr).toBe(0);
    const runs = await bothWays(args, { home, stdin: 'secret-key-1' });
    same(runs);
    expect(runs.hot.stdout).toBe(first.stdout);
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    ['a usage error', ['-o', 'credential-process', '-b', 'bucket']],
    ['a misspelt flag', ['-o', 'credential-process', '--pasword', 'x']],
    ['help', ['-o', 'credential-process', '--help']],
    ['no password and no terminal', ['-o', 'credential-process', '--password-env', 'UNSET_VARIABLE']],
  ])('%s: the same message and exit code', async (_, rest) => {
    const home = makeTempDir();
    const runs = await bothWays(['assume-role', '-u', 'AKID', '--endpoint', fake.url, ...rest], { home });
    same(runs);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('completion names from the hot path', () => {
  it('__complete profile and alias: the same names', async () => {
    const home = makeTempDir();
    mkdirSync(join(home, '.aws'), { mode: 0o700 });
    mkdirSync(join(home, '.mc'), { mode: 0o700 });
    writeFileSync(join(home, '.aws', 'config'), '[default]\n[profile minio]\n[profile "needs quoting"]\n', { mode: 0o600 });
    writeFileSync(join(home, '.aws', 'credentials'), '[credonly]\n', { mode: 0o600 });
    writeFileSync(join(home, '.mc', 'config.json'), JSON.stringify({ aliases: { local: {}, play: {} } }), { mode: 0o600 });
    const env = { MC_HOST_fromenv: 'http://a:b@localhost:9000' };
    const profiles = await bothWays(['__complete', 'profile'], { home, env });
    same(profiles);
    expect(profiles.hot.stdout).toBe('credonly\ndefault\nminio\n');
    const aliases = await bothWays(['__complete', 'alias'], { home, env });
    same(aliases);
    expect(aliases.hot.stdout).toBe('fromenv\nlocal\nplay\n');
    same(await bothWays(['__complete', 'nothing'], { home }));
  });
});
