/**
 * `sts-creds login`, `sts-creds login --status` and `sts-creds logout`: sign in with the OpenID provider (in a
 * browser, or with a device code), keep the refresh token, try the ID token once with AssumeRoleWithWebIdentity;
 * show kept logins; forget one and revoke its refresh token. Prompts and URLs go to stderr; stdout gets the
 * summary, never a token.
 */
import { homedir } from 'node:os';
import { formatIsoUtc } from '../../format/iso-time.js';
import { discoverProvider } from '../../oidc/discover-provider.js';
import { loginScopes, loginWithBrowser, loginWithDevice, storedLogin, type SignedIn } from '../../oidc/login-flows.js';
import type { LoginStore } from '../../oidc/login-store.js';
import { isOidcError } from '../../oidc/oidc-error.js';
import type { ProviderHttpOptions } from '../../oidc/provider-http.js';
import { revokeToken } from '../../oidc/revoke-token.js';
import type { StoredLogin } from '../../oidc/stored-login.js';
import { quoteText } from '../../text/quote-text.js';
import { escapeControl } from '../../text/server-text.js';
import { CliUsageError, EXIT, describeError } from '../errors.js';
import { resolveConfigured, type ConfiguredSettings } from '../inputs/configured.js';
import { resolveNetworkSettings, resolveTimeout } from '../inputs/network.js';
import { parseSourcedDuration, runSettings, type RunSettings } from '../inputs/settings.js';
import type { CliIo } from '../io.js';
import { LOGIN_OPTIONS, type LoginInvocation } from '../login-options.js';
import { cliLoginStore, loginCommandLine, resolveLoginSettings, type LoginSettings } from '../login-settings.js';
import { openBrowser } from '../open-browser.js';
import type { Redactor } from '../redact.js';

/** What the command prints on stdout, and its exit code. */
export interface LoginOutcome {
  text: string;
  code: number;
}

function redirectPort(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const port = Number(flag);
  if (!/^\d+$/.test(flag) || port < 1 || port > 65535) throw new CliUsageError(`invalid --redirect-port: ${quoteText(flag)} (a port from 1 to 65535)`);
  return port;
}

/** One kept login as `login --status` shows it. Pure. */
export function renderLoginStatus(name: string, login: StoredLogin, now: number): string {
  const idToken =
    login.idTokenExpiresAt !== undefined && login.idTokenExpiresAt > now
      ? `ID token valid until ${formatIsoUtc(new Date(login.idTokenExpiresAt))}`
      : 'ID token expired';
  const renewal = login.refreshToken ? 'renewed with the refresh token when needed' : `no refresh token: run \`${loginCommandLine(name)}\` when it expires`;
  return `${escapeControl(name)}: ${escapeControl(login.subject)} at ${escapeControl(login.issuer)}, signed in ${formatIsoUtc(new Date(login.loggedInAt))}; ${idToken}, ${renewal}\n`;
}

async function status(configured: ConfiguredSettings | undefined, store: LoginStore, io: CliIo): Promise<LoginOutcome> {
  const now = io.now().getTime();
  if (configured?.profileName) {
    const login = await store.read(configured.profileName);
    if (!login) return { text: `${escapeControl(configured.profileName)}: not logged in\n`, code: EXIT.STS_FAILED };
    return { text: renderLoginStatus(configured.profileName, login, now), code: EXIT.OK };
  }
  const names = (await store.list?.()) ?? [];
  const lines: string[] = [];
  for (const name of names) {
    const login = await store.read(name).catch(() => undefined);
    if (login) lines.push(renderLoginStatus(name, login, now));
  }
  return { text: lines.length ? lines.join('') : 'no logins are kept\n', code: EXIT.OK };
}

async function logout(settings: LoginSettings, store: LoginStore, http: ProviderHttpOptions, io: CliIo, redactor: Redactor): Promise<LoginOutcome> {
  const kept = await store.read(settings.name);
  if (!kept) return { text: `${settings.name}: not logged in; nothing to forget\n`, code: EXIT.OK };
  redactor.add(kept.refreshToken);
  redactor.add(kept.idToken);
  let note = '';
  let code: number = EXIT.OK;
  if (kept.refreshToken) {
    try {
      const provider = await discoverProvider(kept.issuer, http);
      const clientSecret = settings.clientSecret ? await settings.clientSecret() : undefined;
      await revokeToken(provider, { clientId: kept.clientId, clientSecret }, kept.refreshToken, http);
      note = '; the provider revoked its refresh token';
    } catch (error) {
      if (isOidcError(error) && error.reason === 'unsupported') {
        note = '; the provider has no revocation endpoint, so its refresh token stays valid there until it expires';
      } else {
        io.stderr.write(`sts-creds: could not revoke the refresh token at the provider: ${redactor.redact(describeError(error))}\n`);
        code = EXIT.STS_FAILED;
      }
    }
  }
  await store.remove(settings.name);
  return { text: `${settings.name}: logged out (tokens forgotten${note})\n`, code };
}

