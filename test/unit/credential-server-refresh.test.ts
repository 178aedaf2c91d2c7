/**
 * `exec --server` as a client of the refresh engine, against the in-process fake STS with an injected
 * clock (nothing sleeps): the engine decides when to refresh (the window from `--refresh-before`), a
 * failed refresh keeps serving the current keys until their real expiry and backs off, credentials
 * shorter than the default window get a proportional one, and an outage costs a few STS calls a
 * minute however many requests arrive. Then the server's own limits: a connection cap, short
 * timeouts, and a connection closed as soon as a request lacks the token.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startCredentialServer, type CredentialServer } from '../../src/cli/credential-server.js';
import { CliUsageError } from '../../src/cli/errors.js';
import { checkRefreshFits, servedCredentials, serverEngineTiming, type ServerRefresh } from '../../src/cli/served-credentials.js';
import { StsClient } from '../../src/index.js';
import { RefreshEngine } from '../../src/providers/refresh-engine.js';
import { assumeRoleSuccessBody, stsErrorBody, useFakeSts } from '../helpers/fake-sts.js';

const fake = useFakeSts();
const S = 1000;
const MIN = 60 * S;

/** The fake STS as MinIO on the test's clock: `Date` and `Expiration` follow `clock.t`; `down` answers 500. */
function stsOnClock(clock: { t: number }, lifetimeMs: number, state: { down: boolean }): void {
  let n = 0;
  fake.always({
    kind: 'custom',
    handle: (_req, res) => {
      if (state.down) {
        res.writeHead(500, { 'content-type': 'application/xml' }).end(stsErrorBody('InternalError', 'We encountered an internal error, please try again.'));
        return;
      }
      n += 1;
      const body = assumeRoleSuccessBody({ accessKeyId: `KEY${n}`, expiration: new Date(clock.t + lifetimeMs).toISOString().replace(/\.\d+Z$/, 'Z') });
      res.writeHead(200, { 'content-type': 'application/xml', date: new Date(clock.t).toUTCString() }).end(body);
    },
  });
}

