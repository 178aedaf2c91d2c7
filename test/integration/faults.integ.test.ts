/**
 * Faults of a REAL MinIO, started by this file with scripts/minio.mjs: a server that stops (clean
 * transport failure) and comes back on the same port (the same client recovers, or rides it out with
 * retries); a server whose IAM is not initialised yet because its identity plugin answers late (the
 * start-up refusals are retried until IAM is ready); and a local clock an hour fast against the
 * harness's MinIO (corrected from the server's Date header).
 */
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, freePort, startMinio, type RunningMinio } from '../../scripts/minio.mjs';
import { ensureTools } from '../../scripts/tools.mjs';
import { StsClient, StsServiceError, StsTransportError, type StsEvent } from '../../src/index.js';
import { useMinio } from '../helpers/minio-context.js';
import { expectCleanFailure, runCli } from '../helpers/cli.js';

const minio = useMinio();

/**
 * A client with three attempts that records its events, and whose first backoff pause runs
 * `duringPause` (where the test changes the world); later pauses return at once.
 */
function clientPausingOnce(endpoint: string, events: StsEvent[], duringPause: () => Promise<void>): StsClient {
  let paused = false;
  return new StsClient({
    endpoint,
    maxAttempts: 3,
    timeoutMs: 5_000,
    onEvent: (e) => events.push(e),
    sleep: async () => {
      if (paused) return;
      paused = true;
      await duringPause();
    },
  });
}

