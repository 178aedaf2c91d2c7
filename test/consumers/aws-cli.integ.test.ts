/**
 * The AWS CLI as a consumer, against the real MinIO: credentials loaded with
 * `eval "$(sts-creds env …)"`, a `credential_process` profile (with its on-disk cache proven by
 * counting the connections that reach STS), and `sts-creds exec -- aws …`.
 *
 * Each AWS CLI run gets empty config and credentials files of its own, no instance metadata and no
 * inherited AWS_* variables, so the credentials sts-creds hands over are the only ones it can find.
 * AWS CLI 2.9 (Debian 12's) ignores `AWS_ENDPOINT_URL` and a profile's `endpoint_url` (both came in
 * 2.13), so the MinIO endpoint is also passed with `--endpoint-url`.
 */
import { randomBytes } from 'node:crypto';
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMc } from '../../scripts/minio.mjs';
import { startCountingProxy, type CountingProxy } from '../helpers/counting-proxy.js';
import { useMinio, type MinioEnv } from '../helpers/minio-context.js';
import { BIN, runProgram } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { cleanEnv, findAwsCli, findProgram, requireProgram } from './harness.js';

const minio = useMinio();
const makeTempDir = useTempDirs('aws-cli');
const AWS = findAwsCli();
const BASH = findProgram('bash');

/** A bucket with one object, made by root through mc, shared by the tests in this file. */
const bucket = `consumers-aws-${randomBytes(4).toString('hex')}`;
const SEED_BODY = 'seeded by mc';

beforeAll(async () => {
  if (!minio.available) return;
  const env = minio();
  const mc = [env.mcPath, env.endpoint, env.rootUser, env.rootPassword] as const;
  await runMc(...mc, ['mb', `local/${bucket}`]);
  await runMc(...mc, ['pipe', `local/${bucket}/seed.txt`], { input: SEED_BODY });
});

/**
 * A directory with empty AWS config and credentials files, and an environment for the AWS CLI
 * that points at them: no profile, no instance metadata, no pager, region us-east-1.
 */
async function awsSandbox(env: MinioEnv, extra: Record<string, string> = {}): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = makeTempDir();
  await writeFile(join(dir, 'config'), '');
  await writeFile(join(dir, 'credentials'), '');
  return {
    dir,
    env: cleanEnv(dir, {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: env.endpoint,
      AWS_PAGER: '',
      ...extra,
    }),
  };
}

describe('eval "$(sts-creds env …)" in bash, then the AWS CLI', () => {
  it('lists, uploads and downloads with the exported credentials', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', AWS);
    const bash = requireProgram(ctx, 'bash', BASH);
    const env = minio();
    const box = await awsSandbox(env, { PW: env.password, NODE: process.execPath, BIN, AWS: aws, EP: env.endpoint, BUCKET: bucket });
    const script = [
      'set -eu',
      'eval "$("$NODE" "$BIN" env -u foobar --password-env PW --endpoint "$EP")"',
      'echo "key=$AWS_ACCESS_KEY_ID"',
      '"$AWS" --endpoint-url "$EP" s3 ls',
      '"$AWS" --endpoint-url "$EP" s3 ls "s3://$BUCKET/"',
      "printf 'uploaded by the aws cli' > up.txt",
      '"$AWS" --endpoint-url "$EP" s3 cp --only-show-errors up.txt "s3://$BUCKET/up.txt"',
      'echo "body=$("$AWS" --endpoint-url "$EP" s3 cp --only-show-errors "s3://$BUCKET/seed.txt" -)"',
    ].join('\n');
    // Four AWS CLI starts (Python) in one script: on a loaded machine that outlasts the default 30 s hang guard.
    const result = await runProgram(bash, ['--norc', '--noprofile', '-c', script], { cwd: box.dir, env: box.env, timeoutMs: 110_000 });
    expect(result.code, result.stderr).toBe(0);
    const key = /^key=(\S+)$/m.exec(result.stdout)?.[1];
    expect(key).toMatch(/^[0-9A-Z]{20}$/);
    expect(key).not.toBe(env.user); // temporary credentials, not the user's own keys
    expect(result.stdout).toMatch(new RegExp(` ${bucket}$`, 'm'));
    expect(result.stdout).toMatch(/ 12 seed\.txt$/m);
    expect(result.stdout).toContain(`body=${SEED_BODY}`);
    // The upload really happened on the server.
    const uploaded = await runMc(env.mcPath, env.endpoint, env.rootUser, env.rootPassword, ['cat', `local/${bucket}/up.txt`]);
    expect(uploaded.stdout).toBe('uploaded by the aws cli');
  }, 120_000);

  it('control: without the session token the same keys are refused, so the temporary credentials were used', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', AWS);
    const bash = requireProgram(ctx, 'bash', BASH);
    const env = minio();
    const box = await awsSandbox(env, { PW: env.password, NODE: process.execPath, BIN, AWS: aws, EP: env.endpoint });
    const script = ['eval "$("$NODE" "$BIN" env -u foobar --password-env PW --endpoint "$EP")"', 'unset AWS_SESSION_TOKEN', '"$AWS" --endpoint-url "$EP" s3 ls'].join('\n');
    const result = await runProgram(bash, ['--norc', '--noprofile', '-c', script], { cwd: box.dir, env: box.env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/InvalidAccessKeyId|InvalidToken|AccessDenied|SignatureDoesNotMatch/);
  });

  it('control: with nothing exported the AWS CLI finds no credentials at all', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', AWS);
    const env = minio();
    const box = await awsSandbox(env);
    const result = await runProgram(aws, ['--endpoint-url', env.endpoint, 's3', 'ls'], { cwd: box.dir, env: box.env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Unable to locate credentials/);
  });
});

