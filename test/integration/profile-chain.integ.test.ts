/**
 * `source_profile` chains against the real MinIO: a profile whose keys come from its source profile signs
 * AssumeRole with the root's long-term keys; a longer chain takes each role in turn, which MinIO refuses
 * (it does not accept AssumeRole signed with temporary credentials); a cycle, a missing source and
 * `credential_source` are usage errors naming the profiles.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useMinio, type MinioEnv } from '../helpers/minio-context.js';
import { s3Request } from '../helpers/s3.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const minio = useMinio();
const makeTempDir = useTempDirs('profile-chain');

/** Writes the two AWS files into a fresh home and returns the environment that names them. */
async function awsFiles(config: string, credentials: string): Promise<{ home: string; env: Record<string, string> }> {
  const home = makeTempDir();
  await writeFile(join(home, 'config'), config, { mode: 0o600 });
  await writeFile(join(home, 'credentials'), credentials, { mode: 0o600 });
  return { home, env: { AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') } };
}

const filesFor = (env: MinioEnv) =>
  awsFiles(
    [
      '[profile base]',
      `endpoint_url = ${env.endpoint}`,
      '[profile app]',
      'source_profile = base',
      'role_arn = arn:minio:iam:::role/app',
      'duration_seconds = 900',
      '[profile plain]',
      'source_profile = base',
      '[profile top]',
      'source_profile = app',
      'role_arn = arn:minio:iam:::role/top',
      '[profile loop-a]',
      'source_profile = loop-b',
      '[profile loop-b]',
      'source_profile = loop-a',
      '[profile lost]',
      'source_profile = nowhere',
      '[profile instance]',
      'role_arn = arn:minio:iam:::role/x',
      'credential_source = Ec2InstanceMetadata',
      '',
    ].join('\n'),
    ['[base]', `aws_access_key_id = ${env.user}`, `aws_secret_access_key = ${env.password}`, ''].join('\n'),
  );

describe('source_profile chains against MinIO', () => {
  it.each(['app', 'plain'])('--profile %s signs AssumeRole with the root profile\'s keys, and the credentials work', async (profile) => {
    const env = minio();
    const { home, env: vars } = await filesFor(env);
    const run = await runCli(['assume-role', '--profile', profile, '-o', 'json'], { home, env: vars });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const creds = JSON.parse(run.stdout) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    expect(creds.AccessKeyId).not.toBe(env.user);
    const list = await s3Request({
      endpoint: env.endpoint,
      credentials: { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken },
      method: 'GET',
      bucket: 'no-such-bucket-for-chain-test',
    });
    // Signed and accepted: the bucket is missing, not the credentials.
    expect(list.errorCode).toBe('NoSuchBucket');
  });

  it('a longer chain takes each role in turn: MinIO refuses AssumeRole signed with temporary credentials', async () => {
    const env = minio();
    const { home, env: vars } = await filesFor(env);
    const run = await runCli(['assume-role', '--profile', 'top', '-o', 'json'], { home, env: vars });
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^sts-creds: AssumeRole failed: .*AccessDenied/);
  });

  it.each([
    ['loop-a', /^sts-creds: AWS profiles "loop-a" -> "loop-b" -> "loop-a" form a cycle through source_profile/],
    ['lost', /^sts-creds: source_profile "nowhere" of AWS profile "lost" is not in /],
    ['instance', /^sts-creds: credential_source in AWS profile "instance" of .* is not supported by sts-creds/],
  ])('--profile %s is a usage error naming the profiles', async (profile, pattern) => {
    const { home, env: vars } = await filesFor(minio());
    const run = await runCli(['assume-role', '--profile', profile], { home, env: vars });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(pattern);
  });
});
