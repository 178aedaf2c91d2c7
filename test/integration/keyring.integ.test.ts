/**
 * The OS keyring against the real MinIO and a real Secret Service (test/helpers/secret-service.ts):
 * `keyring add` a MinIO user's keys, then `assume-role --keyring` and `exec --keyring -- aws s3 ls` do
 * real work with no secret in any flag, variable or file; the library's readKeyringCredentials and
 * fromKeyring feed the providers; `keyring remove` ends it. No secret is printed anywhere.
 */
import { describe, expect, it } from 'vitest';
import { fromAssumeRole, fromCustomToken, fromKeyring, readKeyringCredentials } from '../../src/index.js';
import { cliEnv, expectCleanFailure, runCli, runMain, type CliResult } from '../helpers/cli.js';
import { useMinio } from '../helpers/minio-context.js';
import { createBucket, getObject, putObject } from '../helpers/s3.js';
import { useSecretService } from '../helpers/secret-service.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeTempDir = useTempDirs('keyring-minio');

describe('keyring entries used against the real MinIO', () => {
  const minio = useMinio();
  const secrets = useSecretService();
  const bucket = `keyring-${Date.now().toString(36)}`;
  const kr = (args: string[], stdin?: string): Promise<CliResult> => runMain(args, { env: secrets().env, ...(stdin === undefined ? {} : { stdin }) });
  const expectNoSecret = (run: CliResult): void => {
    for (const secret of [minio().password, minio().goodToken]) expect(run.stdout + run.stderr).not.toContain(secret);
  };

  it('keyring add, then assume-role --keyring gets credentials that do real S3 work', async () => {
    const { endpoint, user, password, rootUser, rootPassword } = minio();
    const add = await kr(['keyring', 'add', 'minio', '--access-key', user, '--secret-key-stdin'], `${password}\n`);
    expect(add).toMatchObject({ code: 0, stderr: '' });
    expectNoSecret(add);
    expect((await createBucket(endpoint, { accessKeyId: rootUser, secretAccessKey: rootPassword }, bucket)).statusCode).toBe(200);

    const run = await kr(['assume-role', '--keyring', 'minio', '--endpoint', endpoint, '-o', 'json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expectNoSecret(run);
    const out = JSON.parse(run.stdout) as Record<string, string>;
    const creds = { accessKeyId: out.AccessKeyId!, secretAccessKey: out.SecretAccessKey!, sessionToken: out.SessionToken! };
    expect(creds.accessKeyId).not.toBe(user);
    expect((await putObject(endpoint, creds, bucket, 'via-keyring.txt', 'signed with a keyring secret')).statusCode).toBe(200);
    expect((await getObject(endpoint, creds, bucket, 'via-keyring.txt')).body).toBe('signed with a keyring secret');
  });

  it('exec --keyring -- aws s3 ls works with no secret in any flag, variable or file', async () => {
    const { endpoint, password } = minio();
    const home = makeTempDir();
    const env = {
      ...secrets().env,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_PAGER: '',
    };
    const run = await runCli(['exec', '--keyring', 'minio', '--endpoint', endpoint, '--', 'aws', '--endpoint-url', endpoint, 's3', 'ls'], { env, home });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(bucket);
    expect(run.stdout + run.stderr).not.toContain(password);
  });

  it('a wrong secret key stored in the keyring is refused by MinIO (so the stored one was used above)', async () => {
    const { endpoint, user } = minio();
    expect(await kr(['keyring', 'add', 'wrong', '--access-key', user, '--secret-key-stdin'], 'not-the-secret-key')).toMatchObject({ code: 0 });
    const run = await kr(['assume-role', '--keyring', 'wrong', '--endpoint', endpoint]);
    expectCleanFailure(run, /AssumeRole failed: (?:SignatureDoesNotMatch|AccessDenied|InvalidClientTokenId)/, 1);
  });

  it('library: readKeyringCredentials signs fromAssumeRole; fromKeyring is the token of fromCustomToken', async () => {
    const { endpoint, user, roleArn, goodToken } = minio();
    const keyring = { env: cliEnv(makeTempDir(), secrets().env) };
    const credentials = await readKeyringCredentials('minio', keyring);
    expect(credentials.accessKeyId).toBe(user);
    const assumed = fromAssumeRole({ endpoint, credentials, durationSeconds: 900 });
    try {
      expect((await assumed()).sessionToken).toMatch(/^eyJ/);
    } finally {
      await assumed.close();
    }

    expect(await kr(['keyring', 'add', 'plugin', '--kind', 'token', '--secret-key-stdin'], goodToken)).toMatchObject({ code: 0 });
    const custom = fromCustomToken({ endpoint, roleArn, token: fromKeyring('plugin', 'token', keyring) });
    try {
      expect((await custom()).sessionToken).toMatch(/^eyJ/);
    } finally {
      await custom.close();
    }
    await expect(fromKeyring('absent', 'token', keyring)()).rejects.toMatchObject({ code: 'ERR_KEYRING', reason: 'not-found' });
  });

  it('keyring remove: the entry is gone and --keyring says so, exit 2', async () => {
    const { endpoint } = minio();
    for (const name of ['minio', 'wrong', 'plugin']) expect(await kr(['keyring', 'remove', name])).toMatchObject({ code: 0, stderr: '' });
    expect((await kr(['keyring', 'list'])).stdout).toBe('');
    expectCleanFailure(await kr(['assume-role', '--keyring', 'minio', '--endpoint', endpoint]), /no keyring entry 'minio'/, 2);
  });
});
