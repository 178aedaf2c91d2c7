/**
 * AssumeRoleWithWebIdentity and AssumeRoleWithClientGrants against a real MinIO configured for OpenID, with a
 * local issuer (test/helpers/oidc-issuer.ts) started before it and JWTs signed here: the library calls, the
 * providers and the CLI.
 *
 * Two OpenID providers on one MinIO: the default one maps the JWT claim `policy` (client id `minio-test`);
 * the named one `ROLE` grants `readonly` through its role ARN (client id `minio-role-client`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMc, startMinio, type RunningMinio } from '../../scripts/minio.mjs';
import {
  StsClient,
  assumeRoleWithClientGrants,
  assumeRoleWithWebIdentity,
  fromClientGrants,
  fromWebIdentity,
} from '../../src/index.js';
import { listObjects } from '../../src/s3/list-objects.js';
import { showMinioLogOnFailure, useMinio } from '../helpers/minio-context.js';
import { makeSigningKey, minioOpenIdRoleArn, signJwt, startOidcIssuer, type RunningIssuer } from '../helpers/oidc-issuer.js';
import { createBucket, getObject, putObject } from '../helpers/s3.js';
import { runCli } from '../helpers/cli.js';
import { lifetime, listOnlyPolicy, serviceError } from '../helpers/sts-assert.js';

const harness = useMinio();

const CLIENT_ID = 'minio-test';
const ROLE_CLIENT_ID = 'minio-role-client';
const ROLE_ARN = minioOpenIdRoleArn(ROLE_CLIENT_ID);

let issuer: RunningIssuer | undefined;
let minio: RunningMinio | undefined;
let mcPath = '';
let tmp = '';

function server(): RunningMinio {
  if (!minio) throw new Error('MinIO with OpenID did not start');
  return minio;
}

function idp(): RunningIssuer {
  if (!issuer) throw new Error('OpenID issuer did not start');
  return issuer;
}

const now = (): number => Math.floor(Date.now() / 1000);
const bucketName = (label: string): string => `oidc-${label}-${randomBytes(4).toString('hex')}`;

/** A token the default (claim-mode) provider accepts. */
function goodToken(overrides: Record<string, unknown> = {}): string {
  return idp().token({ sub: 'alice-subject', aud: CLIENT_ID, exp: now() + 3600, policy: 'readwrite', ...overrides });
}


async function makeBucketAsRoot(bucket: string, object?: { key: string; body: string }): Promise<void> {
  const m = server();
  await runMc(mcPath, m.endpoint, m.rootUser, m.rootPassword, ['mb', `local/${bucket}`]);
  if (object) await runMc(mcPath, m.endpoint, m.rootUser, m.rootPassword, ['pipe', `local/${bucket}/${object.key}`], { input: object.body });
}

beforeAll(async () => {
  if (!harness.available) return;
  mcPath = harness().mcPath;
  tmp = await mkdtemp(join(tmpdir(), 'sts-creds-oidc-test-'));
  issuer = await startOidcIssuer();
  minio = await startMinio({
    env: {
      MINIO_IDENTITY_OPENID_CONFIG_URL: issuer.configUrl,
      MINIO_IDENTITY_OPENID_CLIENT_ID: CLIENT_ID,
      MINIO_IDENTITY_OPENID_CLIENT_SECRET: 'minio-test-secret-1',
      MINIO_IDENTITY_OPENID_CONFIG_URL_ROLE: issuer.configUrl,
      MINIO_IDENTITY_OPENID_CLIENT_ID_ROLE: ROLE_CLIENT_ID,
      MINIO_IDENTITY_OPENID_CLIENT_SECRET_ROLE: 'minio-role-secret-1',
      MINIO_IDENTITY_OPENID_ROLE_POLICY_ROLE: 'readonly',
    },
  });
}, 180_000);

