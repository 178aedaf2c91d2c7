/**
 * SeaweedFS as a second real STS server (test/helpers/seaweedfs.ts starts it with the project's OpenID
 * issuer and slapd): AssumeRole signed by a static S3 identity, AssumeRoleWithWebIdentity,
 * AssumeRoleWithLDAPIdentity, session policies, lifetimes, a refreshing provider across a refresh, the
 * errors its refusals produce, and the actions it does not serve. docs/compatibility.md cites these tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assumeRole,
  assumeRoleWithCertificate,
  assumeRoleWithClientGrants,
  assumeRoleWithCustomToken,
  assumeRoleWithLdapIdentity,
  assumeRoleWithWebIdentity,
  fromWebIdentity,
  type TemporaryCredentials,
} from '../../src/index.js';
import { expectCleanFailure, runCli } from '../helpers/cli.js';
import { createBucket, getObject, putObject, s3Request } from '../helpers/s3.js';
import { SEAWEED_ACCOUNT, useSeaweedfs, type SeaweedEnv } from '../helpers/seaweedfs.js';
import { lifetime, listOnlyPolicy, serviceError } from '../helpers/sts-assert.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const seaweed = useSeaweedfs();
const makeTempDir = useTempDirs('seaweedfs');

const bucketName = (label: string): string => `sw-${label}-${randomBytes(4).toString('hex')}`;
const adminKeys = (env: SeaweedEnv): { accessKeyId: string; secretAccessKey: string } => ({
  accessKeyId: env.admin.accessKeyId,
  secretAccessKey: env.admin.secretAccessKey,
});

/** A bucket with one object `seed.txt`, made by the static admin identity. */
async function seededBucket(env: SeaweedEnv, label: string): Promise<string> {
  const bucket = bucketName(label);
  expect((await createBucket(env.endpoint, adminKeys(env), bucket)).statusCode).toBe(200);
  expect((await putObject(env.endpoint, adminKeys(env), bucket, 'seed.txt', 'seeded')).statusCode).toBe(200);
  return bucket;
}

/** PUT, GET back and LIST with temporary credentials: proves they are real. */
async function expectReadWrite(env: SeaweedEnv, credentials: TemporaryCredentials, bucket: string): Promise<void> {
  expect((await putObject(env.endpoint, credentials, bucket, 'w.txt', 'written')).statusCode).toBe(200);
  expect((await getObject(env.endpoint, credentials, bucket, 'w.txt')).body).toBe('written');
  expect((await s3Request({ endpoint: env.endpoint, credentials, method: 'GET', bucket })).statusCode).toBe(200);
}

