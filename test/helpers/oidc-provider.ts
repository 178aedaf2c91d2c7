/**
 * A real OpenID provider for the login tests: zitadel/oidc's provider (built by scripts/tools.mjs from
 * scripts/oidc-provider), run on a free loopback port with a chosen ID-token lifetime, plus a scripted
 * person who signs in through its own login pages (the authorization-code redirect chain, the device
 * verification page) over plain HTTP, standing in for a browser.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startMinio, tailFile, type RunningMinio } from '../../scripts/minio.mjs';
import { ensureOidcProvider, ensureTools } from '../../scripts/tools.mjs';
import { hop, signInWithBrowser as signIn, type Hop } from './scripted-browser.mjs';

/** The scripted browser as a program, for `$BROWSER`. */
export const SCRIPTED_BROWSER = fileURLToPath(new URL('./scripted-browser.mjs', import.meta.url));

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

/**
 * A person at a browser opening `authorizationUrl` and signing in as the provider's user (or as `credentials`);
 * see test/helpers/scripted-browser.mjs.
 */
export function signInWithBrowser(
  provider: RunningOidcProvider,
  authorizationUrl: string,
  credentials: { username?: string; password?: string } = {},
): Promise<{ callbackUrl: string; page: Hop }> {
  return signIn(authorizationUrl, credentials.username ?? provider.username, credentials.password ?? OIDC_USER_PASSWORD);
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

/**
 * The provider (from the tools cache) with ID tokens that live `idTokenSeconds`, and a MinIO that trusts it:
 * its OpenID client, `readwrite` for every signed-in user. The login tests' real parts.
 */
export async function startProviderAndMinio(idTokenSeconds: number): Promise<{ provider: RunningOidcProvider; minio: RunningMinio }> {
  const tools = await ensureTools();
  const provider = await startOidcProvider(await ensureOidcProvider(), { idTokenLifetime: `${idTokenSeconds}s` });
  const minio = await startMinio({
    minioPath: tools.minio,
    env: {
      MINIO_IDENTITY_OPENID_CONFIG_URL: provider.configUrl,
      MINIO_IDENTITY_OPENID_CLIENT_ID: OIDC_CLIENT_ID,
      MINIO_IDENTITY_OPENID_ROLE_POLICY: 'readwrite',
      MINIO_IDENTITY_OPENID_SCOPES: 'openid',
    },
  });
  return { provider, minio };
}
