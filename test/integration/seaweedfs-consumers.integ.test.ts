/**
 * Real consumers of SeaweedFS credentials: the AWS CLI through `eval "$(sts-creds env …)"` and
 * `sts-creds exec -- aws …`, and the AWS SDK v3 (a node script under `exec`, and S3Client with the
 * library's providers). Every consumer gets the loopback endpoint of the SeaweedFS this file started,
 * checked before it runs, empty AWS config files and no inherited AWS_* variables.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { fromAssumeRole, fromWebIdentity, type RefreshingCredentialProvider } from '../../src/index.js';
import { cleanEnv, findAwsCli, findProgram, requireProgram } from '../consumers/harness.js';
import { BIN, REPO, runProgram } from '../helpers/cli.js';
import { useSeaweedfs, type SeaweedEnv } from '../helpers/seaweedfs.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const seaweed = useSeaweedfs();
const makeTempDir = useTempDirs('seaweedfs-consumers');
const AWS = findAwsCli();
const BASH = findProgram('bash');

const bucketName = (label: string): string => `swc-${label}-${randomBytes(4).toString('hex')}`;

/** A consumer may only ever be handed this SeaweedFS: a loopback http endpoint. */
function loopbackEndpoint(env: SeaweedEnv): string {
  const url = new URL(env.endpoint);
  expect(url.protocol).toBe('http:');
  expect(url.hostname).toBe('127.0.0.1');
  return env.endpoint;
}

/** A private directory with a token file and an environment for bash, the AWS CLI and node. */
async function sandbox(env: SeaweedEnv, extra: Record<string, string> = {}): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = makeTempDir();
  await writeFile(join(dir, 'config'), '');
  await writeFile(join(dir, 'credentials'), '');
  await writeFile(join(dir, 'token'), env.idToken(), { mode: 0o600 });
  const endpoint = loopbackEndpoint(env);
  return {
    dir,
    env: cleanEnv(dir, {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_PAGER: '',
      NODE: process.execPath,
      BIN,
      EP: endpoint,
      ROLE: env.roles.writer,
      TOKEN_FILE: join(dir, 'token'),
      ...extra,
    }),
  };
}

async function seededBucket(env: SeaweedEnv, label: string): Promise<string> {
  const bucket = bucketName(label);
  const s3 = new S3Client({ endpoint: loopbackEndpoint(env), region: 'us-east-1', forcePathStyle: true, credentials: env.admin, maxAttempts: 1 });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'seed.txt', Body: 'seeded' }));
  } finally {
    s3.destroy();
  }
  return bucket;
}

describe('the AWS CLI', () => {
  it('eval "$(sts-creds env web-identity …)" in bash, then aws s3 ls / cp', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', AWS);
    const bash = requireProgram(ctx, 'bash', BASH);
    const env = seaweed();
    const bucket = await seededBucket(env, 'env');
    const box = await sandbox(env, { AWS: aws, BUCKET: bucket });
    const script = [
      'set -eu',
      'eval "$("$NODE" "$BIN" env web-identity --endpoint "$EP" --token-file "$TOKEN_FILE" --role-arn "$ROLE")"',
      'echo "key=$AWS_ACCESS_KEY_ID"',
      '"$AWS" --endpoint-url "$EP" s3 ls "s3://$BUCKET/"',
      "printf 'from the aws cli' > up.txt",
      '"$AWS" --endpoint-url "$EP" s3 cp --only-show-errors up.txt "s3://$BUCKET/up.txt"',
      'echo "body=$("$AWS" --endpoint-url "$EP" s3 cp --only-show-errors "s3://$BUCKET/up.txt" -)"',
    ].join('\n');
    const result = await runProgram(bash, ['--norc', '--noprofile', '-c', script], { cwd: box.dir, env: box.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^key=\S{16,}$/m);
    expect(result.stdout).toContain('seed.txt');
    expect(result.stdout).toMatch(/^body=from the aws cli$/m);
  });

  it('sts-creds exec assume-role -- aws s3 ls', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', AWS);
    const env = seaweed();
    const bucket = await seededBucket(env, 'exec');
    const box = await sandbox(env, { SECRET: env.admin.secretAccessKey });
    const result = await runProgram(
      process.execPath,
      [BIN, 'exec', '--endpoint', box.env.EP!, '-u', env.admin.accessKeyId, '--password-env', 'SECRET', '--role-arn', env.roles.reader, '--', aws, '--endpoint-url', box.env.EP!, 's3', 'ls', `s3://${bucket}/`],
      { cwd: box.dir, env: box.env },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('seed.txt');
    expect(result.stdout + result.stderr).not.toContain(env.admin.secretAccessKey);
  });
});

/**
 * The AWS SDK v3's default chain, with no endpoint, region or credentials of its own: it refuses to run
 * unless the endpoint exec handed over is loopback, then writes and lists.
 */
const SDK_SCRIPT = `
const { createRequire } = require('node:module');
const { S3Client, PutObjectCommand, ListObjectsV2Command } = createRequire(process.env.REPO_PACKAGE)('@aws-sdk/client-s3');
if (!/^http:\\/\\/127\\./.test(process.env.AWS_ENDPOINT_URL ?? '')) { console.error('not loopback: AWS_ENDPOINT_URL'); process.exit(3); }
const s3 = new S3Client({ forcePathStyle: true, region: 'us-east-1', maxAttempts: 1 });
(async () => {
  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'sdk.txt', Body: 'from the sdk' }));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: process.env.BUCKET }));
  console.log(listed.Contents.map((o) => o.Key).join(','));
})().catch((e) => { console.error(e.name + ': ' + e.message); process.exit(1); });`;

describe('the AWS SDK v3', () => {
  it('a node script under `sts-creds exec web-identity` finds the credentials and the endpoint in its environment', async () => {
    const env = seaweed();
    const bucket = await seededBucket(env, 'sdk');
    const box = await sandbox(env, { BUCKET: bucket, REPO_PACKAGE: join(REPO, 'package.json') });
    const result = await runProgram(
      process.execPath,
      [BIN, 'exec', 'web-identity', '--endpoint', box.env.EP!, '--token-file', box.env.TOKEN_FILE!, '--role-arn', env.roles.writer, '--', process.execPath, '-e', SDK_SCRIPT],
      { cwd: box.dir, env: box.env },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('sdk.txt,seed.txt');
  });

  it('S3Client with fromAssumeRole and fromWebIdentity: put, get, list', async () => {
    const env = seaweed();
    const endpoint = loopbackEndpoint(env);
    const providers: RefreshingCredentialProvider[] = [
      fromAssumeRole({ endpoint, credentials: env.admin, roleArn: env.roles.writer, roleSessionName: 'sdk-ar' }),
      fromWebIdentity({ endpoint, webIdentityToken: () => env.idToken(), roleArn: env.roles.writer, roleSessionName: 'sdk-wi' }),
    ];
    for (const credentials of providers) {
      const bucket = await seededBucket(env, 'prov');
      const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1 });
      try {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'p.txt', Body: 'provider' }));
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'p.txt' }));
        expect(await got.Body?.transformToString()).toBe('provider');
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
        expect(listed.Contents?.map((o) => o.Key)).toEqual(['p.txt', 'seed.txt']);
      } finally {
        s3.destroy();
        await credentials.close();
      }
    }
  });
});