describe('AssumeRole (signed by a static S3 identity, allowed by the role’s trust policy)', () => {
  it('returns credentials for the role, with an AssumedRoleUser, that read and write', async () => {
    const env = seaweed();
    const bucket = await seededBucket(env, 'ar');
    const result = await assumeRole({ endpoint: env.endpoint, credentials: adminKeys(env), roleArn: env.roles.writer, roleSessionName: 'ar-session' });
    expect(result.action).toBe('AssumeRole');
    expect(result.accessKeyId).not.toBe(env.admin.accessKeyId);
    expect(result.assumedRoleUser?.arn).toBe(`arn:aws:sts::${SEAWEED_ACCOUNT}:assumed-role/writer/ar-session`);
    // Without DurationSeconds: the STS config's tokenDuration (1h here).
    expect(Math.abs(lifetime(result) - 3600)).toBeLessThanOrEqual(5);
    await expectReadWrite(env, result, bucket);
  });

  it('the role’s policies bound the session: the reader role reads but may not write', async () => {
    const env = seaweed();
    const bucket = await seededBucket(env, 'rd');
    const result = await assumeRole({ endpoint: env.endpoint, credentials: adminKeys(env), roleArn: env.roles.reader, roleSessionName: 'rd-session' });
    expect((await getObject(env.endpoint, result, bucket, 'seed.txt')).body).toBe('seeded');
    const put = await putObject(env.endpoint, result, bucket, 'no.txt', 'refused');
    expect(put.statusCode).toBe(403);
    expect(put.errorCode).toBe('AccessDenied');
  });

  it('a session policy narrows the role: list only', async () => {
    const env = seaweed();
    const bucket = await seededBucket(env, 'sp');
    const result = await assumeRole({
      endpoint: env.endpoint,
      credentials: adminKeys(env),
      roleArn: env.roles.writer,
      roleSessionName: 'sp-session',
      policy: listOnlyPolicy(bucket),
    });
    expect(result.packedPolicySize).toBeGreaterThan(0);
    expect((await s3Request({ endpoint: env.endpoint, credentials: result, method: 'GET', bucket })).statusCode).toBe(200);
    expect((await putObject(env.endpoint, result, bucket, 'no.txt', 'refused')).statusCode).toBe(403);
    expect((await getObject(env.endpoint, result, bucket, 'seed.txt')).statusCode).toBe(403);
  });

  it('DurationSeconds is honoured from 900 to 43200 s (its maxSessionLength); outside that range it is refused', async () => {
    const env = seaweed();
    const call = (durationSeconds: number): ReturnType<typeof assumeRole> =>
      assumeRole({ endpoint: env.endpoint, credentials: adminKeys(env), roleArn: env.roles.writer, roleSessionName: 'dur', durationSeconds });
    expect(Math.abs(lifetime(await call(900)) - 900)).toBeLessThanOrEqual(5);
    expect(Math.abs(lifetime(await call(43_200)) - 43_200)).toBeLessThanOrEqual(5);
    const error = await serviceError(call(43_201));
    expect(error).toMatchObject({ stsCode: 'InvalidParameterValue', statusCode: 400 });
    expect(error.serverMessage).toMatch(/DurationSeconds must be between 900 and 43200 seconds/);
  });

  it('refuses a role whose trust policy does not name the caller (AccessDenied), without echoing the secret', async () => {
    const env = seaweed();
    const error = await serviceError(assumeRole({ endpoint: env.endpoint, credentials: adminKeys(env), roleArn: env.roles.untrusted, roleSessionName: 'x1' }));
    expect(error).toMatchObject({ stsCode: 'AccessDenied', statusCode: 403 });
    expect(error.serverMessage).toMatch(/not authorized to assume role/);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(env.admin.secretAccessKey);
  });

  it('refuses a wrong secret key (403 SignatureDoesNotMatch, as S3 does)', async () => {
    const env = seaweed();
    const wrong = 'not-the-admin-secret-key-0001';
    const error = await serviceError(
      assumeRole({ endpoint: env.endpoint, credentials: { accessKeyId: env.admin.accessKeyId, secretAccessKey: wrong }, roleArn: env.roles.writer, roleSessionName: 'x2' }),
    );
    expect(error).toMatchObject({ stsCode: 'SignatureDoesNotMatch', statusCode: 403 });
    expect(error.serverMessage).toMatch(/signature we calculated does not match/);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(wrong);
  });
});

