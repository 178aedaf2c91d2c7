/**
 * AssumeRoleWithLDAPIdentity against a real MinIO wired to a real OpenLDAP (`slapd`), both started here:
 * the library call, the provider and the CLI. This MinIO is separate from the harness's one (with LDAP
 * on, MinIO refuses internal users).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMc, startMinio, type RunningMinio } from '../../scripts/minio.mjs';
import {
  StsClient,
  assumeRoleWithLdapIdentity,
  fromLdapIdentity,
  type TemporaryCredentials,
} from '../../src/index.js';
import { listObjects } from '../../src/s3/list-objects.js';
import { showMinioLogOnFailure, useMinio } from '../helpers/minio-context.js';
import { createBucket, getObject, putObject } from '../helpers/s3.js';
import { missingOutsideCi } from '../consumers/harness.js';
import { hasSlapd, startSlapd, type RunningSlapd } from '../helpers/slapd.js';
import { runCli } from '../helpers/cli.js';
import { lifetime, listOnlyPolicy, serviceError } from '../helpers/sts-assert.js';

const harness = useMinio();

const ALICE = { uid: 'alice', password: 'alice-ldap-pw-71' };
const BOB = { uid: 'bob', password: 'bob-ldap-pw-42' }; // no policy anywhere
const CAROL = { uid: 'carol', password: 'carol-ldap-pw-93' }; // readonly through group "auditors"

const slapdMissing = missingOutsideCi(hasSlapd(), 'slapd/ldapadd');

let ldap: RunningSlapd | undefined;
let minio: RunningMinio | undefined;
let mcPath = '';

function server(): RunningMinio {
  if (!minio) throw new Error('MinIO with LDAP did not start');
  return minio;
}

const bucketName = (label: string): string => `ldap-${label}-${randomBytes(4).toString('hex')}`;


async function makeBucketAsRoot(bucket: string, object?: { key: string; body: string }): Promise<void> {
  const m = server();
  await runMc(mcPath, m.endpoint, m.rootUser, m.rootPassword, ['mb', `local/${bucket}`]);
  if (object) await runMc(mcPath, m.endpoint, m.rootUser, m.rootPassword, ['pipe', `local/${bucket}/${object.key}`], { input: object.body });
}

describe.skipIf(slapdMissing)('AssumeRoleWithLDAPIdentity (MinIO + slapd)', () => {
  beforeAll(async () => {
    if (!harness.available) return;
    mcPath = harness().mcPath;
    // LDAP must answer before MinIO starts: MinIO connects and checks the base DNs while initialising IAM.
    ldap = await startSlapd({ users: [ALICE, BOB, CAROL], groups: [{ cn: 'auditors', members: ['carol'] }] });
    minio = await startMinio({ env: ldap.minioEnv() });
    const m = minio;
    await runMc(mcPath, m.endpoint, m.rootUser, m.rootPassword, ['idp', 'ldap', 'policy', 'attach', 'local', 'readwrite', `--user=${ldap.userDn('alice')}`]);
    await runMc(mcPath, m.endpoint, m.rootUser, m.rootPassword, ['idp', 'ldap', 'policy', 'attach', 'local', 'readonly', `--group=${ldap.groupDn('auditors')}`]);
  }, 180_000);

  afterAll(async () => {
    await minio?.stop();
    await ldap?.stop();
  });

  showMinioLogOnFailure('MinIO (LDAP)', () => minio);

  describe('library', () => {
    it('exchanges an LDAP user name and password for credentials that do S3 work', async () => {
      const m = server();
      const creds = await assumeRoleWithLdapIdentity({ endpoint: m.endpoint, username: ALICE.uid, password: ALICE.password });
      expect(creds.action).toBe('AssumeRoleWithLDAPIdentity');
      expect(creds.accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
      expect(creds.secretAccessKey).toHaveLength(40);
      expect(creds.sessionToken.split('.')).toHaveLength(3);
      expect(creds.requestId).toMatch(/^[0-9A-F]{16}$/);
      expect(Object.keys(creds)).not.toContain('assumedRoleUser'); // LDAP responses have none
      expect(lifetime(creds)).toBeCloseTo(3600, -1); // MinIO's LDAP default

      const bucket = bucketName('rw');
      expect((await createBucket(m.endpoint, creds, bucket)).statusCode).toBe(200);
      expect((await putObject(m.endpoint, creds, bucket, 'hello.txt', 'from ldap')).statusCode).toBe(200);
      const got = await getObject(m.endpoint, creds, bucket, 'hello.txt');
      expect(got.statusCode).toBe(200);
      expect(got.body).toBe('from ldap');
    });

    it.each([900, 7200])('honours DurationSeconds=%i', async (durationSeconds) => {
      const m = server();
      const creds = await assumeRoleWithLdapIdentity({ endpoint: m.endpoint, username: ALICE.uid, password: ALICE.password, durationSeconds });
      expect(Math.abs(lifetime(creds) - durationSeconds)).toBeLessThanOrEqual(5);
    });

    it('refuses a wrong password with a clear 400 that never shows the password', async () => {
      const m = server();
      const wrong = 'not-alices-password-5x';
      const error = await serviceError(assumeRoleWithLdapIdentity({ endpoint: m.endpoint, username: ALICE.uid, password: wrong }));
      expect(error.statusCode).toBe(400);
      expect(error.stsCode).toBe('InvalidParameterValue');
      expect(error.serverMessage).toMatch(/LDAP server error/);
      expect(error.action).toBe('AssumeRoleWithLDAPIdentity');
      expect(error.message).toMatch(/^AssumeRoleWithLDAPIdentity failed: InvalidParameterValue \(HTTP 400\): LDAP server error/);
      for (const text of [error.message, String(error.stack), JSON.stringify(error)]) {
        expect(text).not.toContain(wrong);
        expect(text).not.toContain(ALICE.password);
      }
    });

    it('refuses an unknown user', async () => {
      const m = server();
      const error = await serviceError(assumeRoleWithLdapIdentity({ endpoint: m.endpoint, username: 'mallory', password: 'whatever-123' }));
      expect(error.statusCode).toBe(400);
      expect(error.stsCode).toBe('InvalidParameterValue');
    });

    it('refuses a user with no policy on the user or any of its groups', async () => {
      const m = server();
      const error = await serviceError(assumeRoleWithLdapIdentity({ endpoint: m.endpoint, username: BOB.uid, password: BOB.password }));
      expect(error.statusCode).toBe(400);
      expect(error.serverMessage).toMatch(/policy/i);
    });

    it('applies a policy attached to the user’s LDAP group (readonly: reads, no writes)', async () => {
      const m = server();
      const bucket = bucketName('group');
      await makeBucketAsRoot(bucket, { key: 'report.txt', body: 'audited' });
      const creds = await assumeRoleWithLdapIdentity({ endpoint: m.endpoint, username: CAROL.uid, password: CAROL.password });
      expect((await getObject(m.endpoint, creds, bucket, 'report.txt')).body).toBe('audited');
      const put = await putObject(m.endpoint, creds, bucket, 'tamper.txt', 'no');
      expect(put.statusCode).toBe(403);
    });

    it('honours a session policy: ListBucket on one bucket, nothing else', async () => {
      const m = server();
      const allowed = bucketName('allowed');
      await makeBucketAsRoot(allowed, { key: 'seen.txt', body: 'visible' });
      const policy = listOnlyPolicy(allowed);
      const creds = await assumeRoleWithLdapIdentity({ endpoint: m.endpoint, username: ALICE.uid, password: ALICE.password, policy });
      const { objects: listed } = await listObjects({ endpoint: m.endpoint, bucket: allowed, credentials: creds });
      expect(listed.map((o) => o.key)).toEqual(['seen.txt']);
      const put = await putObject(m.endpoint, creds, allowed, 'new.txt', 'denied');
      expect(put.statusCode).toBe(403);
      expect(put.errorCode).toBe('AccessDenied');
      expect((await getObject(m.endpoint, creds, allowed, 'seen.txt')).statusCode).toBe(403);
    });

    it('rejects an invalid session policy with 400 InvalidParameterValue', async () => {
      const m = server();
      const policy = { Version: '2008-10-17', Statement: [] };
      const error = await serviceError(assumeRoleWithLdapIdentity({ endpoint: m.endpoint, username: ALICE.uid, password: ALICE.password, policy }));
      expect(error.statusCode).toBe(400);
      expect(error.stsCode).toBe('InvalidParameterValue');
    });

    it('works through a long-lived StsClient and through fromLdapIdentity', async () => {
      const m = server();
      const client = new StsClient({ endpoint: m.endpoint });
      try {
        const a = await client.assumeRoleWithLdapIdentity({ username: ALICE.uid, password: ALICE.password });
        const b = await client.assumeRoleWithLdapIdentity({ username: ALICE.uid, password: ALICE.password });
        expect(a.accessKeyId).not.toBe(b.accessKeyId);
      } finally {
        await client.close();
      }

      let asked = 0;
      const provider = fromLdapIdentity({
        endpoint: m.endpoint,
        username: ALICE.uid,
        password: () => {
          asked += 1;
          return ALICE.password;
        },
        durationSeconds: 900,
      });
      try {
        const first: TemporaryCredentials = await provider();
        const again = await provider();
        expect(again).toBe(first); // cached
        expect(asked).toBe(1);
        const bucket = bucketName('provider');
        expect((await createBucket(m.endpoint, first, bucket)).statusCode).toBe(200);
        const fresh = await provider.forceRefresh();
        expect(fresh.accessKeyId).not.toBe(first.accessKeyId);
        expect(asked).toBe(2);
      } finally {
        await provider.close();
      }
    });
  });

  describe('CLI', () => {
    it('sts-creds ldap -u alice --password-stdin prints working credentials as JSON', async () => {
      const m = server();
      const run = await runCli(['ldap', '-u', ALICE.uid, '--password-stdin', '--endpoint', m.endpoint, '-o', 'json'], { stdin: `${ALICE.password}\n` });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as Record<string, string>;
      expect(out.Action).toBe('AssumeRoleWithLDAPIdentity');
      expect(out.AccessKeyId).toMatch(/^[0-9A-Z]{20}$/);
      const creds = { accessKeyId: out.AccessKeyId!, secretAccessKey: out.SecretAccessKey!, sessionToken: out.SessionToken! };
      const bucket = bucketName('cli');
      expect((await createBucket(m.endpoint, creds, bucket)).statusCode).toBe(200);
      expect(run.stdout).not.toContain(ALICE.password);
    });

    it('reads the password from --password-env and STS_CREDS_PASSWORD, and takes a policy file and a duration', async () => {
      const m = server();
      const viaFlag = await runCli(['ldap', '-u', ALICE.uid, '--password-env', 'MY_LDAP_PW', '--endpoint', m.endpoint, '-e', '15m', '-o', 'credential-process', '--no-cache'], {
        env: { MY_LDAP_PW: ALICE.password },
      });
      expect(viaFlag.code).toBe(0);
      const proc = JSON.parse(viaFlag.stdout) as { Version: number; Expiration: string };
      expect(proc.Version).toBe(1);
      const left = (Date.parse(proc.Expiration) - Date.now()) / 1000;
      expect(left).toBeGreaterThan(840);
      expect(left).toBeLessThanOrEqual(905);

      const bucket = bucketName('cli-policy');
      await makeBucketAsRoot(bucket, { key: 'only-list.txt', body: 'x' });
      const dir = await mkdtemp(join(tmpdir(), 'sts-creds-ldap-test-'));
      try {
        const policyFile = join(dir, 'policy.json');
        await writeFile(
          policyFile,
          JSON.stringify(listOnlyPolicy(bucket), null, 2),
        );
        const viaEnv = await runCli(['ldap', '--endpoint', m.endpoint, '-s', policyFile, '-o', 'dotenv'], {
          env: { STS_CREDS_USER: ALICE.uid, STS_CREDS_PASSWORD: ALICE.password },
        });
        expect(viaEnv.code).toBe(0);
        const vars = Object.fromEntries(viaEnv.stdout.trim().split('\n').map((line) => line.replace(/'$/, '').split("='") as [string, string]));
        expect(vars.AWS_ACCESS_KEY_ID).toMatch(/^[0-9A-Z]{20}$/);
        const creds = { accessKeyId: vars.AWS_ACCESS_KEY_ID!, secretAccessKey: vars.AWS_SECRET_ACCESS_KEY!, sessionToken: vars.AWS_SESSION_TOKEN! };
        expect((await listObjects({ endpoint: m.endpoint, bucket, credentials: creds })).objects.map((o) => o.key)).toEqual(['only-list.txt']);
        expect((await getObject(m.endpoint, creds, bucket, 'only-list.txt')).statusCode).toBe(403);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('works under `env` and `exec`', async () => {
      const m = server();
      const env = await runCli(['env', 'ldap', '-u', ALICE.uid, '--password-stdin', '--endpoint', m.endpoint], { stdin: ALICE.password });
      expect(env.code).toBe(0);
      expect(env.stdout).toMatch(/^export AWS_ACCESS_KEY_ID='[0-9A-Z]{20}';$/m);
      expect(env.stdout).toMatch(/^export AWS_SESSION_TOKEN=/m);

      const exec = await runCli(
        ['exec', 'ldap', '-u', ALICE.uid, '--password-stdin', '--endpoint', m.endpoint, '--', process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.env))'],
        { stdin: ALICE.password, env: { STS_CREDS_PASSWORD: 'should-not-leak-99' } },
      );
      expect(exec.code).toBe(0);
      const childEnv = JSON.parse(exec.stdout) as Record<string, string>;
      expect(childEnv.AWS_ACCESS_KEY_ID).toMatch(/^[0-9A-Z]{20}$/);
      expect(childEnv.STS_CREDS_PASSWORD).toBeUndefined();
      expect(exec.stdout).not.toContain(ALICE.password);
    });

    it('a wrong password exits 1 with one clear line and no password', async () => {
      const m = server();
      const wrong = 'wrong-ldap-password-77';
      const run = await runCli(['ldap', '-u', ALICE.uid, '--password-stdin', '--endpoint', m.endpoint], { stdin: wrong });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^sts-creds: AssumeRoleWithLDAPIdentity failed: InvalidParameterValue \(HTTP 400\): LDAP server error.*\n$/);
      expect(run.stderr.split('\n')).toHaveLength(2);
      expect(run.stderr).not.toContain(wrong);
    });

    it('without any password source and no terminal, fails at once with exit 2', async () => {
      const m = server();
      const run = await runCli(['ldap', '-u', ALICE.uid, '--endpoint', m.endpoint]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/no password/);
    });
  });
});
