/**
 * The two ways a person signs in: the browser (authorization code with PKCE, `state` and `nonce`, redirected to
 * a loopback listener) and the device code (RFC 8628). Both end with the ID token's claims checked and the
 * result in the form it is kept in.
 */
import { checkIdTokenClaims, type IdTokenClaims } from './id-token-claims.js';
import { OidcError } from './oidc-error.js';
import type { OidcClient } from './oidc-client.js';
import type { ProviderMetadata } from './discover-provider.js';
import { pollDeviceToken, startDeviceAuthorization, type DeviceAuthorization, type PollTiming } from './device-authorization.js';
import { startLoopbackListener } from './loopback-listener.js';
import { createPkce, randomUrlToken } from './pkce.js';
import type { ProviderHttpOptions } from './provider-http.js';
import type { StoredLogin } from './stored-login.js';
import { exchangeCode, type TokenSet } from './token-endpoint.js';

/** A completed sign-in. */
export interface SignedIn {
  tokens: TokenSet;
  claims: IdTokenClaims;
}

/**
 * The scopes to ask for: the ones configured, else `openid` plus `offline_access` when the provider lists it
 * (or lists no scopes at all). `openid` is always included. Pure.
 */
export function loginScopes(provider: Pick<ProviderMetadata, 'scopesSupported'>, configured?: readonly string[]): string[] {
  const scopes = configured?.length ? [...configured] : ['openid', ...(provider.scopesSupported === undefined || provider.scopesSupported.includes('offline_access') ? ['offline_access'] : [])];
  if (!scopes.includes('openid')) scopes.unshift('openid');
  return [...new Set(scopes)];
}

/** Splits a scope setting, space- or comma-separated. Pure. */
export function parseScopes(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

/** The authorization request URL (RFC 6749 4.1.1 with PKCE and the OpenID nonce). Pure. */
export function authorizationUrl(
  provider: Pick<ProviderMetadata, 'authorizationEndpoint'>,
  params: { clientId: string; redirectUri: string; scopes: readonly string[]; state: string; nonce: string; codeChallenge: string },
): URL {
  const url = new URL(provider.authorizationEndpoint.href);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('scope', params.scopes.join(' '));
  url.searchParams.set('state', params.state);
  url.searchParams.set('nonce', params.nonce);
  url.searchParams.set('code_challenge', params.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url;
}

/** Options of {@link loginWithBrowser}. */
export interface BrowserLoginOptions {
  provider: ProviderMetadata;
  client: OidcClient;
  scopes: readonly string[];
  /** Shows or opens the authorization URL (print it, start a browser); the sign-in waits for the redirect meanwhile. */
  openUrl: (url: string) => void | Promise<void>;
  /** A fixed loopback port, for providers that register one. */
  redirectPort?: number | undefined;
  /** How long to wait for the browser, in milliseconds. */
  timeoutMs?: number | undefined;
  now: () => number;
  http?: ProviderHttpOptions | undefined;
}

/**
 * Signs in through the browser: starts the loopback listener, hands the URL to `openUrl`, waits for the one
 * redirect with this sign-in's `state`, exchanges the code with the PKCE verifier and checks the ID token,
 * nonce included.
 * @throws {@link OidcError}, {@link StsTransportError}
 */
export async function loginWithBrowser(options: BrowserLoginOptions): Promise<SignedIn> {
  const pkce = createPkce();
  const state = randomUrlToken(24);
  const nonce = randomUrlToken(24);
  const listener = await startLoopbackListener({ state, port: options.redirectPort, timeoutMs: options.timeoutMs });
  try {
    const url = authorizationUrl(options.provider, {
      clientId: options.client.clientId,
      redirectUri: listener.redirectUri,
      scopes: options.scopes,
      state,
      nonce,
      codeChallenge: pkce.challenge,
    });
    await options.openUrl(url.href);
    const { code } = await listener.result;
    const tokens = await exchangeCode(options.provider, options.client, { code, codeVerifier: pkce.verifier, redirectUri: listener.redirectUri }, options.http);
    const claims = checkIdTokenClaims(tokens.idToken, { issuer: options.provider.issuer, clientId: options.client.clientId, nonce, nowMs: options.now() });
    return { tokens, claims };
  } finally {
    await listener.close();
  }
}

/** Options of {@link loginWithDevice}. */
export interface DeviceLoginOptions {
  provider: ProviderMetadata;
  client: OidcClient;
  scopes: readonly string[];
  /** Shows the person where to go and which code to enter (already escaped). */
  prompt: (device: Omit<DeviceAuthorization, 'deviceCode'>) => void | Promise<void>;
  timing: PollTiming;
  http?: ProviderHttpOptions | undefined;
}

/**
 * Signs in with a device code: shows the code, polls until the person has answered, checks the ID token.
 * @throws {@link OidcError}, {@link StsTransportError}
 */
export async function loginWithDevice(options: DeviceLoginOptions): Promise<SignedIn> {
  const device = await startDeviceAuthorization(options.provider, options.client, options.scopes, options.http);
  const { deviceCode: _secret, ...shown } = device;
  await options.prompt(shown);
  const tokens = await pollDeviceToken(options.provider, options.client, device, options.timing, options.http);
  const claims = checkIdTokenClaims(tokens.idToken, { issuer: options.provider.issuer, clientId: options.client.clientId, nowMs: options.timing.now() });
  return { tokens, claims };
}

/** What is kept of a sign-in (or of a refresh, which keeps `loggedInAt` and, without rotation, the old refresh token). Pure. */
export function storedLogin(
  signedIn: SignedIn,
  context: { issuer: string; clientId: string; nowMs: number; previous?: StoredLogin | undefined },
): StoredLogin {
  const refreshToken = signedIn.tokens.refreshToken ?? context.previous?.refreshToken;
  return {
    issuer: context.issuer,
    clientId: context.clientId,
    refreshToken,
    idToken: signedIn.tokens.idToken,
    idTokenExpiresAt: signedIn.claims.exp * 1000,
    subject: signedIn.claims.displayName,
    loggedInAt: context.previous?.loggedInAt ?? context.nowMs,
  };
}

/** The error for a missing, expired or revoked login. */
export function loginRequired(name: string, why: string): OidcError {
  return new OidcError(`${why}: sign in again (login ${name})`, { reason: 'login-required' });
}
