/**
 * The ID token of a login profile, for `web-identity`, `env` and `exec` (and `exec --server`, which asks again
 * at every renewal): the kept login's ID token, refreshed silently with its refresh token. A browser is never
 * opened here; a missing, expired or revoked login fails with the `sts-creds login` line to run.
 */
import { fromOidcLogin } from '../oidc/from-oidc-login.js';
import type { ConfiguredSettings } from './inputs/configured.js';
import { envValue, ENV } from './inputs/environment.js';
import type { TokenFlags } from './options.js';
import type { CliIo } from './io.js';
import { isLoginProfile } from './login-profile.js';
import { cliLoginStore, loginCommandLine, resolveLoginSettings, withLoginHint } from './login-settings.js';
import type { Redactor } from './redact.js';
import { OidcError } from '../oidc/oidc-error.js';

/** Where a login profile's token comes from. */
export interface LoginToken {
  /** Who the credentials are for, for the credential cache: the kept login (a new login is a new principal). */
  principal: { secret: string };
  /** A valid ID token, refreshed when needed. */
  token: () => Promise<string>;
}

function tokenGiven(opts: TokenFlags, io: CliIo): boolean {
  return Boolean(opts.token !== undefined || opts.tokenFile || opts.tokenStdin || opts.tokenEnv || opts.keyring !== undefined || envValue(io.env, ENV.token));
}

/**
 * The login token source when the run uses a login profile and names no token of its own; else undefined.
 * @throws {@link OidcError} (`login-required`, with the command to run) when there is no kept login
 */
export async function loginTokenFor(opts: TokenFlags, configured: ConfiguredSettings | undefined, io: CliIo, redactor: Redactor): Promise<LoginToken | undefined> {
  if (!isLoginProfile(configured) || tokenGiven(opts, io)) return undefined;
  const settings = resolveLoginSettings({}, configured, io, redactor);
  const store = cliLoginStore(io);
  const kept = await store.read(settings.name);
  if (!kept) throw new OidcError(`not logged in (${settings.origin}): run \`${loginCommandLine(settings.name)}\``, { reason: 'login-required' });
  for (const secret of [kept.refreshToken, kept.idToken]) redactor.add(secret);
  const clientSecret = settings.clientSecret ? await settings.clientSecret() : undefined;
  const source = fromOidcLogin({
    name: settings.name,
    issuer: settings.issuer,
    client: { clientId: settings.clientId, clientSecret },
    store,
    http: { proxyEnv: io.env },
  });
  return {
    principal: { secret: `oidc-login\n${kept.issuer}\n${kept.clientId}\n${kept.subject}\n${kept.loggedInAt}` },
    token: async () => {
      try {
        const token = await source();
        redactor.add(token);
        return token;
      } catch (error) {
        throw withLoginHint(error, settings);
      }
    },
  };
}
