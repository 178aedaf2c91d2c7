/**
 * The library against a real MinIO (started by test/helpers/global-setup.ts): AssumeRole for the
 * root user and an ordinary user, session policies, durations, AssumeRoleWithCustomToken through
 * the identity plugin, error shapes, and the credentials doing real S3 work.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMc } from '../../scripts/minio.mjs';
import {
  StsClient,
  StsServiceError,
  assumeRole,
  assumeRoleWithCustomToken,
  isStsServiceError,
  type SigningCredentials,
  type StsResult,
} from '../../src/index.js';
import { S3ListingError, listObjects } from '../../src/s3/list-objects.js';
import { startCountingProxy } from '../helpers/counting-proxy.js';
import { useMinio, type MinioEnv } from '../helpers/minio-context.js';
import { getObject, putObject } from '../helpers/s3.js';
import { listOnlyPolicy } from '../helpers/sts-assert.js';

const minio = useMinio();

const root = (env: MinioEnv): SigningCredentials => ({ accessKeyId: env.rootUser, secretAccessKey: env.rootPassword });
const foobar = (env: MinioEnv): SigningCredentials => ({ accessKeyId: env.user, secretAccessKey: env.password });

/** A bucket name no other test (or test file) sharing this MinIO will use. */
const bucketName = (label: string): string => `lib-${label}-${randomBytes(4).toString('hex')}`;

/** Creates a bucket as root through mc, optionally with one object in it. */
async function makeBucket(env: MinioEnv, bucket: string, object?: { key: string; body: string }): Promise<void> {
  const mc = [env.mcPath, env.endpoint, env.rootUser, env.rootPassword] as const;
  await runMc(...mc, ['mb', `local/${bucket}`]);
  if (object) await runMc(...mc, ['pipe', `local/${bucket}/${object.key}`], { input: object.body });
}

/** Seconds between the server's Date header and the credentials' expiration. */
function lifetimeSeconds(result: StsResult): number {
  expect(result.serverDate).toBeInstanceOf(Date);
  return (result.expiration.getTime() - result.serverDate!.getTime()) / 1000;
}

