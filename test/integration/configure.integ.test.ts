/**
 * Configure once, against the real MinIO: an AWS profile written by the real `aws configure set`,
 * an mc alias written by the real `mc alias set`, AWS_* variables, and the lifetimes MinIO grants
 * (the client's LIMITS must match what the server accepts).
 */
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DURATION_LIMITS } from '../../src/sts/registry.js';
import { cliEnv, runMain, runProgram, type CliResult } from '../helpers/cli.js';
import { useMinio } from '../helpers/minio-context.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeDir = useTempDirs('configure-minio');

/** Seconds from now until the credentials printed as JSON expire. */
function lifetime(run: CliResult): number {
  expect(run.code, run.stderr).toBe(0);
  return Math.round((new Date((JSON.parse(run.stdout) as { Expiration: string }).Expiration).getTime() - Date.now()) / 1000);
}

describe('configure once, against the real MinIO', () => {
  const minio = useMinio();

  it('assume-role --profile minio works with no other flag, from files written by aws configure set', async () => {
    const { endpoint, user, password } = minio();
    const home = makeDir();
    const env = cliEnv(home, { AWS_CONFIG_FILE: join(home, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials') });
    for (const [key, value] of [['aws_access_key_id', user], ['aws_secret_access_key', password], ['endpoint_url', endpoint], ['region', 'us-east-1']]) {
      const set = await runProgram('aws', ['configure', 'set', key!, value!, '--profile', 'minio'], { env });
      expect(set.code, set.stderr).toBe(0);
    }
    const run = await runMain(['assume-role', '--profile', 'minio', '-o', 'json'], { home, env: { AWS_CONFIG_FILE: env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE } });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ Action: 'AssumeRole', AccessKeyId: expect.stringMatching(/^[0-9A-Z]{20}$/) });
    // The AWS tools still read the files (sts-creds never writes them).
    const get = await runProgram('aws', ['configure', 'get', 'endpoint_url', '--profile', 'minio'], { env });
    expect(get.stdout.trim()).toBe(endpoint);
  });

  it('assume-role --alias myminio works with no other flag, from the config written by mc alias set', async () => {
    const { endpoint, user, password, mcPath } = minio();
    const home = makeDir();
    const mcDir = join(home, 'mc');
    const set = await runProgram(mcPath, ['alias', 'set', 'myminio', endpoint, user, password], { env: cliEnv(home, { MC_CONFIG_DIR: mcDir }) });
    expect(set.code, set.stderr).toBe(0);
    const run = await runMain(['assume-role', '--alias', 'myminio', '-o', 'json'], { home, env: { MC_CONFIG_DIR: mcDir } });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ Action: 'AssumeRole' });
  });

  it('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY sign when no -u is given; a wrong secret says so', async () => {
    const { endpoint, user, password } = minio();
    const ok = await runMain(['assume-role', '--endpoint-url', endpoint, '-o', 'json'], { env: { AWS_ACCESS_KEY_ID: user, AWS_SECRET_ACCESS_KEY: password } });
    expect(ok.code, ok.stderr).toBe(0);
    const bad = await runMain(['assume-role', '--endpoint-url', endpoint], { env: { AWS_ACCESS_KEY_ID: user, AWS_SECRET_ACCESS_KEY: 'wrong-secret-key' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/the secret key is probably wrong/);
  });

  it('the samples\' Go-style flags: -sts-ep=URL -u=USER, and -d -b only displays', async () => {
    const { endpoint, user, password } = minio();
    const run = await runMain(['assume-role', `-sts-ep=${endpoint}`, `-u=${user}`, '--password-env', 'PW', '-d', '-b', 'no-such-bucket'], { env: { PW: password } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Only displaying credentials:');
    expect(run.stdout).not.toContain('Calling list objects');
  });

  it('custom-token lifetimes follow MinIO: under 900 s honoured, 30d clamped to the plugin maximum', async () => {
    const { endpoint, goodToken, roleArn, pluginMaxValiditySeconds } = minio();
    const args = (duration: string): string[] => ['custom-token', '--endpoint', endpoint, '--token-env', 'TOK', '-r', roleArn, '-e', duration, '-o', 'json'];
    const short = lifetime(await runMain(args('600'), { env: { TOK: goodToken } }));
    expect(Math.abs(short - 600)).toBeLessThanOrEqual(5);
    const long = lifetime(await runMain(args('30d'), { env: { TOK: goodToken } }));
    expect(Math.abs(long - pluginMaxValiditySeconds)).toBeLessThanOrEqual(5);
  });

  it("AssumeRole's LIMITS are what MinIO accepts (checked with the AWS SDK, which does not check ranges)", async () => {
    const { endpoint, user, password } = minio();
    const sts = new STSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: user, secretAccessKey: password } });
    const { min, max } = DURATION_LIMITS.AssumeRole;
    const accepted = async (seconds: number): Promise<boolean> =>
      sts.send(new AssumeRoleCommand({ RoleArn: 'arn:x', RoleSessionName: 's', DurationSeconds: seconds })).then(
        () => true,
        (error: { name?: string }) => {
          expect(error.name).toBe('InvalidParameterValue');
          return false;
        },
      );
    expect([await accepted(min - 1), await accepted(min), await accepted(max), await accepted(max + 1)]).toEqual([false, true, true, false]);
    sts.destroy();
  });
});
