/**
 * The built `sts-creds` command against the real MinIO: the sample's own invocation, the bucket
 * listing, custom tokens through the identity plugin, env output used by a real shell, and failures.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli, runProgram, type CliResult } from '../helpers/cli.js';
import { useMinio } from '../helpers/minio-context.js';
import { createBucket, getObject, putObject } from '../helpers/s3.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeTempDir = useTempDirs('cli-minio');

function run(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  return runCli(args, { env, ...(stdin !== undefined ? { stdin } : {}) });
}

function sh(script: string, env: Record<string, string>): Promise<CliResult> {
  return runProgram('sh', ['-c', script], { env: cliEnv(makeTempDir(), env) });
}

describe('sts-creds against a real MinIO', () => {
  const minio = useMinio();
  const bucket = `cli-${Date.now().toString(36)}`;

  beforeAll(async () => {
    if (!minio.available) return;
    const { endpoint, rootUser, rootPassword } = minio();
    const made = await createBucket(endpoint, { accessKeyId: rootUser, secretAccessKey: rootPassword }, bucket);
    expect(made.statusCode).toBe(200);
    await putObject(endpoint, { accessKeyId: rootUser, secretAccessKey: rootPassword }, bucket, 'hello.txt', 'hello world');
  });

  it('assume-role -u foobar -p foo12345 prints the labelled credentials like the sample', async () => {
    const { endpoint, user, password } = minio();
    const r = await run(['assume-role', '-u', user, '-p', password, '--sts-ep', endpoint]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^AccessKeyID: [0-9A-Z]{20}\nSecretAccessKey: \S{40}\nSessionToken: eyJ\S+\nExpiration: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in (59m \d+s|1h 0m)\)\n$/);
    // Passing the password on the command line is allowed; it must never be echoed back.
    expect(r.stdout + r.stderr).not.toContain(password);
  });

  it('-d prints only the credentials, with the sample header', async () => {
    const { endpoint, user, password } = minio();
    const r = await run(['assume-role', '-u', user, '-p', password, '--endpoint', endpoint, '-d']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Only displaying credentials:');
  });

  it('-b lists the bucket with the temporary credentials', async () => {
    const { endpoint, user, password } = minio();
    const r = await run(['assume-role', '-u', user, '-p', password, '--endpoint', endpoint, '-b', bucket]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Calling list objects on bucket named \`${bucket}\` with temp creds:\n===\n`);
    expect(r.stdout).toMatch(/Key: hello\.txt\nSize: 11\nLast Modified: \d{4}-\d\d-\d\dT[\d:.]+Z\n===\n$/);
    const json = await run(['assume-role', '-u', user, '-p', password, '--endpoint', endpoint, '-b', bucket, '-o', 'json']);
    expect(JSON.parse(json.stdout).Objects).toEqual([{ Key: 'hello.txt', Size: 11, LastModified: expect.any(String) }]);
  });

  it('-b on a bucket that does not exist fails with exit 1 and nothing on stdout', async () => {
    const { endpoint, user, password } = minio();
    const r = await run(['assume-role', '-u', user, '-p', password, '--endpoint', endpoint, '-b', 'no-such-bucket-here']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // -p on the command line adds a warning line first (see docs/security.md).
    expect(r.stderr).toMatch(/^sts-creds: ListObjectsV2 on no-such-bucket-here failed: NoSuchBucket \(HTTP 404\)/m);
  });

  it('-o json credentials do real S3 work (put and get)', async () => {
    const { endpoint, user, password } = minio();
    const r = await run(['assume-role', '-u', user, '--password-stdin', '--endpoint', endpoint, '-o', 'json', '-e', '20m'], {}, `${password}\n`);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']));
    const left = Date.parse(out.Expiration!) - Date.now();
    expect(left).toBeGreaterThan(18 * 60_000);
    expect(left).toBeLessThan(21 * 60_000);
    const creds = { accessKeyId: out.AccessKeyId!, secretAccessKey: out.SecretAccessKey!, sessionToken: out.SessionToken! };
    expect((await putObject(endpoint, creds, bucket, 'from-cli.txt', 'via sts-creds')).statusCode).toBe(200);
    const got = await getObject(endpoint, creds, bucket, 'from-cli.txt');
    expect(got.body).toBe('via sts-creds');
  });

  it('a session policy from -s narrows what the credentials may do', async () => {
    const { endpoint, user, password } = minio();
    const { writeFileSync } = await import('node:fs');
    const dir = makeTempDir();
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] }],
    };
    writeFileSync(`${dir}/p.json`, JSON.stringify(policy, null, 2));
    const r = await run(['assume-role', '-u', user, '-p', password, '--endpoint', endpoint, '-o', 'json', '-s', `${dir}/p.json`]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    const creds = { accessKeyId: out.AccessKeyId!, secretAccessKey: out.SecretAccessKey!, sessionToken: out.SessionToken! };
    expect((await getObject(endpoint, creds, bucket, 'hello.txt')).statusCode).toBe(200);
    const denied = await putObject(endpoint, creds, bucket, 'nope.txt', 'x');
    expect(denied.statusCode).toBe(403);
  });

  it('a wrong password exits 1 with AccessDenied on one line and an empty stdout', async () => {
    const { endpoint, user } = minio();
    const r = await run(['assume-role', '-u', user, '--password-env', 'PW', '--endpoint', endpoint], { PW: 'not-the-password-123' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sts-creds: AssumeRole failed: AccessDenied \(HTTP 403\): .+\n$/);
    expect(r.stderr).not.toContain('not-the-password-123');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('env output, evaluated by sh, gives credentials that work', async () => {
    const { endpoint, user, password } = minio();
    const script = `eval "$(node '${BIN}' env -u '${user}' --password-env PW --endpoint '${endpoint}')" && printf '%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"`;
    const r = await sh(script, { PW: password, NO_COLOR: '1' });
    expect(r.code).toBe(0);
    const [accessKeyId, secretAccessKey, sessionToken, expiration] = r.stdout.trimEnd().split('\n');
    expect(accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
    expect(expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const got = await getObject(endpoint, { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, sessionToken: sessionToken! }, bucket, 'hello.txt');
    expect(got.body).toBe('hello world');
  });

  it('custom-token with an accepted token gives working credentials for the plugin user', async () => {
    const { endpoint, goodToken, roleArn, pluginUser } = minio();
    const r = await run(['custom-token', '--token-env', 'TOK', '-r', roleArn, '--endpoint', endpoint, '-o', 'json', '-b', bucket], { TOK: goodToken });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.AssumedUser).toBe(`custom:${pluginUser}`);
    expect(out.Objects).toEqual(expect.arrayContaining([expect.objectContaining({ Key: 'hello.txt' })]));
  });

  it('custom-token with a rejected token exits 1 with the plugin reason and without the token', async () => {
    const { endpoint, revokedToken, roleArn } = minio();
    const r = await run(['assume-role-with-custom-token', '--token-stdin', '-r', roleArn, '--endpoint', endpoint], {}, revokedToken);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('token rejected: revoked');
    expect(r.stderr).not.toContain(revokedToken);
  });

  it('a duration outside the range is refused before any request (exit 2)', async () => {
    const { endpoint, user, password } = minio();
    const r = await run(['assume-role', '-u', user, '-p', password, '--endpoint', endpoint, '-e', '10m']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sts-creds: warning: a password on the command line .*\nsts-creds: invalid -e\/--duration: .*900 to 31536000.*\n$/);
  });
});
