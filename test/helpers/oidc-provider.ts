/**
 * A real OpenID provider for the login tests: zitadel/oidc's provider (built by scripts/tools.mjs from
 * scripts/oidc-provider), run on a free loopback port with a chosen ID-token lifetime, plus a scripted
 * person who signs in through its own login pages (the authorization-code redirect chain, the device
 * verification page) over plain HTTP, standing in for a browser.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, tailFile } from '../../scripts/minio.mjs';

/** The native (public, PKCE) client the provider registers. */
export const OIDC_CLIENT_ID = 'sts-creds';
/**
 * The one user. Its id equals its user name: the example storage records a device sign-in under the
 * user name and later looks the subject up by id, so only such a user can sign in both ways.
 */
export const OIDC_USER = 'alice';
export const OIDC_USER_PASSWORD = 'alice-password-1';

export interface RunningOidcProvider {
  /** `http://127.0.0.1:<port>/` (the provider's issuer ends with a slash) */
  issuer: string;
  configUrl: string;
  /** The user's name, which is also its subject (`sub`). */
  username: string;
  logFile: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

/** Starts the provider; `idTokenLifetime` is a Go duration such as `90s`. */
export async function startOidcProvider(binary: string, options: { idTokenLifetime?: string } = {}): Promise<RunningOidcProvider> {
  const dir = await mkdtemp(join(tmpdir(), 'sts-creds-oidc-provider-'));
  const logFile = join(dir, 'provider.log');
  const port = await freePort();
  const usersFile = join(dir, 'users.json');
  const user = { ID: OIDC_USER, Username: OIDC_USER, Password: OIDC_USER_PASSWORD, FirstName: 'Alice', LastName: 'Example', Email: 'alice@example.test', EmailVerified: true, PreferredLanguage: 'en' };
  await writeFile(usersFile, JSON.stringify({ [OIDC_USER]: user }));
  const logFd = openSync(logFile, 'a');
  const child = spawn(binary, [], {
    env: { PATH: process.env.PATH ?? '', OIDC_ADDR: `127.0.0.1:${port}`, OIDC_ID_TOKEN_LIFETIME: options.idTokenLifetime ?? '1h', OIDC_CLIENT_ID, OIDC_USERS_FILE: usersFile },
    stdio: ['ignore', 'pipe', logFd],
  });
  closeSync(logFd);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exit;
      clearTimeout(timer);
    }
    process.off('exit', killOnExit);
    await rm(dir, { recursive: true, force: true });
  };
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`oidc-provider did not start within ${READY_TIMEOUT_MS / 1000} s:\n${tailFile(logFile)}`)), READY_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const match = /^listening (\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`oidc-provider exited (code ${code}):\n${tailFile(logFile)}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { issuer, configUrl: `${issuer}.well-known/openid-configuration`, username: OIDC_USER, logFile, stop };
}

/** One HTTP exchange of the scripted person: never follows redirects, keeps cookies by hand. */
export interface Hop {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function hop(url: string, options: { method?: string; form?: Record<string, string>; cookies?: Map<string, string> } = {}): Promise<Hop> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`the scripted browser only visits 127.0.0.1, not ${target.host}`);
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (options.cookies?.size) headers.cookie = [...options.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return new Promise((resolve, reject) => {
    const req = request(target, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair] = line.split(';');
          const eq = pair!.indexOf('=');
          if (eq > 0) options.cookies?.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A person at a browser opening `authorizationUrl`: follows the provider's redirects to its login page,
 * signs in, and follows the redirects back until they leave the provider (the loopback callback), which
 * it visits too, as a browser would. Returns the callback URL and the page the callback answered.
 */
export async function signInWithBrowser(
  provider: RunningOidcProvider,
  authorizationUrl: string,
  credentials: { username?: string; password?: string } = {},
): Promise<{ callbackUrl: string; page: Hop }> {
  const origin = new URL(provider.issuer).origin;
  const cookies = new Map<string, string>();
  let url = authorizationUrl;
  let signedIn = false;
  for (let step = 0; step < 12; step++) {
    if (new URL(url).origin !== origin) return { callbackUrl: url, page: await hop(url) };
    const res = await hop(url, { cookies });
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      url = new URL(res.headers.location, url).href;
      continue;
    }
    const id = /name="id" value="([^"]+)"/.exec(res.body)?.[1];
    if (res.status === 200 && id && !signedIn) {
      signedIn = true;
      const posted = await hop(new URL('/login/username', origin).href, {
        cookies,
        form: { id, username: credentials.username ?? provider.username, password: credentials.password ?? OIDC_USER_PASSWORD },
      });
      if (!(posted.status >= 300 && posted.status < 400 && posted.headers.location)) throw new Error(`login form answered HTTP ${posted.status}: ${posted.body.slice(0, 300)}`);
      url = new URL(posted.headers.location, origin).href;
      continue;
    }
    throw new Error(`unexpected answer from ${url}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  }
  throw new Error('too many redirects');
}

/** A person entering `userCode` on the provider's device page, signing in, and allowing (or denying) the device. */
export async function approveDevice(provider: RunningOidcProvider, userCode: string, action: 'allowed' | 'denied' = 'allowed'): Promise<void> {
  const cookies = new Map<string, string>();
  const device = new URL('/device/', provider.issuer).href;
  const login = await hop(new URL('/device/login', provider.issuer).href, {
    cookies,
    form: { user_code: userCode, username: provider.username, password: OIDC_USER_PASSWORD },
  });
  if (login.status !== 200) throw new Error(`device login answered HTTP ${login.status}: ${login.body.slice(0, 300)}`);
  const confirm = await hop(new URL(`confirm?action=${action}`, device).href, { cookies });
  if (confirm.status !== 200) throw new Error(`device confirm answered HTTP ${confirm.status}: ${confirm.body.slice(0, 300)}`);
}
