/**
 * A token source over a kept sign-in: hands out the kept ID token while it is valid for a while longer, else
 * trades the refresh token for a fresh one at the provider (keeping a rotated refresh token in place of the
 * old one). It never starts a sign-in: a login that is missing, expired or revoked is an {@link OidcError}
 * with reason `login-required`. Usable as `fromWebIdentity`'s `webIdentityToken`.
 */
import { checkIdTokenClaims } from './id-token-claims.js';
import { discoverProvider, sameIssuer, type ProviderMetadata } from './discover-provider.js';
import { loginRequired, storedLogin } from './login-flows.js';
import type { LoginStore } from './login-store.js';
import type { OidcClient } from './oidc-client.js';
import type { ProviderHttpOptions } from './provider-http.js';
import { refreshTokens } from './token-endpoint.js';

/** Options of {@link fromOidcLogin}. */
export interface FromOidcLoginOptions {
  /** The login's name (the profile's). */
  name: string;
  /** The issuer the login must have been made with. */
  issuer: string;
  client: OidcClient;
  store: LoginStore;
  /**
   * An ID token with less than this left is refreshed first, in milliseconds.
   * @defaultValue 60000
   */
  minValidityMs?: number | undefined;
  /** Milliseconds since the epoch. @defaultValue `Date.now` */
  now?: (() => number) | undefined;
  http?: ProviderHttpOptions | undefined;
  /** Finds the provider's endpoints. @defaultValue {@link discoverProvider} */
  discover?: ((issuer: string, http: ProviderHttpOptions) => Promise<ProviderMetadata>) | undefined;
}

/**
 * Returns a function giving a valid ID token each time it is called; concurrent calls share one refresh.
 *
 * @example
 * ```ts
 * const store = fileLoginStore(`${configDir}/logins`, uid);
 * const credentials = fromWebIdentity({
 *   endpoint: 'https://minio.example.com',
 *   webIdentityToken: fromOidcLogin({ name: 'dev', issuer, client: { clientId: 'minio-cli' }, store }),
 * });
 * ```
 */
export function fromOidcLogin(options: FromOidcLoginOptions): () => Promise<string> {
  const now = options.now ?? Date.now;
  const minValidityMs = options.minValidityMs ?? 60_000;
  const http = options.http ?? {};
  const discover = options.discover ?? discoverProvider;
  let provider: ProviderMetadata | undefined;
  let inflight: Promise<string> | undefined;

  const fresh = async (): Promise<string> => {
    const kept = await options.store.read(options.name);
    if (!kept) throw loginRequired(options.name, 'not logged in');
    if (!sameIssuer(kept.issuer, options.issuer) || kept.clientId !== options.client.clientId) {
      throw loginRequired(options.name, 'the kept login was made with another issuer or client');
    }
    if (kept.idToken && kept.idTokenExpiresAt !== undefined && kept.idTokenExpiresAt - now() > minValidityMs) return kept.idToken;
    if (!kept.refreshToken) throw loginRequired(options.name, 'the login has expired and the provider gave no refresh token');
    provider ??= await discover(options.issuer, http);
    const tokens = await refreshTokens(provider, options.client, kept.refreshToken, http);
    const claims = checkIdTokenClaims(tokens.idToken, { issuer: provider.issuer, clientId: options.client.clientId, nowMs: now() });
    await options.store.write(options.name, storedLogin({ tokens, claims }, { issuer: kept.issuer, clientId: kept.clientId, nowMs: now(), previous: kept }));
    return tokens.idToken;
  };

  return () => {
    inflight ??= fresh().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
}