afterAll(async () => {
  await minio?.stop();
  await issuer?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

showMinioLogOnFailure('MinIO (OpenID)', () => minio);

describe('AssumeRoleWithWebIdentity', () => {
  it('exchanges a signed ID token for credentials that do S3 work, reporting the subject', async () => {
    const m = server();
    const result = await assumeRoleWithWebIdentity({ endpoint: m.endpoint, webIdentityToken: goodToken() });
    expect(result.action).toBe('AssumeRoleWithWebIdentity');
    expect(result.subjectFromWebIdentityToken).toBe('alice-subject');
    expect(result.assumedRoleUser).toEqual({ arn: '', assumedRoleId: '' });
    expect(result.accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
    expect(result.requestId).toMatch(/^[0-9A-F]{16}$/);
    // Without DurationSeconds, MinIO lets the credentials live as long as the token.
    expect(Math.abs(lifetime(result) - 3600)).toBeLessThanOrEqual(5);

    const bucket = bucketName('rw');
    expect((await createBucket(m.endpoint, result, bucket)).statusCode).toBe(200);
    expect((await putObject(m.endpoint, result, bucket, 'a.txt', 'web identity')).statusCode).toBe(200);
    expect((await getObject(m.endpoint, result, bucket, 'a.txt')).body).toBe('web identity');
  });

  it('DurationSeconds replaces the token’s exp', async () => {
    const m = server();
    const short = await assumeRoleWithWebIdentity({ endpoint: m.endpoint, webIdentityToken: goodToken(), durationSeconds: 900 });
    expect(Math.abs(lifetime(short) - 900)).toBeLessThanOrEqual(5);
    const long = await assumeRoleWithWebIdentity({ endpoint: m.endpoint, webIdentityToken: goodToken({ exp: now() + 600 }), durationSeconds: 7200 });
    expect(Math.abs(lifetime(long) - 7200)).toBeLessThanOrEqual(5);
  });

  it('refuses an expired token with a clear 400 that never shows the token', async () => {
    const m = server();
    const token = goodToken({ exp: now() - 120, iat: now() - 3600 });
    const error = await serviceError(assumeRoleWithWebIdentity({ endpoint: m.endpoint, webIdentityToken: token }));
    expect(error.statusCode).toBe(400);
    expect(['InvalidParameterValue', 'ExpiredToken']).toContain(error.stsCode);
    expect(error.serverMessage).toMatch(/expired/i);
    expect(error.message).toMatch(/^AssumeRoleWithWebIdentity failed: /);
    expect(error.message).not.toContain(token);
  });

  it('refuses a token for another audience', async () => {
    const m = server();
    const error = await serviceError(assumeRoleWithWebIdentity({ endpoint: m.endpoint, webIdentityToken: goodToken({ aud: 'some-other-client' }) }));
    expect(error.statusCode).toBe(400);
    expect(error.stsCode).toBe('InvalidParameterValue');
    expect(error.serverMessage).toMatch(/aud|azp/);
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const m = server();
    const forged = signJwt({ iss: idp().issuer, sub: 'mallory', aud: CLIENT_ID, exp: now() + 3600, policy: 'readwrite' }, makeSigningKey(idp().key.kid));
    const error = await serviceError(assumeRoleWithWebIdentity({ endpoint: m.endpoint, webIdentityToken: forged }));
    expect(error.statusCode).toBe(400);
    expect(error.stsCode).toBe('InvalidParameterValue');
  });

  it('refuses a token without sub, and one whose policy claim names no policy', async () => {
    const m = server();
    const noSub = await serviceError(assumeRoleWithWebIdentity({ endpoint: m.endpoint, webIdentityToken: goodToken({ sub: undefined }) }));
    expect(noSub.statusCode).toBe(400);
    const noPolicy = await serviceError(assumeRoleWithWebIdentity({ endpoint: m.endpoint, webIdentityToken: goodToken({ policy: 'no-such-policy' }) }));
    expect(noPolicy.statusCode).toBe(400);
  });

  it('honours a session policy', async () => {
    const m = server();
    const bucket = bucketName('narrow');
    await makeBucketAsRoot(bucket, { key: 'x.txt', body: 'x' });
    const policy = listOnlyPolicy(bucket);
    const creds = await assumeRoleWithWebIdentity({ endpoint: m.endpoint, webIdentityToken: goodToken(), policy });
    expect((await listObjects({ endpoint: m.endpoint, bucket, credentials: creds })).objects.map((o) => o.key)).toEqual(['x.txt']);
    expect((await getObject(m.endpoint, creds, bucket, 'x.txt')).statusCode).toBe(403);
  });

  it('with the RoleArn of a role-policy provider, gets that role’s policy (readonly)', async () => {
    const m = server();
    const bucket = bucketName('role');
    await makeBucketAsRoot(bucket, { key: 'r.txt', body: 'read me' });
    const token = idp().token({ sub: 'role-user', aud: ROLE_CLIENT_ID, exp: now() + 3600 });
    const creds = await assumeRoleWithWebIdentity({ endpoint: m.endpoint, webIdentityToken: token, roleArn: ROLE_ARN, roleSessionName: 'tests' });
    expect(creds.subjectFromWebIdentityToken).toBe('role-user');
    expect((await getObject(m.endpoint, creds, bucket, 'r.txt')).body).toBe('read me');
    expect((await putObject(m.endpoint, creds, bucket, 'w.txt', 'no')).statusCode).toBe(403);
  });

  it('fromWebIdentity asks for a current token before each refresh', async () => {
    const m = server();
    let asked = 0;
    const provider = fromWebIdentity({
      endpoint: m.endpoint,
      webIdentityToken: () => {
        asked += 1;
        return goodToken({ sub: `refresh-${asked}` });
      },
      durationSeconds: 900,
    });
    try {
      const first = await provider();
      expect(await provider()).toBe(first);
      const second = await provider.forceRefresh();
      expect(second.accessKeyId).not.toBe(first.accessKeyId);
      expect(asked).toBe(2);
      expect((await createBucket(m.endpoint, second, bucketName('provider'))).statusCode).toBe(200);
    } finally {
      await provider.close();
    }
  });
});

describe('AssumeRoleWithClientGrants', () => {
  it('exchanges an access token for credentials, reporting the subject', async () => {
    const m = server();
    const result = await assumeRoleWithClientGrants({ endpoint: m.endpoint, token: goodToken({ sub: 'service-42' }) });
    expect(result.action).toBe('AssumeRoleWithClientGrants');
    expect(result.subjectFromToken).toBe('service-42');
    expect(result.assumedRoleUser).toEqual({ arn: '', assumedRoleId: '' });
    const bucket = bucketName('grants');
    expect((await createBucket(m.endpoint, result, bucket)).statusCode).toBe(200);
  });

  it('refuses an expired token and a wrong audience', async () => {
    const m = server();
    const expired = await serviceError(assumeRoleWithClientGrants({ endpoint: m.endpoint, token: goodToken({ exp: now() - 60 }) }));
    expect(expired.statusCode).toBe(400);
    expect(expired.action).toBe('AssumeRoleWithClientGrants');
    const wrongAud = await serviceError(assumeRoleWithClientGrants({ endpoint: m.endpoint, token: goodToken({ aud: 'elsewhere' }) }));
    expect(wrongAud.statusCode).toBe(400);
  });

  it('works through StsClient and fromClientGrants', async () => {
    const m = server();
    const client = new StsClient({ endpoint: m.endpoint });
    try {
      const r = await client.assumeRoleWithClientGrants({ token: goodToken(), durationSeconds: 900 });
      expect(Math.abs(lifetime(r) - 900)).toBeLessThanOrEqual(5);
    } finally {
      await client.close();
    }
    const provider = fromClientGrants({ endpoint: m.endpoint, token: goodToken() });
    try {
      expect((await provider()).accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
    } finally {
      await provider.close();
    }
  });
});

describe('CLI: web-identity and client-grants', () => {
  it('web-identity --token-file prints the subject with the credentials (text and json)', async () => {
    const m = server();
    const file = join(tmp, 'id-token');
    await writeFile(file, `${goodToken({ sub: 'cli-subject' })}\n`);
    const text = await runCli(['web-identity', '--token-file', file, '--endpoint', m.endpoint]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^AccessKeyID: [0-9A-Z]{20}$/m);
    expect(text.stdout).toMatch(/^SubjectFromWebIdentityToken: cli-subject$/m);

    const json = await runCli(['web-identity', '--token-file', file, '--endpoint', m.endpoint, '-o', 'json', '-e', '900']);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(out.Action).toBe('AssumeRoleWithWebIdentity');
    expect(out.SubjectFromWebIdentityToken).toBe('cli-subject');
  });

  it('web-identity follows AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN', async () => {
    const m = server();
    const bucket = bucketName('awsenv');
    await makeBucketAsRoot(bucket, { key: 'r.txt', body: 'r' });
    const file = join(tmp, 'projected-token');
    await writeFile(file, idp().token({ sub: 'pod-sa', aud: ROLE_CLIENT_ID, exp: now() + 3600 }));
    const run = await runCli(['web-identity', '--endpoint', m.endpoint, '-o', 'json'], {
      env: { AWS_WEB_IDENTITY_TOKEN_FILE: file, AWS_ROLE_ARN: ROLE_ARN },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, string>;
    expect(out.SubjectFromWebIdentityToken).toBe('pod-sa');
    const creds = { accessKeyId: out.AccessKeyId!, secretAccessKey: out.SecretAccessKey!, sessionToken: out.SessionToken! };
    // The role's readonly policy, not the claim's readwrite: AWS_ROLE_ARN was sent.
    expect((await getObject(m.endpoint, creds, bucket, 'r.txt')).statusCode).toBe(200);
    expect((await putObject(m.endpoint, creds, bucket, 'w.txt', 'w')).statusCode).toBe(403);
  });

  it('client-grants --token-stdin, under env and exec', async () => {
    const m = server();
    const token = goodToken({ sub: 'grants-cli' });
    const json = await runCli(['client-grants', '--token-stdin', '--endpoint', m.endpoint, '-o', 'json'], { stdin: token });
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as Record<string, string>).SubjectFromToken).toBe('grants-cli');

    const env = await runCli(['env', 'client-grants', '-t', token, '--endpoint', m.endpoint, '--shell', 'fish']);
    expect(env.code).toBe(0);
    expect(env.stdout).toMatch(/^set -gx AWS_ACCESS_KEY_ID '[0-9A-Z]{20}';$/m);

    const exec = await runCli(
      ['exec', 'web-identity', '--token-stdin', '--endpoint', m.endpoint, '--', process.execPath, '-e', 'process.stdout.write(process.env.AWS_SESSION_TOKEN ?? "")'],
      { stdin: token, env: { AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent', AWS_ROLE_ARN: 'arn:x' } },
    );
    expect(exec.stderr).toBe('');
    expect(exec.code).toBe(0);
    expect(exec.stdout.split('.')).toHaveLength(3);
  });

  it('an expired token exits 1 with one line naming the problem and not the token', async () => {
    const m = server();
    const token = goodToken({ exp: now() - 60 });
    const run = await runCli(['web-identity', '-t', token, '--endpoint', m.endpoint]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    // (-t also earns a warning that argv is visible to other processes.)
    expect(run.stderr).toMatch(/^sts-creds: AssumeRoleWithWebIdentity failed: \w+ \(HTTP 400\): .*expired.*$/im);
    expect(run.stderr).not.toContain(token);
  });

  it('no token at all is a usage error naming every source', async () => {
    const m = server();
    const run = await runCli(['web-identity', '--endpoint', m.endpoint]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
  });
});