/** Awaits a promise that must reject with an StsServiceError, and returns that error. */
async function serviceError(promise: Promise<unknown>): Promise<StsServiceError> {
  const error = await promise.then(
    () => expect.unreachable('the call should have failed'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StsServiceError);
  expect(isStsServiceError(error)).toBe(true);
  return error as StsServiceError;
}

function expectMinioCredentialShape(result: StsResult): void {
  expect(result.accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
  expect(result.secretAccessKey).toHaveLength(40);
  expect(result.sessionToken.split('.')).toHaveLength(3); // a JWT
  expect(result.requestId).toMatch(/^[0-9A-F]{16}$/);
}

describe('AssumeRole', () => {
  it('works for the root user, with the default one-hour lifetime', async () => {
    const env = minio();
    const result = await assumeRole({ endpoint: env.endpoint, credentials: root(env) });
    expect(result.action).toBe('AssumeRole');
    expectMinioCredentialShape(result);
    expect(result.assumedRoleUser).toEqual({ arn: '', assumedRoleId: '' });
    expect(lifetimeSeconds(result)).toBeCloseTo(3600, -1);
  });

  it('works for an ordinary user, whose credentials then do real S3 work', async () => {
    const env = minio();
    const bucket = bucketName('rw');
    await makeBucket(env, bucket);
    const creds = await assumeRole({ endpoint: env.endpoint, credentials: foobar(env) });
    expectMinioCredentialShape(creds);
    expect(creds.accessKeyId).not.toBe(env.user);

    const put = await putObject(env.endpoint, creds, bucket, 'greeting.txt', 'hello from sts-creds');
    expect(put.statusCode).toBe(200);
    const got = await getObject(env.endpoint, creds, bucket, 'greeting.txt');
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe('hello from sts-creds');
    const { objects: listed } = await listObjects({ endpoint: env.endpoint, bucket, credentials: creds });
    expect(listed.map(({ key, size }) => ({ key, size }))).toEqual([{ key: 'greeting.txt', size: 20 }]);
    expect(Math.abs(listed[0]!.lastModified.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('honours a session policy: ListBucket on one bucket, nothing else', async () => {
    const env = minio();
    const allowed = bucketName('allowed');
    const other = bucketName('other');
    await makeBucket(env, allowed, { key: 'seen.txt', body: 'visible' });
    await makeBucket(env, other, { key: 'hidden.txt', body: 'not for you' });
    const policy = listOnlyPolicy(allowed);
    const creds = await assumeRole({ endpoint: env.endpoint, credentials: foobar(env), policy });

    const { objects: listed } = await listObjects({ endpoint: env.endpoint, bucket: allowed, credentials: creds });
    expect(listed.map((o) => o.key)).toEqual(['seen.txt']);

    const put = await putObject(env.endpoint, creds, allowed, 'new.txt', 'denied');
    expect(put.statusCode).toBe(403);
    expect(put.errorCode).toBe('AccessDenied');

    const get = await getObject(env.endpoint, creds, allowed, 'seen.txt');
    expect(get.statusCode).toBe(403);

    const denied = await listObjects({ endpoint: env.endpoint, bucket: other, credentials: creds }).then(
      () => expect.unreachable('listing a bucket outside the session policy should fail'),
      (error: unknown) => error,
    );
    expect(denied).toBeInstanceOf(S3ListingError); // an S3 refusal, not an STS one
    expect((denied as S3ListingError).statusCode).toBe(403);
    expect((denied as S3ListingError).s3Code).toBe('AccessDenied');

    // The parent user's own rights are unchanged.
    const parent = await assumeRole({ endpoint: env.endpoint, credentials: foobar(env) });
    expect((await putObject(env.endpoint, parent, allowed, 'new.txt', 'allowed')).statusCode).toBe(200);
  });

  it.each([900, 7200])('honours DurationSeconds=%i', async (durationSeconds) => {
    const env = minio();
    const result = await assumeRole({ endpoint: env.endpoint, credentials: foobar(env), durationSeconds });
    expect(Math.abs(lifetimeSeconds(result) - durationSeconds)).toBeLessThanOrEqual(5);
  });

  it('refuses a wrong password with 403 AccessDenied and never shows the password', async () => {
    const env = minio();
    const wrong = 'not-the-password-9f3k';
    const error = await serviceError(
      assumeRole({ endpoint: env.endpoint, credentials: { accessKeyId: env.user, secretAccessKey: wrong } }),
    );
    expect(error.code).toBe('ERR_STS_SERVICE');
    expect(error.statusCode).toBe(403);
    expect(error.stsCode).toBe('AccessDenied');
    expect(error.serverMessage).toMatch(/signature we calculated does not match/);
    expect(error.action).toBe('AssumeRole');
    expect(error.endpoint).toBe(env.endpoint);
    expect(error.requestId).toMatch(/^[0-9A-F]{16}$/);
    for (const text of [error.message, String(error.stack), JSON.stringify(error)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(env.password);
    }
  });

  it('refuses an unknown access key with 403 AccessDenied', async () => {
    const env = minio();
    const error = await serviceError(
      assumeRole({ endpoint: env.endpoint, credentials: { accessKeyId: 'nobody-here', secretAccessKey: 'whatever-123' } }),
    );
    expect(error.statusCode).toBe(403);
    expect(error.stsCode).toBe('AccessDenied');
    expect(error.serverMessage).toMatch(/Access Key Id you provided does not exist/);
  });

  it('rejects a session policy with the wrong Version as 400 InvalidParameterValue', async () => {
    const env = minio();
    const policy = { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::x'] }] };
    const error = await serviceError(assumeRole({ endpoint: env.endpoint, credentials: foobar(env), policy }));
    expect(error.statusCode).toBe(400);
    expect(error.stsCode).toBe('InvalidParameterValue');
  });
});

describe('AssumeRoleWithCustomToken', () => {
  let bucket: string;
  beforeAll(async () => {
    if (!minio.available) return;
    const env = minio();
    bucket = bucketName('custom');
    await makeBucket(env, bucket);
  });

  it('exchanges a token the plugin accepts for working credentials', async () => {
    const env = minio();
    const result = await assumeRoleWithCustomToken({ endpoint: env.endpoint, token: env.goodToken, roleArn: env.roleArn });
    expect(result.action).toBe('AssumeRoleWithCustomToken');
    expectMinioCredentialShape(result);
    expect(result.assumedUser).toBe(`custom:${env.pluginUser}`);
    // Without DurationSeconds, MinIO grants the plugin's maxValiditySeconds.
    expect(Math.abs(lifetimeSeconds(result) - env.pluginMaxValiditySeconds)).toBeLessThanOrEqual(5);

    // The role policy is readwrite.
    expect((await putObject(env.endpoint, result, bucket, 'from-plugin.txt', 'custom token')).statusCode).toBe(200);
    const got = await getObject(env.endpoint, result, bucket, 'from-plugin.txt');
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe('custom token');
  });

  it('grants min(DurationSeconds, the plugin maximum)', async () => {
    const env = minio();
    const shorter = await assumeRoleWithCustomToken({ endpoint: env.endpoint, token: env.goodToken, roleArn: env.roleArn, durationSeconds: 900 });
    expect(Math.abs(lifetimeSeconds(shorter) - 900)).toBeLessThanOrEqual(5);
    const longer = await assumeRoleWithCustomToken({ endpoint: env.endpoint, token: env.goodToken, roleArn: env.roleArn, durationSeconds: 7200 });
    expect(Math.abs(lifetimeSeconds(longer) - env.pluginMaxValiditySeconds)).toBeLessThanOrEqual(5);
  });

  it.each([
    ['an unknown token', 'unknown-token-7Qx2', 'token rejected: unknown token'],
    ['a revoked token', null, 'token rejected: revoked'],
  ])('passes on the plugin’s reason for refusing %s, without the token', async (_label, unknownToken, reason) => {
    const env = minio();
    const token = unknownToken ?? env.revokedToken;
    const error = await serviceError(assumeRoleWithCustomToken({ endpoint: env.endpoint, token, roleArn: env.roleArn }));
    // MinIO turns a plugin 403 into 500 InternalError with the plugin's reason as the message.
    expect(error.statusCode).toBe(500);
    expect(error.stsCode).toBe('InternalError');
    expect(error.serverMessage).toBe(reason);
    expect(error.message).toContain(reason);
    expect(error.message).not.toContain(token);
  });

  it('refuses an unknown role ARN with 400', async () => {
    const env = minio();
    const error = await serviceError(
      assumeRoleWithCustomToken({ endpoint: env.endpoint, token: env.goodToken, roleArn: 'arn:minio:iam:::role/idmp-nonexistent' }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.stsCode).toBe('InvalidParameterValue');
    expect(error.serverMessage).toMatch(/RoleArn/);
    expect(error.message).not.toContain(env.goodToken);
  });
});

describe('StsClient', () => {
  it('reuses its connection pool for many sequential calls', async () => {
    const env = minio();
    const proxy = await startCountingProxy(env.endpoint);
    const client = new StsClient({ endpoint: proxy.endpoint });
    try {
      const keys = new Set<string>();
      for (let i = 0; i < 15; i++) {
        const result = await client.assumeRole({ credentials: foobar(env), durationSeconds: 900 });
        keys.add(result.accessKeyId);
      }
      const custom = await client.assumeRoleWithCustomToken({ token: env.goodToken, roleArn: env.roleArn });
      keys.add(custom.accessKeyId);
      const refused = await serviceError(client.assumeRole({ credentials: { accessKeyId: env.user, secretAccessKey: 'wrong-password' } }));
      expect(refused.statusCode).toBe(403);
      await client.assumeRole({ credentials: root(env) });

      expect(keys.size).toBe(16);
      // 18 calls, at most 2 connections: undici's Pool dispatches a back-to-back request before the
      // previous connection is marked free, so it opens a second one once and then alternates.
      expect(proxy.connections).toBeGreaterThanOrEqual(1);
      expect(proxy.connections).toBeLessThanOrEqual(2);
    } finally {
      await client.close();
      await proxy.stop();
    }
  });
});
