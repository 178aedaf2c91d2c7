/**
 * Credential providers against the real MinIO of test/helpers/global-setup.ts: the AWS SDK v3 S3Client
 * with fromAssumeRole() and fromCustomToken(), minio-js with toMinioCredentialsProvider() (including a forced
 * refresh mid-run), single-flight and connection reuse over real HTTP, and a plugin refusal surfacing through
 * the SDK as a typed error.
 */
import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Client as MinioClient } from 'minio/dist/esm/minio.mjs';
import { CredentialProvider } from 'minio/dist/esm/CredentialProvider.mjs';
import { Credentials } from 'minio/dist/esm/Credentials.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  StsServiceError,
  fromAssumeRole,
  fromCustomToken,
  toMinioCredentialsProvider,
  type RefreshingCredentialProvider,
  type TemporaryCredentials,
} from '../../src/index.js';
import { startCountingProxy, type CountingProxy } from '../helpers/counting-proxy.js';
import { useMinio, type MinioEnv } from '../helpers/minio-context.js';

const minio = useMinio();

const bucketName = (label: string): string => `prov-${label}-${randomBytes(4).toString('hex')}`;

/** Everything a test opened, closed after it whatever happened. */
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<P extends RefreshingCredentialProvider>(provider: P): P {
  cleanups.push(() => provider.close());
  return provider;
}

function s3For(env: MinioEnv, credentials: RefreshingCredentialProvider): S3Client {
  const s3 = new S3Client({ endpoint: env.endpoint, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1 });
  cleanups.push(() => s3.destroy());
  return s3;
}

/** Create a bucket, put two objects, read one back and list them: all signed with the provider's credentials. */
async function exerciseS3(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: 'alpha' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dir/b.txt', Body: 'bravo' }));
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/b.txt' }));
  expect(await got.Body?.transformToString()).toBe('bravo');
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  expect(listed.Contents?.map((o) => o.Key)).toEqual(['a.txt', 'dir/b.txt']);
}