const rootOf = (server: RunningMinio) => ({ accessKeyId: server.rootUser, secretAccessKey: server.rootPassword });

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a MinIO that stops and comes back on the same port', () => {
  let server: RunningMinio | undefined;
  let minioPath = '';
  beforeAll(async () => {
    if (!minio.available) return;
    minioPath = (await ensureTools()).minio;
    server = await startMinio({ minioPath });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('stopped: a clean transport failure (library and CLI); restarted: the same client recovers', async () => {
    const first = server!;
    const sts = new StsClient({ endpoint: first.endpoint, maxAttempts: 1, timeoutMs: 5_000 });
    try {
      await expect(sts.assumeRole({ credentials: rootOf(first) })).resolves.toMatchObject({ action: 'AssumeRole' });
      await first.stop();

      // A connection error, not the 5 s deadline's TIMEOUT: the client did not wait for the deadline.
      const error = await sts.assumeRole({ credentials: rootOf(first) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StsTransportError);
      expect((error as Error).message).toMatch(/^AssumeRole failed: connection (refused|closed by the server|reset)/);

      const run = await runCli(['assume-role', '--endpoint', first.endpoint, '-u', first.rootUser, '--password-env', 'PW', '--retries', '1'], {
        env: { PW: first.rootPassword },
      });
      expectCleanFailure(run, /^sts-creds: AssumeRole failed: connection refused \(http:\/\/127\.0\.0\.1:\d+\) \[ECONNREFUSED\]\n$/);
      expect(run.stderr).not.toContain(first.rootPassword);

      server = await startMinio({ minioPath, port: first.port, rootUser: first.rootUser, rootPassword: first.rootPassword });
      expect(server.endpoint).toBe(first.endpoint);
      await expect(sts.assumeRole({ credentials: rootOf(server) })).resolves.toMatchObject({ action: 'AssumeRole' });
    } finally {
      await sts.close();
    }
  });

  it('with retries, a call rides out a restart', async () => {
    const before = server!;
    await before.stop();
    const events: StsEvent[] = [];
    // The backoff pause is where the server comes back.
    const sts = clientPausingOnce(before.endpoint, events, async () => {
      server = await startMinio({ minioPath, port: before.port, rootUser: before.rootUser, rootPassword: before.rootPassword });
    });
    try {
      await expect(sts.assumeRole({ credentials: rootOf(before) })).resolves.toMatchObject({ action: 'AssumeRole' });
    } finally {
      await sts.close();
    }
    expect(events.map((e) => e.type)).toEqual(['request', 'failure', 'retry', 'request', 'response']);
    expect(events[2]).toMatchObject({ type: 'retry', reason: 'no answer (ECONNREFUSED)' });
  });
});

describe('IAM not initialised yet: retried until it is', () => {
  let plugin: Server | undefined;
  let pluginOpen = false;
  let starting: Promise<RunningMinio> | undefined;
  let server: RunningMinio | undefined;
  let endpoint = '';

  beforeAll(async () => {
    if (!minio.available) return;
    // An identity plugin that drops connections until opened: MinIO's IAM waits for it (minio-sts.md §4).
    plugin = createServer((req, res) => {
      req.resume();
      if (!pluginOpen) {
        req.socket.destroy();
        return;
      }
      const token = new URL(req.url ?? '/', 'http://plugin').searchParams.get('token');
      res.writeHead(token === null || token === 'good-token' ? 200 : 403, { 'content-type': 'application/json' });
      res.end(token === null ? '{}' : JSON.stringify(token === 'good-token' ? { user: 'late', maxValiditySeconds: 3600 } : { reason: 'unknown token' }));
    });
    await new Promise<void>((resolve) => plugin!.listen(0, '127.0.0.1', resolve));
    const pluginUrl = `http://127.0.0.1:${(plugin.address() as AddressInfo).port}/`;
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    starting = startMinio({
      minioPath: (await ensureTools()).minio,
      port,
      env: { MINIO_IDENTITY_PLUGIN_URL: pluginUrl, MINIO_IDENTITY_PLUGIN_ROLE_POLICY: 'readwrite', MINIO_IDENTITY_PLUGIN_ROLE_ID: 'late' },
    });
    starting.catch(() => undefined); // awaited in the test; a failure there is reported there
    await waitFor(async () => (await status(`${endpoint}/minio/health/live`)) === 200, 'MinIO to listen');
    expect(await status(`${endpoint}/minio/health/cluster`)).toBe(503);
  });

  afterAll(async () => {
    pluginOpen = true; // let a start-up that is still waiting finish, so stop() has a server to stop
    server ??= await starting?.catch(() => undefined);
    await server?.stop();
    await new Promise<void>((resolve) => (plugin ? plugin.close(() => resolve()) : resolve()));
  });

  it('AssumeRole (403 / 400 "not initialized") and AssumeRoleWithCustomToken (503 STSIAMNotInitialized) succeed once IAM is up', async () => {
    const { mcPath } = minio();
    const firstAnswer = (events: StsEvent[]) =>
      new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (events.some((e) => e.type === 'response')) {
            clearInterval(timer);
            resolve();
          }
        }, 10);
      });
    const quick = { maxAttempts: 20, retryBaseDelayMs: 100, retryMaxDelayMs: 1_000, timeoutMs: 5_000 };

    const customEvents: StsEvent[] = [];
    const custom = new StsClient({ endpoint, ...quick, onEvent: (e) => customEvents.push(e) });
    const customCall = custom.assumeRoleWithCustomToken({ token: 'good-token', roleArn: 'arn:minio:iam:::role/idmp-late' });

    const rootEvents: StsEvent[] = [];
    const root = new StsClient({ endpoint, ...quick, onEvent: (e) => rootEvents.push(e) });
    const rootCall = root.assumeRole({ credentials: { accessKeyId: 'sts-creds-root', secretAccessKey: 'sts-creds-root-secret' } });

    // The user's first backoff pause is where the world moves on: the plugin answers, IAM comes up, the user is created.
    const userEvents: StsEvent[] = [];
    const user = clientPausingOnce(endpoint, userEvents, async () => {
      await Promise.all([firstAnswer(customEvents), firstAnswer(rootEvents)]);
      pluginOpen = true;
      server = await starting!;
      await createUser(mcPath, endpoint, server.rootUser, server.rootPassword, 'lateuser', 'late-user-secret', 'readwrite');
    });
    try {
      const [u, c, r] = await Promise.all([
        user.assumeRole({ credentials: { accessKeyId: 'lateuser', secretAccessKey: 'late-user-secret' } }),
        customCall,
        rootCall,
      ]);
      expect(u.accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
      expect(c.assumedUser).toBe('custom:late');
      expect(r.accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
    } finally {
      await Promise.all([user.close(), custom.close(), root.close()]);
    }

    const firstResponse = (events: StsEvent[]) => events.find((e) => e.type === 'response');
    const reasons = (events: StsEvent[]) => events.flatMap((e) => (e.type === 'retry' ? [e.reason] : []));
    // What MinIO answers while IAM initialises, per caller (see the report: not what minio-sts.md §1/§5 suggest for root).
    expect(firstResponse(userEvents)).toMatchObject({ statusCode: 403 });
    expect(reasons(userEvents)).toEqual(['HTTP 403 AccessDenied (server starting up)']);
    expect(firstResponse(customEvents)).toMatchObject({ statusCode: 503 });
    expect(reasons(customEvents)[0]).toBe('HTTP 503 STSIAMNotInitialized (server starting up)');
    expect(firstResponse(rootEvents)).toMatchObject({ statusCode: 400 });
    expect(reasons(rootEvents)[0]).toBe('HTTP 400 InvalidParameterValue (server starting up)');
  });

  it('without retries the start-up refusal is reported as it is', async () => {
    // IAM is up by now; an unknown user is refused for good and never retried.
    const sts = new StsClient({ endpoint, sleep: async () => expect.unreachable('no retry for a permanent refusal') });
    const error = await sts.assumeRole({ credentials: { accessKeyId: 'nobody-here', secretAccessKey: 'whatever-secret' } }).catch((e: unknown) => e);
    await sts.close();
    expect(error).toBeInstanceOf(StsServiceError);
    expect((error as StsServiceError).serverMessage).toBe('The Access Key Id you provided does not exist in our records.');
  });
});

