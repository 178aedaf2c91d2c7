/**
 * The OpenID sign-in's moving parts against an in-process provider double on loopback (for answers a real
 * provider will not give on demand: slow_down, expired codes, errors with control characters): device
 * polling with injected time, the loopback listener, kept-login files and the token source.
 */
import { lstat, mkdir, readFile, readlink, chmod, symlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../../scripts/loopback.mjs';
import { pollDeviceToken, type DeviceAuthorization } from '../../src/oidc/device-authorization.js';
import type { ProviderMetadata } from '../../src/oidc/discover-provider.js';
import { fromOidcLogin } from '../../src/oidc/from-oidc-login.js';
import { startLoopbackListener, type LoopbackListener } from '../../src/oidc/loopback-listener.js';
import { fileLoginStore, type LoginStore } from '../../src/oidc/login-store.js';
import { isOidcError } from '../../src/oidc/oidc-error.js';
import type { StoredLogin } from '../../src/oidc/stored-login.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const tempDir = useTempDirs('oidc-flows');
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

type Handler = (form: URLSearchParams, req: IncomingMessage) => { status: number; body: unknown };
let handler: Handler = () => ({ status: 500, body: {} });
const forms: URLSearchParams[] = [];
let server: { url: string; stop(): Promise<void> };
let provider: ProviderMetadata;

beforeAll(async () => {
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      const form = new URLSearchParams(text);
      forms.push(form);
      const { status, body } = handler(form, req);
      const out = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
  server = await listenOnLoopback(http);
  const issuer = `${server.url}/`;
  provider = {
    issuer,
    authorizationEndpoint: new URL('/auth', issuer),
    tokenEndpoint: new URL('/token', issuer),
    deviceAuthorizationEndpoint: new URL('/device', issuer),
    revocationEndpoint: new URL('/revoke', issuer),
    scopesSupported: undefined,
  };
});
afterAll(() => server.stop());
afterEach(() => {
  forms.length = 0;
});

const client = { clientId: 'cli' };
const idToken = (exp: number, extra: Record<string, unknown> = {}): string => `${b64({ alg: 'RS256' })}.${b64({ iss: provider.issuer, aud: 'cli', sub: 'alice', exp, ...extra })}.c2ln`;

/** A clock moved only by the poller's sleeps. */
function fakeTime(start = 1_000_000): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return { now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)), slept };
}

describe('device polling', () => {
  const device: DeviceAuthorization = { deviceCode: 'dev-code-1', userCode: 'ABCD', verificationUri: 'x', verificationUriComplete: undefined, expiresIn: 600, interval: 5 };

  it('waits the interval, keeps polling while pending, slows down by 5 s when told, and returns the tokens', async () => {
    const answers = ['authorization_pending', 'slow_down', 'authorization_pending'];
    handler = () => {
      const next = answers.shift();
      return next ? { status: 400, body: { error: next } } : { status: 200, body: { id_token: 'a.b.c', refresh_token: 'r1' } };
    };
    const time = fakeTime();
    const tokens = await pollDeviceToken(provider, client, device, time);
    expect(tokens).toEqual({ idToken: 'a.b.c', refreshToken: 'r1', accessToken: undefined });
    expect(time.slept).toEqual([5000, 5000, 10000, 10000]);
    expect(forms.map((f) => f.get('grant_type'))).toEqual(Array(4).fill('urn:ietf:params:oauth:grant-type:device_code'));
    expect(forms[0]!.get('device_code')).toBe('dev-code-1');
    expect(forms[0]!.get('client_id')).toBe('cli');
  });

  it('gives up when the code expires, without polling past it', async () => {
    handler = () => ({ status: 400, body: { error: 'authorization_pending' } });
    const time = fakeTime();
    const error = await pollDeviceToken(provider, client, { ...device, expiresIn: 12 }, time).catch((e: unknown) => e);
    expect(isOidcError(error) && error.reason).toBe('expired');
    expect(forms).toHaveLength(2);
  });

  it.each([
    ['access_denied', 'access-denied'],
    ['expired_token', 'expired'],
    ['invalid_client', 'provider'],
  ])('reports %s as %s', async (code, reason) => {
    handler = () => ({ status: 400, body: { error: code, error_description: 'dev-code-1 \u001b[31m' } });
    const error = await pollDeviceToken(provider, client, device, fakeTime()).catch((e: unknown) => e);
    expect(isOidcError(error) && error.reason).toBe(reason);
    expect(String(error)).not.toContain('dev-code-1');
    expect(String(error)).not.toContain('\u001b');
  });
});