describe('AWS SDK v3 S3Client', () => {
  it('works with fromAssumeRole (create bucket, put, get, list) on one STS call', async () => {
    const env = minio();
    const refreshed: TemporaryCredentials[] = [];
    const credentials = track(
      fromAssumeRole({
        endpoint: env.endpoint,
        credentials: { accessKeyId: env.user, secretAccessKey: env.password },
        durationSeconds: 900,
        onRefresh: (c) => refreshed.push(c),
      }),
    );
    const s3 = s3For(env, credentials);
    await exerciseS3(s3, bucketName('ar'));
    expect(refreshed).toHaveLength(1);
    const creds = refreshed[0]!;
    expect(creds.accessKeyId).not.toBe(env.user);
    // 900 s in local time, within the Date header's precision.
    expect(Math.abs(creds.expiration.getTime() - Date.now() - 900_000)).toBeLessThan(10_000);
  });

  it('works with fromCustomToken (create bucket, put, get, list)', async () => {
    const env = minio();
    let tokenReads = 0;
    const credentials = track(
      fromCustomToken({
        endpoint: env.endpoint,
        token: () => {
          tokenReads += 1;
          return env.goodToken;
        },
        roleArn: env.roleArn,
      }),
    );
    const s3 = s3For(env, credentials);
    await exerciseS3(s3, bucketName('ct'));
    expect(tokenReads).toBe(1);
  });

  it('keeps working across a forced refresh, with new credentials', async () => {
    const env = minio();
    const credentials = track(fromAssumeRole({ endpoint: env.endpoint, credentials: { accessKeyId: env.user, secretAccessKey: env.password } }));
    const s3 = s3For(env, credentials);
    const bucket = bucketName('force');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const before = await credentials();
    const after = await credentials.forceRefresh();
    expect(after.accessKeyId).not.toBe(before.accessKeyId);
    // The SDK memoizes credentials; a fresh client picks up the new set. Both sets are valid.
    const s3b = s3For(env, credentials);
    await s3b.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v' }));
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(1);
  });

  it('a refused custom token reaches S3Client.send as a typed StsServiceError', async () => {
    const env = minio();
    const credentials = track(fromCustomToken({ endpoint: env.endpoint, token: env.revokedToken, roleArn: env.roleArn }));
    const s3 = s3For(env, credentials);
    const error = await s3.send(new ListObjectsV2Command({ Bucket: 'anything' })).then(
      () => expect.unreachable('the refused token must fail the call'),
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(StsServiceError);
    expect(error).toMatchObject({ stsCode: 'InternalError', action: 'AssumeRoleWithCustomToken' });
    expect((error as StsServiceError).serverMessage).toContain('revoked');
  });
});

describe('one provider, one STS client', () => {
  it('5000 simultaneous calls make exactly one STS request', async () => {
    const env = minio();
    let refreshes = 0;
    const credentials = track(
      fromAssumeRole({
        endpoint: env.endpoint,
        credentials: { accessKeyId: env.user, secretAccessKey: env.password },
        onRefresh: () => {
          refreshes += 1;
        },
      }),
    );
    const all = await Promise.all(Array.from({ length: 5000 }, () => credentials()));
    expect(new Set(all).size).toBe(1);
    expect(refreshes).toBe(1);
  });

  it('reuses one connection across refreshes', async () => {
    const env = minio();
    const proxy: CountingProxy = await startCountingProxy(env.endpoint);
    cleanups.push(() => proxy.stop());
    const credentials = track(fromAssumeRole({ endpoint: proxy.endpoint, credentials: { accessKeyId: env.user, secretAccessKey: env.password } }));
    const keys = new Set<string>();
    for (let i = 0; i < 10; i++) keys.add((await credentials.forceRefresh()).accessKeyId);
    expect(keys.size).toBe(10);
    // Not one per refresh. (undici's Pool may open a second connection once for a back-to-back request.)
    expect(proxy.connections).toBeGreaterThanOrEqual(1);
    expect(proxy.connections).toBeLessThanOrEqual(2);
  });
});

describe('minio-js Client with toMinioCredentialsProvider', () => {
  it('puts, gets and lists, and keeps working across a forced refresh', async () => {
    const env = minio();
    const credentials = track(fromAssumeRole({ endpoint: env.endpoint, credentials: { accessKeyId: env.user, secretAccessKey: env.password } }));
    const credentialsProvider = toMinioCredentialsProvider(credentials, { CredentialProvider, Credentials });
    const { hostname, port } = new URL(env.endpoint);
    const client = new MinioClient({ endPoint: hostname, port: Number(port), useSSL: false, region: 'us-east-1', credentialsProvider });
    const bucket = bucketName('mjs');

    await client.makeBucket(bucket, 'us-east-1');
    await client.putObject(bucket, 'one.txt', 'first');
    const firstKey = credentialsProvider.getAccessKey();
    expect(firstKey).toBe((await credentials()).accessKeyId);

    await credentials.forceRefresh();
    await client.putObject(bucket, 'two.txt', 'second');
    const secondKey = credentialsProvider.getAccessKey();
    expect(secondKey).not.toBe(firstKey);

    const stream = await client.getObject(bucket, 'one.txt');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('first');

    const names: string[] = [];
    for await (const item of client.listObjectsV2(bucket, '', true)) names.push((item as { name: string }).name);
    expect(names.sort()).toEqual(['one.txt', 'two.txt']);
    expect(credentialsProvider.getAccessKey()).toBe(secondKey);
  });

  it('works with fromCustomToken and without a Credentials class', async () => {
    const env = minio();
    const credentials = track(fromCustomToken({ endpoint: env.endpoint, token: env.goodToken, roleArn: env.roleArn }));
    const { hostname, port } = new URL(env.endpoint);
    const client = new MinioClient({
      endPoint: hostname,
      port: Number(port),
      useSSL: false,
      region: 'us-east-1',
      credentialsProvider: toMinioCredentialsProvider(credentials, { CredentialProvider }),
    });
    const bucket = bucketName('mjs-ct');
    await client.makeBucket(bucket, 'us-east-1');
    await client.putObject(bucket, 'x.txt', 'x');
    expect((await client.statObject(bucket, 'x.txt')).size).toBe(1);
  });
});
