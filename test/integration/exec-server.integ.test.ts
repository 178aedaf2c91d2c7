/**
 * The hand-over to real consumers against the real MinIO: `exec` gives the AWS SDK v3 (with no
 * endpoint, region or credentials of its own) and the AWS CLI everything they need; `exec --server`
 * keeps the AWS SDK v3's default chain, the AWS CLI and minio-go's `credentials.NewIAM("")` working
 * across a refresh of the served credentials.
 *
 * Nothing sleeps. `exec --server` runs in this process (runMain) on a clock the test moves; the
 * consumer lists the bucket, POSTs to a loopback control endpoint, and waits for its answer, which
 * comes once the test has moved sts-creds' clock past the renewal point; then it lists again, in the
 * same process, and must have new keys. With `-e 900 --refresh-before 600s` the server renews 300 s
 * (on its clock) after a fetch and serves that moment as the Expiration. The clock starts behind the
 * consumers' real one, so the served Expiration is already inside each consumer's own refresh window
 * and it asks the server again at its next call:
 * - the AWS SDK v3 and minio-go: 600 s behind, the Expiration 300 s past. Within 5 min of an
 *   Expiration the SDK's default chain renews in the background and signs with the keys in hand; once
 *   it has passed, the SDK waits for new keys. minio-go keeps keys for 80 % of the time left.
 * - the AWS CLI: 200 s behind, the Expiration 100 s ahead: each `aws` process asks once, and botocore
 *   refuses an Expiration already past.
 * The move (+350 s) puts the clock past the renewal point, and not so far ahead that the new keys
 * would look due at once; unmoved, the first keys stay current for 300 s of real time, so a second
 * listing with the same access key means the refresh did not happen, and the test fails.
 * Every consumer first checks that the endpoints it was handed are loopback.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMc } from '../../scripts/minio.mjs';
import { REPO, runCli, runMain } from '../helpers/cli.js';
import { goProgram, useMinio, type MinioEnv } from '../helpers/minio-context.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { assertLoopback, findAwsCli, requireProgram } from '../consumers/harness.js';

const minio = useMinio();
const makeTempDir = useTempDirs('exec-server');
const bucket = `handoff-${randomBytes(4).toString('hex')}`;
const REFRESH = ['-e', '900', '--refresh-before', '600s'];
/** How far sts-creds' clock starts behind the real one: the first served Expiration 100 s ahead, or 300 s past. */
const BEHIND_MS = { future: 200_000, passed: 600_000 } as const;
/** How far the test moves sts-creds' clock when the consumer says its first listing is done. */
const MOVE_MS = 350_000;

/** The same check, in the consumer's own shell, for every endpoint it was handed. */
const SH_LOOPBACK_CHECK = `for u in "$AWS_ENDPOINT_URL" "\${AWS_CONTAINER_CREDENTIALS_FULL_URI:-http://127.0.0.1/}" "\${REPORT_URL:-http://127.0.0.1/}"; do case "$u" in http://127.*) ;; *) echo "not loopback: $u" >&2; exit 3;; esac; done`;

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

/**
 * Node code that POSTs to `REPORT_URL` (the test's control endpoint) and resolves once it answers 200,
 * which it does after moving sts-creds' clock. node:http: nothing to install.
 */
const SIGNAL_FN = `
const signal = () => new Promise((resolve, reject) => {
  require('node:http').request(process.env.REPORT_URL, { method: 'POST', agent: false }, (res) => {
    res.resume();
    res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error('control endpoint answered ' + res.statusCode))));
  }).on('error', reject).end();
});`;

/** The same, as a command of its own for a shell: `"$NODE" -e "$SIGNAL"`. */
const SIGNAL_SCRIPT = `${SIGNAL_FN}
signal().catch((e) => { console.error('control endpoint: ' + e.message); process.exit(1); });`;

/**
 * A node script using the AWS SDK v3's default chain, with no endpoint, region or credentials of its own.
 * It lists once; with `REPORT_URL`, it then signals and, once answered, lists again in the same process.
 */
const SDK_SCRIPT = `
const { createRequire } = require('node:module');
const { S3Client, ListObjectsV2Command } = createRequire(process.env.REPO_PACKAGE)('@aws-sdk/client-s3');
for (const name of ['AWS_ENDPOINT_URL', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'REPORT_URL']) {
  const value = process.env[name];
  if (value !== undefined && !/^http:\\/\\/127\\./.test(value)) { console.error('not loopback: ' + name); process.exit(3); }
}
${SIGNAL_FN}
const s3 = new S3Client({ forcePathStyle: true });
const list = async () => {
  const answer = await s3.send(new ListObjectsV2Command({ Bucket: process.argv[1] }));
  const creds = await s3.config.credentials();
  return { id: creds.accessKeyId, expiration: creds.expiration, keys: (answer.Contents ?? []).map((o) => o.Key) };
};
(async () => {
  console.log(JSON.stringify(await list()));
  if (process.env.REPORT_URL !== undefined) {
    await signal();
    console.log(JSON.stringify(await list()));
  }
})().catch((e) => { console.error(e.name + ': ' + e.message); process.exit(1); });`;

