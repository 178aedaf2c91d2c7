/**
 * The MinIO Operator's layout, end to end on real parts: MinIO serving its S3 API over TLS on its own port,
 * and nginx (a real reverse proxy) serving MinIO's STS over TLS under `/sts/<namespace>` on another port, as
 * the operator's STS service does. Web identity tokens come from a local OpenID issuer MinIO trusts.
 *
 * Proven here: the hand-offs point at the S3 port and never at the STS path (the AWS CLI, the AWS SDK v3 and
 * mc list a bucket with what they were handed); with no S3 endpoint known `env` exports none and says so,
 * `--mc-alias` is a usage error; mc's own `MC_STS_ENDPOINT_<alias>` variables; a token file rewritten, then
 * removed, under `exec --server` (the refresh is driven by an injected clock, the consumer by events);
 * doctor on both endpoints. Every consumer is checked to be handed loopback endpoints before it runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../../scripts/loopback.mjs';
import { startMinio, type RunningMinio } from '../../scripts/minio.mjs';
import { assertLoopback, findAwsCli, missingOutsideCi, requireProgram } from '../consumers/harness.js';
import { REPO, runCli, runMain } from '../helpers/cli.js';
import { showMinioLogOnFailure, useMinio } from '../helpers/minio-context.js';
import { startOidcIssuer, type RunningIssuer } from '../helpers/oidc-issuer.js';
import { s3Request } from '../helpers/s3.js';
import { findNginx, startStsProxy, type RunningStsProxy } from '../helpers/sts-proxy.js';
import { createTestPki, type TestPki } from '../helpers/test-pki.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const harness = useMinio();
const makeTempDir = useTempDirs('operator');
const CLIENT_ID = 'operator-layout-test';
const NAMESPACE = 'tenant-ns';
const bucket = `tenant-${randomBytes(4).toString('hex')}`;
/** Outside CI, a machine without nginx skips these tests (scripts/install-system-deps.sh installs it); under CI it fails. */
const noNginx = missingOutsideCi(findNginx() !== undefined, 'nginx');

let pki: TestPki | undefined;
let issuer: RunningIssuer | undefined;
let minio: RunningMinio | undefined;
let proxy: RunningStsProxy | undefined;

function parts(): { pki: TestPki; issuer: RunningIssuer; minio: RunningMinio; proxy: RunningStsProxy } {
  if (!pki || !issuer || !minio || !proxy) throw new Error('the operator layout did not start');
  return { pki, issuer, minio, proxy };
}

/** A token MinIO accepts, mapping to `policy`. */
function token(policy: string, sub = 'pod-sa'): string {
  return parts().issuer.token({ sub, aud: CLIENT_ID, exp: Math.floor(Date.now() / 1000) + 3600, policy });
}

/** What a pod in the operator's layout gets, plus the test CA, in a fresh directory. */
async function podEnv(extra: Record<string, string> = {}): Promise<{ dir: string; tokenFile: string; env: Record<string, string> }> {
  const { pki: p, minio: m, proxy: x } = parts();
  assertLoopback(m.endpoint);
  assertLoopback(x.stsEndpoint);
  const dir = makeTempDir();
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, token('readwrite'));
  await writeFile(join(dir, 'config'), '');
  await writeFile(join(dir, 'credentials'), '');
  // mc trusts the CAs in its config directory's certs/CAs.
  await mkdir(join(dir, 'mc', 'certs', 'CAs'), { recursive: true });
  await writeFile(join(dir, 'mc', 'certs', 'CAs', 'ca.crt'), p.ca.cert);
  return {
    dir,
    tokenFile,
    env: {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      AWS_CA_BUNDLE: p.ca.certFile,
      NODE_EXTRA_CA_CERTS: p.ca.certFile,
      MC_CONFIG_DIR: join(dir, 'mc'),
      REPO_PACKAGE: join(REPO, 'package.json'),
      ...extra,
    },
  };
}

/** The consumer's own check, in its shell, that the S3 endpoint it was handed is loopback and has no STS path. */
const SH_CHECK = `case "$AWS_ENDPOINT_URL" in https://127.0.0.1:*/*) echo "path in AWS_ENDPOINT_URL: $AWS_ENDPOINT_URL" >&2; exit 3;; https://127.0.0.1:*) ;; *) echo "not loopback: $AWS_ENDPOINT_URL" >&2; exit 3;; esac`;