describe('loopback listener', () => {
  let listener: LoopbackListener | undefined;
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  it('listens on 127.0.0.1 only, ignores other states, paths and methods, and takes the right redirect', async () => {
    listener = await startLoopbackListener({ state: 'right-state' });
    const uri = new URL(listener.redirectUri);
    expect(uri.hostname).toBe('127.0.0.1');
    expect(uri.pathname).toBe('/callback');
    const at = (query: string): URL => new URL(`${uri.pathname}?${query}`, uri);
    expect((await fetch(at('state=wrong&code=c'))).status).toBe(400);
    expect((await fetch(at('code=c'))).status).toBe(400);
    expect((await fetch(new URL('/favicon.ico', uri))).status).toBe(404);
    expect((await fetch(at('state=right-state&code=c'), { method: 'POST' })).status).toBe(405);
    const page = await fetch(at('state=right-state&code=the-code'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('go back to the terminal');
    expect(await listener.result).toEqual({ code: 'the-code' });
  });

  it('ends with the provider’s refusal, escaped', async () => {
    listener = await startLoopbackListener({ state: 's' });
    await fetch(new URL('?state=s&error=access_denied&error_description=no%1b[2J', listener.redirectUri));
    const error = await listener.result.catch((e: unknown) => e);
    expect(isOidcError(error) && error.reason).toBe('access-denied');
    expect(String(error)).toContain('no\\x1b[2J');
  });

  it('gives up after its time limit with a clear message', async () => {
    listener = await startLoopbackListener({ state: 's', timeoutMs: 20 });
    await expect(listener.result).rejects.toThrow(/no sign-in arrived from the browser within 0 s/);
  });

  it('reports a fixed port that is taken', async () => {
    listener = await startLoopbackListener({ state: 's' });
    const port = Number(new URL(listener.redirectUri).port);
    await expect(startLoopbackListener({ state: 's', port })).rejects.toThrow(`port ${port} is in use`);
  });
});

const login = (over: Partial<StoredLogin> = {}): StoredLogin => ({
  issuer: provider.issuer,
  clientId: 'cli',
  refreshToken: 'refresh-1',
  idToken: undefined,
  idTokenExpiresAt: undefined,
  subject: 'alice',
  loggedInAt: 1,
  ...over,
});

describe('kept-login files', () => {
  const uid = process.getuid!();

  it('writes 0600 files in a 0700 directory and reads them back', async () => {
    const dir = join(tempDir(), 'logins');
    const store = fileLoginStore(dir, uid);
    await store.write('dev', login());
    expect((await lstat(dir)).mode & 0o777).toBe(0o700);
    expect((await lstat(join(dir, 'dev.json'))).mode & 0o777).toBe(0o600);
    expect(await store.read('dev')).toEqual(login());
    expect(await store.remove('dev')).toBe(true);
    expect(await store.read('dev')).toBeUndefined();
    expect(await store.remove('dev')).toBe(false);
  });

  it('replaces a planted link instead of writing through it, and refuses a loosened file', async () => {
    const root = tempDir();
    const dir = join(root, 'logins');
    await mkdir(dir, { mode: 0o700 });
    const target = join(root, 'target');
    await writeFile(target, 'untouched');
    await symlink(target, join(dir, 'dev.json'));
    const store = fileLoginStore(dir, uid);
    await expect(store.read('dev')).rejects.toThrow(/not a private regular file/);
    await store.write('dev', login());
    expect(await readFile(target, 'utf8')).toBe('untouched');
    await expect(readlink(join(dir, 'dev.json'))).rejects.toThrow();
    await chmod(join(dir, 'dev.json'), 0o644);
    await expect(store.read('dev')).rejects.toThrow(/mode 0600/);
  });

  it('refuses a directory others can write to, and names that are not plain', async () => {
    const dir = join(tempDir(), 'open');
    await mkdir(dir, { mode: 0o777 });
    await chmod(dir, 0o777);
    await expect(fileLoginStore(dir, uid).write('dev', login())).rejects.toThrow(/group or others can write/);
    await expect(fileLoginStore(dir, uid).read('../x')).rejects.toThrow(/invalid login name/);
  });
});

describe('fromOidcLogin', () => {
  function memoryStore(initial?: StoredLogin): LoginStore & { kept: StoredLogin | undefined } {
    const store = {
      label: 'memory',
      kept: initial,
      read: async () => store.kept,
      write: async (_name: string, value: StoredLogin) => void (store.kept = value),
      remove: async () => (store.kept ? ((store.kept = undefined), true) : false),
    };
    return store;
  }
  const options = (store: LoginStore, now: () => number) => ({ name: 'dev', issuer: provider.issuer, client, store, now, discover: async () => provider });

  it('hands out the kept ID token while it has more than a minute left, then refreshes once for concurrent callers', async () => {
    const now = 1_700_000_000_000;
    const store = memoryStore(login({ idToken: 'kept.id.token', idTokenExpiresAt: now + 61_000 }));
    let clock = now;
    const source = fromOidcLogin(options(store, () => clock));
    expect(await source()).toBe('kept.id.token');
    expect(forms).toHaveLength(0);
    clock = now + 2_000;
    const fresh = idToken(Math.floor(clock / 1000) + 300);
    handler = () => ({ status: 200, body: { id_token: fresh, refresh_token: 'refresh-2' } });
    expect(await Promise.all([source(), source()])).toEqual([fresh, fresh]);
    expect(forms).toHaveLength(1);
    expect(Object.fromEntries(forms[0]!)).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'cli' });
    expect(store.kept).toMatchObject({ refreshToken: 'refresh-2', idToken: fresh, loggedInAt: 1 });
  });

  it('keeps the old refresh token when the provider does not rotate it', async () => {
    const now = 1_700_000_000_000;
    const store = memoryStore(login());
    handler = () => ({ status: 200, body: { id_token: idToken(now / 1000 + 300) } });
    await fromOidcLogin(options(store, () => now))();
    expect(store.kept?.refreshToken).toBe('refresh-1');
  });

  it('asks for a new login when there is none, when it was made elsewhere, or when the refresh token is refused', async () => {
    const reason = async (store: LoginStore): Promise<unknown> => {
      const error = await fromOidcLogin(options(store, Date.now))().catch((e: unknown) => e);
      return isOidcError(error) ? error.reason : error;
    };
    expect(await reason(memoryStore())).toBe('login-required');
    expect(await reason(memoryStore(login({ issuer: 'https://elsewhere.example/' })))).toBe('login-required');
    expect(await reason(memoryStore(login({ refreshToken: undefined })))).toBe('login-required');
    handler = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'refresh-1 revoked' } });
    const error = await fromOidcLogin(options(memoryStore(login()), Date.now))().catch((e: unknown) => e);
    expect(isOidcError(error) && error.reason).toBe('login-required');
    expect(String(error)).not.toContain('refresh-1');
  });

  it('refuses a refreshed ID token for another audience', async () => {
    handler = () => ({ status: 200, body: { id_token: idToken(Date.now() / 1000 + 300, { aud: 'someone-else' }) } });
    await expect(fromOidcLogin(options(memoryStore(login()), Date.now))()).rejects.toThrow(/not meant for client cli/);
  });
});