function serverSource(refresh: ServerRefresh, lifetimeMs: number, random = (): number => 1, patienceMs?: number) {
  const clock = { t: Math.floor(Date.now() / 1000) * 1000 };
  const state = { down: false };
  stsOnClock(clock, lifetimeMs, state);
  const client = new StsClient({ endpoint: fake.url, maxAttempts: 1 });
  const errors: unknown[] = [];
  const engine = new RefreshEngine({
    ...serverEngineTiming(refresh),
    fetch: () => client.assumeRole({ credentials: { accessKeyId: 'AKID', secretAccessKey: 'secretsecret' } }),
    now: () => clock.t,
    random,
    onError: (error) => errors.push(error),
  });
  const source = servedCredentials(engine, () => clock.t, patienceMs);
  cleanups.push(async () => {
    engine.close();
    await client.destroy();
  });
  return { clock, state, engine, serve: source.serve, errors, t0: clock.t };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const DEFAULT: ServerRefresh = { refreshBeforeMs: 5 * MIN, explicit: false };

describe('the credential server refreshes through the engine', () => {
  it('serves the renewal moment as the expiration, and renews once it has come', async () => {
    const { clock, serve, t0 } = serverSource(DEFAULT, 15 * MIN);
    expect(await serve()).toMatchObject({ accessKeyId: 'KEY1', expiration: new Date(t0 + 10 * MIN) });
    for (let i = 0; i < 599; i++) {
      clock.t += S;
      expect((await serve()).accessKeyId).toBe('KEY1');
    }
    clock.t = t0 + 10 * MIN;
    expect(await serve()).toMatchObject({ accessKeyId: 'KEY2', expiration: new Date(t0 + 20 * MIN) });
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    ['longest waits', 0.999],
    ['shortest waits (jitter at its extreme)', 0],
  ])('during an STS outage (%s): the current keys until their real expiry, a few STS calls a minute, then errors; recovery after the backoff', async (_what, r) => {
    const { clock, state, serve, errors, t0 } = serverSource(DEFAULT, 15 * MIN, () => r);
    await serve();
    state.down = true;
    clock.t = t0 + 10 * MIN;
    const callsPerMinute: number[] = [];
    // A request every second for the five minutes the keys have left.
    for (let minute = 0; minute < 5; minute++) {
      const before = fake.requests.length;
      for (let s = 0; s < 60; s++) {
        const creds = await serve();
        expect(creds.accessKeyId).toBe('KEY1');
        // Served with their real expiry: the consumer keeps them, it is not sent away with expired ones.
        expect(creds.expiration).toEqual(new Date(t0 + 15 * MIN));
        clock.t += S;
      }
      callsPerMinute.push(fake.requests.length - before);
    }
    expect(callsPerMinute[0]).toBeLessThanOrEqual(4);
    for (const calls of callsPerMinute.slice(1)) expect(calls).toBeLessThanOrEqual(2);
    expect(errors.length).toBe(fake.requests.length - 1);
    // Past the real expiry there is nothing valid to serve.
    await expect(serve()).rejects.toThrow(/InternalError/);
    state.down = false;
    clock.t += 60 * S;
    expect((await serve()).accessKeyId).toMatch(/^KEY\d+$/);
    expect((await serve()).accessKeyId).not.toBe('KEY1');
  });

  it('a refresh that hangs does not hold the command: the current keys are served, with their real expiry, while it runs', async () => {
    const { clock, serve, t0 } = serverSource(DEFAULT, 15 * MIN, () => 1, 0);
    await serve();
    fake.hang();
    clock.t = t0 + 10 * MIN;
    expect(await serve()).toMatchObject({ accessKeyId: 'KEY1', expiration: new Date(t0 + 15 * MIN) });
    // The fake records a request once it has read it: let it.
    for (let i = 0; i < 1000 && fake.requests.length < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(await serve()).toMatchObject({ accessKeyId: 'KEY1' });
    // One refresh in flight, however many requests came.
    expect(fake.requests).toHaveLength(2);
  });

  it('credentials shorter than the default window get a proportional one: no error, one STS call per session', async () => {
    // 10-minute credentials: the default 5 minutes is capped at a third of the lifetime (200 s).
    const { clock, serve, t0 } = serverSource(DEFAULT, 10 * MIN);
    checkRefreshFits(DEFAULT, 10 * MIN);
    expect(await serve()).toMatchObject({ accessKeyId: 'KEY1', expiration: new Date(t0 + 400 * S) });
    for (let i = 0; i < 399; i++) {
      clock.t += S;
      await serve();
    }
    expect(fake.requests).toHaveLength(1);
    clock.t += S;
    expect((await serve()).accessKeyId).toBe('KEY2');
  });

  it('an explicit --refresh-before is taken as given when it fits, and is an error only when it cannot', async () => {
    const { serve, t0 } = serverSource({ refreshBeforeMs: 500 * S, explicit: true }, 10 * MIN);
    expect(await serve()).toMatchObject({ expiration: new Date(t0 + 100 * S) });
    expect(() => checkRefreshFits({ refreshBeforeMs: 10 * MIN, explicit: true }, 10 * MIN)).toThrow(CliUsageError);
    expect(() => checkRefreshFits({ refreshBeforeMs: 10 * MIN, explicit: false }, 10 * MIN)).not.toThrow();
  });
});

describe('the credential server limits connections', () => {
  let server: CredentialServer | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await server?.close();
    server = undefined;
  });

  const start = async (): Promise<CredentialServer> =>
    (server = await startCredentialServer({
      credentials: async () => ({ accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'TK', expiration: new Date(Date.now() + 3600_000) }),
      onError: () => undefined,
    }));

  function open(url: string): Promise<Socket> {
    const { port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
      sockets.push(socket);
    });
  }

  /** Everything the server sends until it closes the connection. */
  function untilClosed(socket: Socket): Promise<string> {
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    return new Promise((resolve) => socket.on('close', () => resolve(text)));
  }

  it('timeouts of a few seconds and a cap sized for one command tree are in force', async () => {
    const { limits } = await start();
    expect(limits.maxConnections).toBeGreaterThanOrEqual(16);
    expect(limits.maxConnections).toBeLessThanOrEqual(256);
    for (const ms of [limits.headersTimeout, limits.requestTimeout, limits.keepAliveTimeout, limits.idleTimeout]) {
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThanOrEqual(10_000);
    }
  });

  it('a request without the token is answered 401 and its connection closed at once', async () => {
    const { url } = await start();
    const socket = await open(url);
    const closed = untilClosed(socket);
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    const text = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 401/);
    expect(text.toLowerCase()).toContain('connection: close');
  });

  it('connections past the cap are closed as they arrive; the command still gets in once one is free', async () => {
    const { url, token, limits } = await start();
    const idle = await Promise.all(Array.from({ length: limits.maxConnections }, () => open(url)));
    const extra = await open(url);
    await untilClosed(extra);
    const freed = untilClosed(idle[0]!);
    idle[0]!.destroy();
    await freed;
    // The server learns of the close on its next turn of the event loop: ask until it has.
    let answer = '';
    for (let i = 0; i < 50 && answer === ''; i++) {
      const socket = await open(url);
      const closed = untilClosed(socket);
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${token}\r\nConnection: close\r\n\r\n`);
      answer = await closed;
    }
    expect(answer).toMatch(/^HTTP\/1\.1 200[\s\S]*"AccessKeyId":"AK"/);
  });
});