describe('a local clock an hour fast, against the real MinIO', () => {
  it('is corrected from the Date header of the S3-style RequestTimeTooSkewed, and the offset is kept', async () => {
    const env = minio();
    const events: StsEvent[] = [];
    const HOUR = 3_600_000;
    const sts = new StsClient({ endpoint: env.endpoint, now: () => new Date(Date.now() + HOUR), onEvent: (e) => events.push(e) });
    try {
      const first = await sts.assumeRole({ credentials: { accessKeyId: env.user, secretAccessKey: env.password } });
      expect(first.accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
      const responses = events.filter((e) => e.type === 'response');
      expect(responses.map((e) => e.type === 'response' && e.statusCode)).toEqual([403, 200]);
      expect(events.find((e) => e.type === 'clock-skew')).toBeDefined();
      expect(Math.abs(sts.clockOffsetMs + HOUR)).toBeLessThan(2_000);

      events.length = 0;
      await sts.assumeRoleWithCustomToken({ token: env.goodToken, roleArn: env.roleArn }); // unsigned: the offset does not matter
      await sts.assumeRole({ credentials: { accessKeyId: env.user, secretAccessKey: env.password } });
      expect(events.filter((e) => e.type === 'response').map((e) => e.type === 'response' && e.statusCode)).toEqual([200, 200]);
    } finally {
      await sts.close();
    }
  });

  it('a clock 20 minutes slow is corrected too', async () => {
    const env = minio();
    const sts = new StsClient({ endpoint: env.endpoint, now: () => new Date(Date.now() - 20 * 60_000) });
    try {
      await expect(sts.assumeRole({ credentials: { accessKeyId: env.rootUser, secretAccessKey: env.rootPassword } })).resolves.toMatchObject({ action: 'AssumeRole' });
      expect(sts.clockOffsetMs).toBeGreaterThan(19 * 60_000);
    } finally {
      await sts.close();
    }
  });
});
