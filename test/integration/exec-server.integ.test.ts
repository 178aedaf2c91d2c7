/**
 * The hand-over to real consumers against the real MinIO: `exec` gives the AWS SDK v3 (with no
 * endpoint, region or credentials of its own) and the AWS CLI everything they need; `exec --server`
 * keeps the AWS SDK v3's default chain, the AWS CLI and minio-go's `credentials.NewIAM("")` working
 * across a refresh of the served credentials.
 *
 * MinIO grants no less than 900 s, so the refresh is made quick with `-e 900 --refresh-before 895s`:
 * the server renews 5 s after each fetch, and serves that moment as the expiration, which is when the
 * consumers come back. Every consumer first checks that the endpoints it was handed are loopback.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMc } from '../../scripts/minio.mjs';
import { REPO, runCli } from '../helpers/cli.js';
import { goProgram, useMinio, type MinioEnv } from '../helpers/minio-context.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { assertLoopback, findAwsCli, requireProgram } from '../consumers/harness.js';

const minio = useMinio();
const makeTempDir = useTempDirs('exec-server');
const bucket = `handoff-${randomBytes(4).toString('hex')}`;
const PAUSE_SECONDS = 7;
const REFRESH = ['-e', '900', '--refresh-before', '895s'];

/** The same check, in the consumer's own shell, for every endpoint it was handed. */
const SH_LOOPBACK_CHECK = `for u in "$AWS_ENDPOINT_URL" "\${AWS_CONTAINER_CREDENTIALS_FULL_URI:-http://127.0.0.1/}"; do case "$u" in http://127.*) ;; *) echo "not loopback: $u" >&2; exit 3;; esac; done`;

beforeAll(async () => {
  if (!minio.available) return;
  const env = minio();
  assertLoopback(env.endpoint);
  const mc = [env.mcPath, env.endpoint, env.rootUser, env.rootPassword] as const;
  await runMc(...mc, ['mb', `local/${bucket}`]);
  await runMc(...mc, ['pipe', `local/${bucket}/seed.txt`], { input: 'seeded' });
});

/** `sts-creds exec` as the readwrite user, with `extra` flags, in a clean directory with no AWS configuration. */
async function execAs(env: MinioEnv, extra: readonly string[], command: readonly string[], vars: Record<string, string> = {}) {
  assertLoopback(env.endpoint);
  const dir = makeTempDir();
  await writeFile(join(dir, 'config'), '');
  await writeFile(join(dir, 'credentials'), '');
  return runCli(['exec', '-u', env.user, '--password-env', 'PW', '--endpoint', env.endpoint, ...extra, '--', ...command], {
    cwd: dir,
    home: dir,
    timeoutMs: 120_000,
    env: {
      PW: env.password,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      ...vars,
    },
  });
}

/** A node script using the AWS SDK v3's default chain, with no endpoint, region or credentials of its own. */
const SDK_SCRIPT = `
const { createRequire } = require('node:module');
const { S3Client, ListObjectsV2Command } = createRequire(process.env.REPO_PACKAGE)('@aws-sdk/client-s3');
for (const name of ['AWS_ENDPOINT_URL', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) {
  const value = process.env[name];
  if (value !== undefined && !/^http:\\/\\/127\\./.test(value)) { console.error('not loopback: ' + name); process.exit(3); }
}
const s3 = new S3Client({ forcePathStyle: true });
const list = async () => {
  const answer = await s3.send(new ListObjectsV2Command({ Bucket: process.argv[1] }));
  const creds = await s3.config.credentials();
  return { id: creds.accessKeyId, keys: (answer.Contents ?? []).map((o) => o.Key) };
};
(async () => {
  console.log(JSON.stringify(await list()));
  if (process.argv[2] !== '0') {
    await new Promise((r) => setTimeout(r, Number(process.argv[2]) * 1000));
    console.log(JSON.stringify(await list()));
  }
})().catch((e) => { console.error(e.name + ': ' + e.message); process.exit(1); });`;

/**
 * AWS CLI 2.9 (Debian 12's) ignores `AWS_ENDPOINT_URL` (it came in 2.13), so the endpoint exec handed
 * over is also passed as `--endpoint-url`, from the environment exec gave the command.
 */
const AWS_ENDPOINT = '--endpoint-url "$AWS_ENDPOINT_URL"';

const sdkCommand = (pause: number): string[] => [process.execPath, '-e', SDK_SCRIPT, bucket, String(pause)];
const sdkVars = { REPO_PACKAGE: join(REPO, 'package.json') };

/** One JSON line per listing: `{ id, keys }`. */
function listings(stdout: string): Array<{ id: string; keys: string[] }> {
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; keys: string[] });
}

describe('exec hands the destination to consumers that have none of their own', () => {
  it('the AWS SDK v3 lists the bucket with only what exec gave it', async () => {
    const run = await execAs(minio(), [], sdkCommand(0), sdkVars);
    expect(run.code, run.stderr).toBe(0);
    expect(listings(run.stdout)[0]!.keys).toContain('seed.txt');
  });

  it('the AWS CLI lists the bucket (aws s3 ls s3://bucket/)', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', findAwsCli());
    const run = await execAs(minio(), [], ['sh', '-c', `${SH_LOOPBACK_CHECK}; "$0" ${AWS_ENDPOINT} s3 ls "s3://$1/"`, aws, bucket]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('seed.txt');
  });
});

describe('exec --server keeps consumers working across a refresh', () => {
  it('the AWS SDK v3 default chain gets new credentials from the server and keeps listing', async () => {
    const run = await execAs(minio(), ['--server', ...REFRESH], sdkCommand(PAUSE_SECONDS), sdkVars);
    expect(run.code, run.stderr).toBe(0);
    const [before, after] = listings(run.stdout);
    expect(before!.keys).toContain('seed.txt');
    expect(after!.keys).toContain('seed.txt');
    expect(after!.id).not.toBe(before!.id);
  });

  it('the AWS CLI lists the bucket before and after a refresh', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', findAwsCli());
    // `aws configure list` shows the last four characters of the access key in use.
    const round = `"$0" ${AWS_ENDPOINT} s3 ls "s3://$1/" && "$0" configure list | grep access_key`;
    const script = `${SH_LOOPBACK_CHECK}; [ -z "$AWS_ACCESS_KEY_ID" ] || exit 4; ${round} && sleep ${PAUSE_SECONDS} && ${round}`;
    const run = await execAs(minio(), ['--server', ...REFRESH], ['sh', '-c', script, aws, bucket]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.match(/seed\.txt/g)).toHaveLength(2);
    const keys = [...run.stdout.matchAll(/access_key\s+\*+(\w{4})\s+container-role/g)].map((m) => m[1]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it("minio-go's credentials.NewIAM lists the bucket before and after a refresh", async (ctx) => {
    // Built by global setup (scripts/tools.mjs GO_PROGRAMS) before any test started.
    const binary = goProgram(ctx, 'go-iam');
    const run = await execAs(minio(), ['--server', ...REFRESH], [binary, bucket, String(PAUSE_SECONDS)]);
    expect(run.code, run.stderr).toBe(0);
    const [before, after] = listings(run.stdout);
    expect(before!.keys).toContain('seed.txt');
    expect(after!.keys).toContain('seed.txt');
    expect(after!.id).not.toBe(before!.id);
  });
});