/** The STS endpoint the login is tried on: `--endpoint`, the profile's, the variables; undefined when none is set. */
function tryEndpoint(run: RunSettings): string | undefined {
  const endpoint = run.get('endpoint');
  return endpoint && endpoint.origin.kind !== 'default' ? endpoint.value : undefined;
}

async function signIn(settings: LoginSettings, opts: LoginInvocation['options'], port: number | undefined, http: ProviderHttpOptions, io: CliIo): Promise<SignedIn> {
  const provider = await discoverProvider(settings.issuer, http);
  const scopes = loginScopes(provider, settings.scopes);
  const client = { clientId: settings.clientId, clientSecret: settings.clientSecret ? await settings.clientSecret() : undefined };
  if (opts.device) {
    return loginWithDevice({
      provider,
      client,
      scopes,
      http,
      prompt: (device) => {
        io.stderr.write(`To sign in, open ${device.verificationUri} and enter the code ${device.userCode}\n`);
        if (device.verificationUriComplete) io.stderr.write(`(or open ${device.verificationUriComplete})\n`);
        io.stderr.write('Waiting for the sign-in...\n');
      },
      timing: { now: () => io.now().getTime(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    });
  }
  return loginWithBrowser({
    provider,
    client,
    scopes,
    http,
    redirectPort: port,
    now: () => io.now().getTime(),
    openUrl: (url) => {
      io.stderr.write(`Open this URL in a browser to sign in:\n  ${url}\nWaiting for the sign-in...\n`);
      if (opts.browser !== false) openBrowser(url, io);
    },
  });
}

/**
 * Runs `login`, `login --status` or `logout`.
 * @throws {@link CliUsageError} for bad settings; {@link OidcError} and STS errors for failures (exit 1)
 */
export async function loginCommand(invocation: LoginInvocation, io: CliIo, redactor: Redactor): Promise<LoginOutcome> {
  const opts = invocation.options;
  const configured = await resolveConfigured({ profile: opts.profile }, io.env, homedir());
  const store = cliLoginStore(io);
  if (invocation.method === 'login' && opts.status) return status(configured, store, io);
  const settings = resolveLoginSettings(opts, configured, io, redactor);
  // The same settings, from the same sources, as the credential commands read.
  const run = runSettings({ flags: opts, env: io.env, configured, specs: LOGIN_OPTIONS });
  const http: ProviderHttpOptions = { proxyEnv: io.env, timeoutMs: resolveTimeout(run.get('timeout')) };
  if (invocation.method === 'logout') return logout(settings, store, http, io, redactor);

  const durationSeconds = parseSourcedDuration(run.get('duration'));
  const port = redirectPort(opts.redirectPort);
  if (opts.device && (port !== undefined || opts.browser === false)) throw new CliUsageError(`${port !== undefined ? '--redirect-port' : '--no-browser'} is for the browser sign-in, not --device`);
  const signedIn = await signIn(settings, opts, port, http, io);
  redactor.add(signedIn.tokens.idToken);
  redactor.add(signedIn.tokens.refreshToken);
  redactor.add(signedIn.tokens.accessToken);
  await store.write(settings.name, storedLogin(signedIn, { issuer: settings.issuer, clientId: settings.clientId, nowMs: io.now().getTime() }));
  let text = `Logged in as ${signedIn.claims.displayName} at ${escapeControl(settings.issuer)} (login ${settings.name}, kept in ${store.label})`;
  text += signedIn.tokens.refreshToken ? '\n' : `; the provider gave no refresh token, so the login ends with the ID token at ${formatIsoUtc(new Date(signedIn.claims.exp * 1000))}\n`;

  const endpoint = tryEndpoint(run);
  if (endpoint) {
    const network = await resolveNetworkSettings(run, opts, io, redactor);
    const { StsClient } = await import('../../client/sts-client.js');
    const client = new StsClient(network);
    try {
      const result = await client.assumeRoleWithWebIdentity({
        webIdentityToken: signedIn.tokens.idToken,
        roleArn: opts.roleArn ?? configured?.roleArn,
        durationSeconds,
      });
      redactor.add(result.secretAccessKey);
      redactor.add(result.sessionToken);
      text += `AssumeRoleWithWebIdentity at ${escapeControl(endpoint)} works: credentials valid until ${formatIsoUtc(result.expiration)}\n`;
    } finally {
      await client.close();
    }
  }
  if (settings.name !== 'default') text += `Use it: creds=$(sts-creds env --profile ${settings.name}) && eval "$creds"\n`;
  return { text, code: EXIT.OK };
}