const SDK_SCRIPT = `
const { createRequire } = require('node:module');
const { S3Client, ListObjectsV2Command } = createRequire(process.env.REPO_PACKAGE)('@aws-sdk/client-s3');
if (!/^https:\\/\\/127\\.0\\.0\\.1:\\d+$/.test(process.env.AWS_ENDPOINT_URL ?? '')) { console.error('not a loopback S3 endpoint without a path'); process.exit(3); }
new S3Client({ forcePathStyle: true }).send(new ListObjectsV2Command({ Bucket: process.argv[1] }))
  .then((r) => console.log((r.Contents ?? []).map((o) => o.Key).join(',')))
  .catch((e) => { console.error(e.name + ': ' + e.message); process.exit(1); });
`;

beforeAll(async () => {
  if (!harness.available || noNginx) return;
  pki = await createTestPki();
  issuer = await startOidcIssuer();
  minio = await startMinio({
    tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert },
    env: {
      MINIO_IDENTITY_OPENID_CONFIG_URL: issuer.configUrl,
      MINIO_IDENTITY_OPENID_CLIENT_ID: CLIENT_ID,
      MINIO_IDENTITY_OPENID_CLIENT_SECRET: 'operator-layout-secret',
    },
  });
  proxy = await startStsProxy({
    upstream: minio.endpoint,
    namespace: NAMESPACE,
    certFile: pki.server.certFile,
    keyFile: pki.server.keyFile,
    upstreamCaFile: pki.ca.certFile,
  });
  const root = { accessKeyId: minio.rootUser, secretAccessKey: minio.rootPassword };
  expect((await s3Request({ endpoint: minio.endpoint, credentials: root, method: 'PUT', bucket, ca: pki.ca.cert })).statusCode).toBe(200);
  expect((await s3Request({ endpoint: minio.endpoint, credentials: root, method: 'PUT', bucket, key: 'seed.txt', body: 'seeded', ca: pki.ca.cert })).statusCode).toBe(200);
});

afterAll(async () => {
  await proxy?.stop();
  await minio?.stop();
  await issuer?.stop();
  await pki?.remove();
});

showMinioLogOnFailure('MinIO (operator layout)', () => minio);

