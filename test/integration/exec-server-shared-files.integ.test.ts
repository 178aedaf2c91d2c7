/**
 * `exec --server` wins in every SDK, against the real MinIO: the user's ~/.aws/credentials has a
 * `[default]` profile with other keys that MinIO accepts too (its root keys), which the AWS SDK v3,
 * the AWS CLI and minio-go's usual chain would take ahead of the container endpoint. The command gets
 * the served temporary keys all the same, while the config file's other settings (`max_attempts`)
 * still reach it, and the files it was given are gone once it ends. And `exec --alias` keeps every
 * `MC_HOST_*` that carries keys from the command.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMc } from '../../scripts/minio.mjs';
import { assertLoopback, findAwsCli, requireProgram } from '../consumers/harness.js';
import { REPO, runCli } from '../helpers/cli.js';
import { goProgram, useMinio, type MinioEnv } from '../helpers/minio-context.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const minio = useMinio();
const makeTempDir = useTempDirs('exec-shared-files');
const bucket = `shared-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  if (!minio.available) return;
  const env = minio();
  assertLoopback(env.endpoint);
  const mc = [env.mcPath, env.endpoint, env.rootUser, env.rootPassword] as const;
  await runMc(...mc, ['mb', `local/${bucket}`]);
  await runMc(...mc, ['pipe', `local/${bucket}/seed.txt`], { input: 'seeded' });
});

/** A home whose ~/.aws holds a [default] profile with MinIO's root keys, and a setting that must still reach the command. */
function homeWithDefaultKeys(env: MinioEnv): string {
  const home = makeTempDir();
  mkdirSync(join(home, '.aws'), { mode: 0o700 });
  writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_access_key_id = ${env.rootUser}\naws_secret_access_key = ${env.rootPassword}\n`, { mode: 0o600 });
  writeFileSync(join(home, '.aws', 'config'), `[default]\nregion = us-east-1\nmax_attempts = 7\naws_access_key_id = ${env.rootUser}\naws_secret_access_key = ${env.rootPassword}\n`, { mode: 0o600 });
  mkdirSync(join(home, '.mc'), { mode: 0o700 });
  writeFileSync(join(home, '.mc', 'config.json'), JSON.stringify({ version: '10', aliases: { s3: { url: env.endpoint, accessKey: env.rootUser, secretKey: env.rootPassword, api: 's3v4', path: 'auto' } } }), { mode: 0o600 });
  return home;
}

async function serverExec(env: MinioEnv, command: readonly string[], vars: Record<string, string> = {}) {
  assertLoopback(env.endpoint);
  const home = homeWithDefaultKeys(env);
  return runCli(['exec', '--server', '-u', env.user, '--password-env', 'PW', '--endpoint', env.endpoint, '--', ...command], {
    cwd: home,
    home,
    timeoutMs: 120_000,
    env: { PW: env.password, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', ...vars },
  });
}

const SDK_SCRIPT = `
const { createRequire } = require('node:module');
const { S3Client, ListObjectsV2Command } = createRequire(process.env.REPO_PACKAGE)('@aws-sdk/client-s3');
for (const name of ['AWS_ENDPOINT_URL', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) {
  if (!/^http:\\/\\/127\\./.test(process.env[name] ?? '')) { console.error('not loopback: ' + name); process.exit(3); }
}
(async () => {
  const s3 = new S3Client({ forcePathStyle: true });
  const answer = await s3.send(new ListObjectsV2Command({ Bucket: process.argv[1] }));
  const creds = await s3.config.credentials();
  console.log(JSON.stringify({ id: creds.accessKeyId, keys: (answer.Contents ?? []).map((o) => o.Key), maxAttempts: await s3.config.maxAttempts(), files: [process.env.AWS_CONFIG_FILE, process.env.AWS_SHARED_CREDENTIALS_FILE] }));
})().catch((e) => { console.error(e.name + ': ' + e.message); process.exit(1); });`;

describe('exec --server wins over a [default] profile with keys', () => {
  it('the AWS SDK v3 default chain uses the served keys; max_attempts from the config still applies; the files are removed at the end', async () => {
    const env = minio();
    const run = await serverExec(env, [process.execPath, '-e', SDK_SCRIPT, bucket], { REPO_PACKAGE: join(REPO, 'package.json') });
    expect(run.code, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout) as { id: string; keys: string[]; maxAttempts: number; files: string[] };
    expect(seen.keys).toContain('seed.txt');
    expect(seen.id).not.toBe(env.rootUser);
    expect(seen.id).not.toBe(env.user);
    expect(seen.maxAttempts).toBe(7);
    for (const file of seen.files) expect(existsSync(file)).toBe(false);
  });

  it('the AWS CLI takes the container role, not the shared files, and still reads the config', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', findAwsCli());
    const script = `case "$AWS_ENDPOINT_URL" in http://127.*) ;; *) exit 3;; esac; "$0" --endpoint-url "$AWS_ENDPOINT_URL" s3 ls "s3://$1/" && "$0" configure list && "$0" configure get max_attempts`;
    const run = await serverExec(minio(), ['sh', '-c', script, aws, bucket]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('seed.txt');
    expect(run.stdout).toMatch(/access_key\s+\*+\w{4}\s+container-role/);
    expect(run.stdout).not.toContain(minio().rootUser.slice(-4) + ' ' + 'shared-credentials-file');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('7');
  });

  it("minio-go's usual chain (env, AWS file, mc file, IAM) uses the served keys", async (ctx) => {
    // minio-go's usual chain (test/integration/go-iam/chain), built by the tools step before any test starts.
    const chainList = goProgram(ctx, 'go-iam-chain');
    const env = minio();
    const run = await serverExec(env, [chainList, bucket], { MINIO_ROOT_USER: env.rootUser, MINIO_ROOT_PASSWORD: env.rootPassword });
    expect(run.code, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout) as { id: string; keys: string[] };
    expect(seen.keys).toContain('seed.txt');
    expect(seen.id).not.toBe(env.rootUser);
    expect(seen.id).not.toBe(env.user);
  });
});

describe('exec --alias keeps MC_HOST_* keys from the command', () => {
  it('every MC_HOST_* carrying a secret is removed; one without keys stays', async () => {
    const env = minio();
    assertLoopback(env.endpoint);
    const url = new URL(env.endpoint);
    const home = makeTempDir();
    const run = await runCli(['exec', '--alias', 'local', '--', 'env'], {
      home,
      env: {
        MC_HOST_local: `http://${encodeURIComponent(env.user)}:${encodeURIComponent(env.password)}@${url.host}`,
        MC_HOST_other: 'https://OTHERKEY:othersecret@minio.invalid',
        MC_HOST_public: 'https://play.invalid',
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('MC_HOST_local');
    expect(run.stdout).not.toContain('MC_HOST_other');
    expect(run.stdout).not.toContain(env.password);
    expect(run.stdout).not.toContain('othersecret');
    expect(run.stdout).toContain('MC_HOST_public=https://play.invalid');
    expect(run.stdout).toMatch(/^AWS_SESSION_TOKEN=/m);
  });
});