describe('AssumeRoleWithWebIdentity (the project’s OpenID issuer)', () => {
  it('exchanges an ID token for credentials that read and write; no AssumedRoleUser', async () => {
    const env = seaweed();
    const bucket = await seededBucket(env, 'wi');
    const result = await assumeRoleWithWebIdentity({ endpoint: env.endpoint, webIdentityToken: env.idToken(), roleArn: env.roles.writer, roleSessionName: 'wi-session' });
    expect(result.action).toBe('AssumeRoleWithWebIdentity');
    expect(result.subjectFromWebIdentityToken).toBe('alice-subject');
    expect(result.assumedRoleUser).toBeUndefined();
    await expectReadWrite(env, result, bucket);
  });

  it('lifetime: tokenDuration (1h) by default, DurationSeconds when given, whatever the token’s own expiry', async () => {
    const env = seaweed();
    const call = (ttl: number, durationSeconds?: number): ReturnType<typeof assumeRoleWithWebIdentity> =>
      assumeRoleWithWebIdentity({ endpoint: env.endpoint, webIdentityToken: env.idToken({}, ttl), roleArn: env.roles.writer, roleSessionName: 'wi-dur', durationSeconds });
    // MinIO follows the token's exp when no DurationSeconds is given; SeaweedFS does not.
    expect(Math.abs(lifetime(await call(600)) - 3600)).toBeLessThanOrEqual(5);
    expect(Math.abs(lifetime(await call(7200)) - 3600)).toBeLessThanOrEqual(5);
    expect(Math.abs(lifetime(await call(600, 7200)) - 7200)).toBeLessThanOrEqual(5);
  });

  it('a session policy narrows the role', async () => {
    const env = seaweed();
    const bucket = await seededBucket(env, 'wisp');
    const result = await assumeRoleWithWebIdentity({
      endpoint: env.endpoint,
      webIdentityToken: env.idToken(),
      roleArn: env.roles.writer,
      roleSessionName: 'wi-sp',
      policy: listOnlyPolicy(bucket),
    });
    expect((await s3Request({ endpoint: env.endpoint, credentials: result, method: 'GET', bucket })).statusCode).toBe(200);
    expect((await putObject(env.endpoint, result, bucket, 'no.txt', 'refused')).statusCode).toBe(403);
  });

  it('refuses an expired token, a token for another audience and a forged one, never echoing the token', async () => {
    const env = seaweed();
    const now = Math.floor(Date.now() / 1000);
    const expired = env.idToken({ exp: now - 120, iat: now - 3600 });
    const otherAudience = env.idToken({ aud: 'someone-else' });
    const [header, payload] = env.idToken().split('.');
    const forged = `${header}.${payload}.${Buffer.from('not a signature').toString('base64url')}`;
    for (const token of [expired, otherAudience, forged]) {
      const error = await serviceError(assumeRoleWithWebIdentity({ endpoint: env.endpoint, webIdentityToken: token, roleArn: env.roles.writer, roleSessionName: 'bad' }));
      expect(error.statusCode).toBeGreaterThanOrEqual(400);
      expect(error.stsCode).toMatch(/^(ExpiredTokenException|InvalidParameterValue|AccessDenied|InvalidIdentityToken)$/);
      expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(token.split('.')[2]!);
    }
  });

  it('refuses a role whose trust policy does not admit the issuer', async () => {
    const env = seaweed();
    const error = await serviceError(assumeRoleWithWebIdentity({ endpoint: env.endpoint, webIdentityToken: env.idToken(), roleArn: env.roles.untrusted, roleSessionName: 'x3' }));
    expect(error).toMatchObject({ stsCode: 'AccessDenied' });
  });
});

describe('AssumeRoleWithLDAPIdentity (the project’s slapd)', () => {
  it('returns credentials for the role named, with an AssumedRoleUser, that read and write', async (ctx) => {
    const env = seaweed();
    if (!env.ldap) return ctx.skip('slapd is not installed (outside CI)');
    const bucket = await seededBucket(env, 'ldap');
    const result = await assumeRoleWithLdapIdentity({ endpoint: env.endpoint, username: env.ldap.user, password: env.ldap.password, roleArn: env.roles.writer });
    expect(result.action).toBe('AssumeRoleWithLDAPIdentity');
    expect(result.assumedRoleUser?.arn).toMatch(new RegExp(`^arn:aws:sts::${SEAWEED_ACCOUNT}:assumed-role/writer/sts-creds-\\d+$`));
    await expectReadWrite(env, result, bucket);
  });

  it('refuses a wrong password (AccessDenied: authentication failed), never echoing it', async (ctx) => {
    const env = seaweed();
    if (!env.ldap) return ctx.skip('slapd is not installed (outside CI)');
    const wrong = 'wrong-ldap-password-9';
    const error = await serviceError(assumeRoleWithLdapIdentity({ endpoint: env.endpoint, username: env.ldap.user, password: wrong, roleArn: env.roles.writer }));
    expect(error).toMatchObject({ stsCode: 'AccessDenied', serverMessage: 'authentication failed' });
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(wrong);
  });
});