describe.skipIf(noNginx)('the operator layout: STS behind nginx at /sts/<namespace>, S3 on its own port', () => {
  it('nginx serves STS only under /sts/<namespace>: web-identity there works, and the path is what the proxy saw', async () => {
    const { minio: m, proxy: x } = parts();
    const pod = await podEnv({ AWS_ENDPOINT_URL_STS: x.stsEndpoint, AWS_WEB_IDENTITY_TOKEN_FILE: '' });
    const run = await runCli(['web-identity', '--token-file', pod.tokenFile, '-o', 'json'], { env: pod.env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('AccessKeyId');
    expect(await readFile(x.accessLog, 'utf8')).toContain(`"POST /sts/${NAMESPACE} HTTP/1.1" 200`);
    // The STS path is no S3 endpoint: the proxy refuses anything else.
    const s3ViaProxy = await s3Request({ endpoint: x.stsEndpoint.replace(/\/sts\/.*$/, ''), credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, method: 'GET', bucket, ca: parts().pki.ca.cert });
    expect(s3ViaProxy.statusCode).toBe(404);
    expect(m.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('exec with the pod variables: the AWS CLI, the AWS SDK v3 and mc list the bucket at the S3 port', async (ctx) => {
    const { minio: m, proxy: x } = parts();
    const pod = await podEnv({ AWS_ENDPOINT_URL_STS: x.stsEndpoint, AWS_ENDPOINT_URL_S3: m.endpoint });
    const vars = { ...pod.env, AWS_WEB_IDENTITY_TOKEN_FILE: pod.tokenFile };
    const aws = requireProgram(ctx, 'aws', findAwsCli());
    // Debian's AWS CLI (2.9) predates AWS_ENDPOINT_URL (2.13): the endpoint exec handed over is passed on as --endpoint-url.
    {
      const run = await runCli(['exec', 'web-identity', '--', 'sh', '-c', `${SH_CHECK}; exec "$0" --endpoint-url "$AWS_ENDPOINT_URL" s3 ls "s3://${bucket}/"`, aws], { env: vars, cwd: pod.dir, timeoutMs: 120_000 });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('seed.txt');
    }
    const sdk = await runCli(['exec', 'web-identity', '--', process.execPath, '-e', SDK_SCRIPT, bucket], { env: vars, cwd: pod.dir, timeoutMs: 120_000 });
    // (The SDK may warn about the Node version on stderr.)
    expect(sdk.code).toBe(0);
    expect(sdk.stdout.trim()).toBe('seed.txt');
    const mc = await runCli(['exec', 'web-identity', '--mc-alias', 'tenant', '--', 'sh', '-c', `${SH_CHECK}; exec "$0" --json ls "tenant/${bucket}"`, harness().mcPath], {
      env: vars,
      cwd: pod.dir,
      timeoutMs: 120_000,
    });
    expect(mc.stderr).toBe('');
    expect(mc.code).toBe(0);
    expect(mc.stdout).toContain('"key":"seed.txt"');
  });

  it('no S3 endpoint known and an STS path: env exports none and says once how to give one; --mc-alias and -o mc are usage errors', async () => {
    const { proxy: x } = parts();
    const pod = await podEnv({ AWS_ENDPOINT_URL_STS: x.stsEndpoint });
    const vars = { ...pod.env, AWS_WEB_IDENTITY_TOKEN_FILE: pod.tokenFile };
    const env = await runCli(['env', 'web-identity'], { env: vars });
    expect(env.code).toBe(0);
    expect(env.stdout).toContain('AWS_SESSION_TOKEN=');
    expect(env.stdout).not.toContain('AWS_ENDPOINT_URL');
    expect(env.stdout).not.toContain('/sts/');
    expect(env.stderr.trim().split('\n')).toHaveLength(1);
    expect(env.stderr).toMatch(/has a path, so it is not the S3 endpoint: AWS_ENDPOINT_URL is not exported; give the S3 endpoint with --s3-endpoint, AWS_ENDPOINT_URL_S3/);
    for (const args of [['env', 'web-identity', '--mc-alias', 'x'], ['web-identity', '-o', 'mc']]) {
      const run = await runCli(args, { env: vars });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/needs the S3 endpoint, and the STS endpoint .* \(AWS_ENDPOINT_URL_STS\) has a path.*--s3-endpoint/);
    }
  });

  it("mc's MC_STS_ENDPOINT_<alias> and MC_WEB_IDENTITY_TOKEN_FILE_<alias>: --alias means web identity, the credentials go to the alias's URL", async () => {
    const { minio: m, proxy: x } = parts();
    const pod = await podEnv();
    const vars = { ...pod.env, MC_HOST_tenant: m.endpoint, MC_STS_ENDPOINT_tenant: x.stsEndpoint, MC_WEB_IDENTITY_TOKEN_FILE_tenant: pod.tokenFile };
    const env = await runCli(['env', '--alias', 'tenant'], { env: vars });
    expect(env.stderr).toBe('');
    expect(env.code).toBe(0);
    expect(env.stdout).toContain(`export AWS_ENDPOINT_URL='${m.endpoint}'`);
    const mcOut = await runCli(['web-identity', '--alias', 'tenant', '-o', 'mc', '--mc-name', 'tenant'], { env: vars });
    expect(mcOut.code).toBe(0);
    expect(mcOut.stdout).toMatch(new RegExp(`^export MC_HOST_tenant='https://[^']*@127\\.0\\.0\\.1:${m.port}';\\n$`));
    // mc itself, handed the alias by sts-creds: its own STS variables for the alias are taken out of its way.
    const mc = await runCli(['exec', '--alias', 'tenant', '--mc-alias', 'tenant', '--', harness().mcPath, '--json', 'ls', `tenant/${bucket}`], { env: vars, cwd: pod.dir, timeoutMs: 120_000 });
    expect(mc.stderr).toBe('');
    expect(mc.stdout).toContain('"key":"seed.txt"');
    expect(await readFile(x.accessLog, 'utf8')).toContain(`"POST /sts/${NAMESPACE} HTTP/1.1" 200`);
  });

  it('doctor checks both endpoints and says which is which', async () => {
    const { minio: m, proxy: x } = parts();
    const pod = await podEnv({ AWS_ENDPOINT_URL_STS: x.stsEndpoint, AWS_ENDPOINT_URL_S3: m.endpoint });
    const run = await runCli(['doctor'], { env: pod.env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`sts-creds doctor: ${x.stsEndpoint}\nSTS endpoint (AWS_ENDPOINT_URL_STS)\n`);
    expect(run.stdout).toMatch(/\[ ok \] STS +STS answers/);
    expect(run.stdout).toContain(`sts-creds doctor: ${m.endpoint}\nS3 endpoint (AWS_ENDPOINT_URL_S3), where the credentials are used\n`);
    expect(run.stdout).toMatch(/\[ ok \] S3 +S3 answers/);
    expect(run.code).toBe(0);
  });
});

describe.skipIf(noNginx)('exec --server with a projected token that rotates', () => {
  /** A control server the command talks to: each step POSTs what it saw and waits for the test's reply. */
  async function control(steps: Record<string, (body: Record<string, string>) => Promise<void>>) {
    const seen: Record<string, Record<string, string>> = {};
    const server = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const step = (req.url ?? '/').slice(1);
        const body = JSON.parse(text || '{}') as Record<string, string>;
        seen[step] = body;
        void (steps[step] ?? (() => Promise.resolve()))(body).then(
          () => res.end('ok'),
          (error: unknown) => res.writeHead(500).end(String(error)),
        );
      });
    });
    const listener = await listenOnLoopback(server);
    return { url: listener.url, seen, stop: listener.stop };
  }

  /** The command: gets credentials from the served endpoint, reports them to a step, three times. */
  const CHILD = `
const get = async () => (await fetch(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, { headers: { authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN } })).json();
const report = (step, body) => fetch(process.env.CONTROL + '/' + step, { method: 'POST', body: JSON.stringify(body) }).then((r) => { if (!r.ok) throw new Error(step); });
(async () => {
  await report('first', await get());
  await report('rotated', await get());
  await report('removed', await get());
})().catch((e) => { console.error(String(e)); process.exit(1); });
`;

  it('reads the token file again for each refresh; an unreadable one keeps the current credentials served', async () => {
    const { minio: m, proxy: x, pki: p } = parts();
    const pod = await podEnv({ AWS_ENDPOINT_URL_STS: x.stsEndpoint, AWS_ENDPOINT_URL_S3: m.endpoint });
    // The first token grants read only; the rotated one read and write: a PUT tells which token was sent.
    await writeFile(pod.tokenFile, token('readonly', 'sa-before'));
    let offsetMs = 0;
    const now = (): Date => new Date(Date.now() + offsetMs);
    /** Moves the injected clock just past the moment the served credentials are due for renewal. */
    const passRenewal = (served: Record<string, string>): void => {
      offsetMs = Date.parse(served.Expiration ?? '') - Date.now() + 1000;
    };
    const ctl = await control({
      first: async (served) => {
        await writeFile(pod.tokenFile, token('readwrite', 'sa-after'));
        passRenewal(served);
      },
      rotated: async (served) => {
        await rm(pod.tokenFile);
        passRenewal(served);
      },
    });
    try {
      const run = await runMain(['exec', 'web-identity', '--server', '--', process.execPath, '-e', CHILD], {
        env: { ...pod.env, AWS_WEB_IDENTITY_TOKEN_FILE: pod.tokenFile, CONTROL: ctl.url },
        now,
      });
      expect(run.code).toBe(0);
      const { first, rotated, removed } = ctl.seen;
      expect(first?.AccessKeyId).toBeDefined();
      expect(rotated?.AccessKeyId).not.toBe(first?.AccessKeyId);
      // The file was gone at the third renewal: the still-valid credentials were served, and the reason told once.
      expect(removed?.AccessKeyId).toBe(rotated?.AccessKeyId);
      expect(run.stderr).toMatch(/^sts-creds: exec --server: refresh failed \(cannot read token file .*\); serving the current credentials until /m);
      const put = (served: Record<string, string> | undefined, key: string) =>
        s3Request({
          endpoint: m.endpoint,
          credentials: { accessKeyId: served?.AccessKeyId ?? '', secretAccessKey: served?.SecretAccessKey ?? '', sessionToken: served?.Token },
          method: 'PUT',
          bucket,
          key,
          body: 'x',
          ca: p.ca.cert,
        });
      expect((await put(first, 'before.txt')).errorCode).toBe('AccessDenied');
      expect((await put(rotated, 'after.txt')).statusCode).toBe(200);
      const log = await readFile(x.accessLog, 'utf8');
      expect(log.match(new RegExp(`"POST /sts/${NAMESPACE} HTTP/1.1" 200`, 'g'))?.length).toBeGreaterThanOrEqual(2);
    } finally {
      await ctl.stop();
    }
  });
});