/**
 * AWS CLI 2.9 (Debian 12's) ignores `AWS_ENDPOINT_URL` (it came in 2.13), so the endpoint exec handed
 * over is also passed as `--endpoint-url`, from the environment exec gave the command.
 */
const AWS_ENDPOINT = '--endpoint-url "$AWS_ENDPOINT_URL"';

const sdkCommand: readonly string[] = [process.execPath, '-e', SDK_SCRIPT, bucket];
const sdkVars = { REPO_PACKAGE: join(REPO, 'package.json') };

/** One JSON line per listing: `{ id, keys }`. */
function listings(stdout: string): Array<{ id: string; keys: string[] }> {
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; keys: string[] });
}

describe('exec hands the destination to consumers that have none of their own', () => {
  it('the AWS SDK v3 lists the bucket with only what exec gave it', async () => {
    const run = await execAs(minio(), [], sdkCommand, sdkVars);
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

/**
 * `exec --server` as the readwrite user, in this process on a clock that starts `behindMs` behind the
 * real one, running `command` with its output in files; a loopback control endpoint (`REPORT_URL`) moves
 * the clock by {@link MOVE_MS} when the consumer POSTs to it, then answers. `stderr` holds sts-creds'
 * and the consumer's; `signals` counts the POSTs.
 */
async function serveAcrossRefresh(env: MinioEnv, behindMs: number, command: readonly string[], vars: Record<string, string> = {}) {
  assertLoopback(env.endpoint);
  const dir = makeTempDir();
  await writeFile(join(dir, 'config'), '');
  await writeFile(join(dir, 'credentials'), '');
  let offsetMs = -behindMs;
  let signals = 0;
  const control = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      signals += 1;
      offsetMs += MOVE_MS;
      res.end('moved\n');
    });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const output = { CONSUMER_OUT: join(dir, 'consumer.out'), CONSUMER_ERR: join(dir, 'consumer.err') };
  try {
    const reportUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}/`;
    assertLoopback(reportUrl);
    // In process, exec's command shares the test worker's stdout: the consumer writes to files instead.
    const consumer = ['sh', '-c', 'exec "$@" >"$CONSUMER_OUT" 2>"$CONSUMER_ERR"', 'consumer', ...command];
    const run = await runMain(['exec', '-u', env.user, '--password-env', 'PW', '--endpoint', env.endpoint, '--server', ...REFRESH, '--', ...consumer], {
      home: dir,
      timeoutMs: 120_000,
      now: () => new Date(Date.now() + offsetMs),
      env: {
        PW: env.password,
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
        REPORT_URL: reportUrl,
        ...output,
        ...vars,
      },
    });
    const consumerErr = await readFile(output.CONSUMER_ERR, 'utf8').catch(() => '');
    const stdout = await readFile(output.CONSUMER_OUT, 'utf8').catch(() => '');
    return { code: run.code, stdout, stderr: `${run.stderr}${consumerErr}`, signals };
  } finally {
    control.close();
  }
}

describe('exec --server keeps consumers working across a refresh', () => {
  it('the AWS SDK v3 default chain gets new credentials from the server and keeps listing', async () => {
    const run = await serveAcrossRefresh(minio(), BEHIND_MS.passed, sdkCommand, sdkVars);
    expect(run.code, run.stderr).toBe(0);
    expect(run.signals).toBe(1);
    const [before, after] = listings(run.stdout);
    expect(before!.keys).toContain('seed.txt');
    expect(after!.keys).toContain('seed.txt');
    expect(after!.id, run.stdout).not.toBe(before!.id);
  });

  it('the AWS CLI lists the bucket before and after a refresh', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', findAwsCli());
    // `aws configure list` shows the last four characters of the access key in use.
    const round = `"$0" ${AWS_ENDPOINT} s3 ls "s3://$1/" && "$0" configure list | grep access_key`;
    const script = `${SH_LOOPBACK_CHECK}; [ -z "$AWS_ACCESS_KEY_ID" ] || exit 4; ${round} && "$NODE" -e "$SIGNAL" && ${round}`;
    const run = await serveAcrossRefresh(minio(), BEHIND_MS.future, ['sh', '-c', script, aws, bucket], { NODE: process.execPath, SIGNAL: SIGNAL_SCRIPT });
    expect(run.code, run.stderr).toBe(0);
    expect(run.signals).toBe(1);
    expect(run.stdout.match(/seed\.txt/g)).toHaveLength(2);
    const keys = [...run.stdout.matchAll(/access_key\s+\*+(\w{4})\s+container-role/g)].map((m) => m[1]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it("minio-go's credentials.NewIAM lists the bucket before and after a refresh", async (ctx) => {
    // Built by global setup (scripts/tools.mjs GO_PROGRAMS) before any test started.
    const binary = goProgram(ctx, 'go-iam');
    const run = await serveAcrossRefresh(minio(), BEHIND_MS.passed, [binary, bucket]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.signals).toBe(1);
    const [before, after] = listings(run.stdout);
    expect(before!.keys).toContain('seed.txt');
    expect(after!.keys).toContain('seed.txt');
    expect(after!.id, run.stdout).not.toBe(before!.id);
  });
});