describe('fromWebIdentity across a refresh (injected clock)', () => {
  it('serves cached credentials, then new ones once the clock reaches the refresh window; both sets work', async () => {
    const env = seaweed();
    const bucket = await seededBucket(env, 'refresh');
    let clock = Date.now();
    let tokenReads = 0;
    const refreshed: TemporaryCredentials[] = [];
    const provider = fromWebIdentity({
      endpoint: env.endpoint,
      webIdentityToken: () => {
        tokenReads += 1;
        return env.idToken();
      },
      roleArn: env.roles.writer,
      roleSessionName: 'refresh',
      durationSeconds: 900,
      now: () => new Date(clock),
      onRefresh: (c) => refreshed.push(c),
    });
    try {
      const first = await provider();
      clock += 60_000;
      expect(await provider()).toBe(first); // one minute in: the cached set
      clock += 800_000; // 860 s in, of 900: inside the mandatory window, callers wait for new credentials
      const second = await provider();
      expect(second.accessKeyId).not.toBe(first.accessKeyId);
      expect(refreshed).toHaveLength(2);
      expect(tokenReads).toBe(2);
      await expectReadWrite(env, first, bucket);
      await expectReadWrite(env, second, bucket);
    } finally {
      await provider.close();
    }
  });
});

describe('what SeaweedFS does not serve: MinIO’s own actions', () => {
  // Each is named here, not skipped: SeaweedFS answers InvalidAction, and sts-creds reports it as a failed call.
  const cases = [
    { action: 'AssumeRoleWithCustomToken', call: (endpoint: string) => assumeRoleWithCustomToken({ endpoint, token: 'any-token', roleArn: 'arn:minio:iam:::role/x' }) },
    { action: 'AssumeRoleWithClientGrants', call: (endpoint: string) => assumeRoleWithClientGrants({ endpoint, token: 'any-token' }) },
    { action: 'AssumeRoleWithCertificate', call: (endpoint: string) => assumeRoleWithCertificate({ endpoint }) },
  ] as const;
  for (const { action, call } of cases) {
    it(`${action}: InvalidAction, "unsupported action"`, async () => {
      const env = seaweed();
      const error = await serviceError(call(env.endpoint));
      expect(error).toMatchObject({ stsCode: 'InvalidAction', statusCode: 400, action });
      expect(error.serverMessage).toBe(`unsupported action: ${action}`);
    });
  }

  it('the CLI: custom-token and client-grants exit 1 with the server’s reason, without the token', async () => {
    const env = seaweed();
    const token = 'a-token-that-must-not-be-echoed';
    for (const args of [['custom-token', '-r', 'arn:minio:iam:::role/x'], ['client-grants']]) {
      const run = await runCli([...args, '--token-env', 'TOK', '--endpoint', env.endpoint], { env: { TOK: token } });
      expectCleanFailure(run, /InvalidAction \(HTTP 400\): unsupported action: AssumeRoleWith(CustomToken|ClientGrants)/);
      expect(run.stderr).not.toContain(token);
    }
  });
});