describe('credential_process profile', () => {
  let proxy: CountingProxy | undefined;
  beforeAll(async () => {
    if (!minio.available) return;
    proxy = await startCountingProxy(minio().endpoint);
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('works, serves the second call from a 0700/0600 cache without STS or the password, and --no-cache calls STS', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', AWS);
    const env = minio();
    const stsEndpoint = proxy!.endpoint; // the STS endpoint: every connection sts-creds opens is counted
    const box = await awsSandbox(env);
    const cacheDir = join(box.dir, 'sts-cache');
    const passwordFile = join(box.dir, 'minio-password');
    const command = (extra: string) =>
      `${process.execPath} ${BIN} assume-role -u ${env.user} --password-file ${passwordFile} --endpoint ${stsEndpoint} -o credential-process${extra}`;
    await writeFile(
      join(box.dir, 'config'),
      `[profile p]\ncredential_process = ${command('')}\n\n[profile uncached]\ncredential_process = ${command(' --no-cache')}\n`,
    );
    await writeFile(passwordFile, `${env.password}\n`);
    const awsEnv = { ...box.env, STS_CREDS_CACHE_DIR: cacheDir };
    const ls = (profile: string) =>
      runProgram(aws, ['--endpoint-url', env.endpoint, 's3', 'ls', `s3://${bucket}/`, '--profile', profile], { cwd: box.dir, env: awsEnv });

    // First call: sts-creds asks STS once and fills the cache.
    const before = proxy!.connections;
    const first = await ls('p');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/ seed\.txt$/m);
    expect(proxy!.connections - before).toBe(1);

    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    const files = await readdir(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    const cacheFile = join(cacheDir, files[0]!);
    expect((await stat(cacheFile)).mode & 0o777).toBe(0o600);
    const cached = await readFile(cacheFile, 'utf8');
    expect(cached).not.toContain(env.password);
    const mtime = (await stat(cacheFile)).mtimeMs;

    // Second call, with the password gone: served from the cache, STS never contacted.
    await rm(passwordFile);
    const second = await ls('p');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/ seed\.txt$/m);
    expect(proxy!.connections - before).toBe(1);
    expect(await readFile(cacheFile, 'utf8')).toBe(cached);
    expect((await stat(cacheFile)).mtimeMs).toBe(mtime);

    // --no-cache ignores the cache: without the password it cannot work at all...
    const uncachedWithoutPassword = await ls('uncached');
    expect(uncachedWithoutPassword.code).not.toBe(0);
    expect(uncachedWithoutPassword.stderr).toContain('password file');
    // ...and with it, it calls STS, and leaves the cache alone.
    await writeFile(passwordFile, `${env.password}\n`);
    const uncached = await ls('uncached');
    expect(uncached.code, uncached.stderr).toBe(0);
    expect(uncached.stdout).toMatch(/ seed\.txt$/m);
    expect(proxy!.connections - before).toBe(2);
    expect(await readdir(cacheDir)).toEqual(files);
    expect(await readFile(cacheFile, 'utf8')).toBe(cached);
  });
});

describe('sts-creds exec -- aws', () => {
  it('works even when AWS_PROFILE names a profile that does not exist', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', AWS);
    const env = minio();
    const box = await awsSandbox(env, { AWS_PROFILE: 'nonexistent', PW: env.password });

    // Control: the AWS CLI on its own gives up on the missing profile.
    const alone = await runProgram(aws, ['--endpoint-url', env.endpoint, 's3', 'ls'], { cwd: box.dir, env: box.env });
    expect(alone.code).not.toBe(0);
    expect(alone.stderr).toContain('nonexistent');

    const result = await runProgram(
      process.execPath,
      [BIN, 'exec', '-u', env.user, '--password-env', 'PW', '--endpoint', env.endpoint, '--', aws, '--endpoint-url', env.endpoint, 's3', 'ls', `s3://${bucket}/`],
      { cwd: box.dir, env: box.env },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ 12 seed\.txt$/m);
  });
});