describe('the CLI against SeaweedFS', () => {
  it('web-identity --role-arn, then -b lists a bucket with the new credentials', async () => {
    const env = seaweed();
    const bucket = await seededBucket(env, 'cli');
    const dir = makeTempDir();
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, env.idToken(), { mode: 0o600 });
    const run = await runCli(['web-identity', '--endpoint', env.endpoint, '--token-file', tokenFile, '--role-arn', env.roles.writer, '-b', bucket]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^AccessKeyID: \S+$/m);
    expect(run.stdout).toMatch(/^SubjectFromWebIdentityToken: alice-subject$/m);
    expect(run.stdout).toContain('seed.txt');
  });

  it('assume-role and web-identity from an AWS profile (role_arn, role_session_name)', async () => {
    const env = seaweed();
    const home = makeTempDir();
    const tokenFile = join(home, 'token');
    await writeFile(tokenFile, env.idToken(), { mode: 0o600 });
    const aws = join(home, '.aws');
    await mkdir(aws, { mode: 0o700 });
    await writeFile(
      join(aws, 'config'),
      [
        '[profile sw]',
        `endpoint_url = ${env.endpoint}`,
        `role_arn = ${env.roles.writer}`,
        'role_session_name = from-profile',
        `web_identity_token_file = ${tokenFile}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    await writeFile(join(aws, 'credentials'), `[sw]\naws_access_key_id = ${env.admin.accessKeyId}\naws_secret_access_key = ${env.admin.secretAccessKey}\n`, { mode: 0o600 });
    const ar = await runCli(['assume-role', '--profile', 'sw', '-o', 'json'], { home });
    expect(ar.code, ar.stderr).toBe(0);
    expect(JSON.parse(ar.stdout)).toMatchObject({ AssumedRoleUser: { Arn: `arn:aws:sts::${SEAWEED_ACCOUNT}:assumed-role/writer/from-profile` } });
    expect(ar.stdout + ar.stderr).not.toContain(env.admin.secretAccessKey);
    const wi = await runCli(['web-identity', '--profile', 'sw', '-o', 'json'], { home });
    expect(wi.code, wi.stderr).toBe(0);
    expect(JSON.parse(wi.stdout)).toMatchObject({ SubjectFromWebIdentityToken: 'alice-subject' });
  });

  it('without --role-arn: the server’s “RoleSessionName is required”, with a hint naming --role-arn and role_arn (exit 1)', async () => {
    const env = seaweed();
    const dir = makeTempDir();
    const tokenFile = join(dir, 'token');
    const token = env.idToken();
    await writeFile(tokenFile, token, { mode: 0o600 });
    const wi = await runCli(['web-identity', '--endpoint', env.endpoint, '--token-file', tokenFile]);
    expectCleanFailure(wi, /RoleSessionName is required.*--role-arn <arn> \(profile key role_arn\).*--role-session-name <name> \(role_session_name\)/);
    expect(wi.stderr).not.toContain(token.split('.')[2]!);
    const ar = await runCli(['assume-role', '--endpoint', env.endpoint, '-u', env.admin.accessKeyId, '--password-env', 'SECRET'], {
      env: { SECRET: env.admin.secretAccessKey },
    });
    expectCleanFailure(ar, /RoleSessionName is required.*--role-arn/);
    expect(ar.stderr).not.toContain(env.admin.secretAccessKey);
  });

  it('ldap --role-arn --role-session-name; without --role-arn, “RoleArn is required” and the hint', async (ctx) => {
    const env = seaweed();
    if (!env.ldap) return ctx.skip('slapd is not installed (outside CI)');
    const pw = { env: { PW: env.ldap.password } };
    const ok = await runCli(
      ['ldap', '--endpoint', env.endpoint, '-u', env.ldap.user, '--password-env', 'PW', '--role-arn', env.roles.reader, '--role-session-name', 'chosen', '-o', 'json'],
      pw,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      Action: 'AssumeRoleWithLDAPIdentity',
      AssumedRoleUser: { Arn: `arn:aws:sts::${SEAWEED_ACCOUNT}:assumed-role/reader/chosen` },
    });
    const missing = await runCli(['ldap', '--endpoint', env.endpoint, '-u', env.ldap.user, '--password-env', 'PW'], pw);
    expectCleanFailure(missing, /RoleArn is required.*--role-arn <arn> \(profile key role_arn\)/);
    expect(missing.stderr).not.toContain(env.ldap.password);
  });

  it('refusals exit 1 with the server’s reason and no secret: untrusted role, wrong secret, -e outside 15m..12h', async () => {
    const env = seaweed();
    const base = ['assume-role', '--endpoint', env.endpoint, '-u', env.admin.accessKeyId, '--password-env', 'SECRET'];
    const untrusted = await runCli([...base, '--role-arn', env.roles.untrusted], { env: { SECRET: env.admin.secretAccessKey } });
    expectCleanFailure(untrusted, /AccessDenied.*not authorized to assume role/);
    const wrongSecret = 'wrong-secret-for-the-admin-1';
    const wrong = await runCli([...base, '--role-arn', env.roles.writer], { env: { SECRET: wrongSecret } });
    expectCleanFailure(wrong, /SignatureDoesNotMatch.*the secret key is probably wrong/);
    expect(wrong.stderr).not.toContain(wrongSecret);
    const long = await runCli([...base, '--role-arn', env.roles.writer, '-e', '13h'], { env: { SECRET: env.admin.secretAccessKey } });
    expectCleanFailure(long, /DurationSeconds must be between 900 and 43200 seconds/);
    for (const run of [untrusted, long]) expect(run.stderr).not.toContain(env.admin.secretAccessKey);
  });
});
