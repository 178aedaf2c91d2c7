/**
 * The token endpoint (RFC 6749 section 3.2): the authorization-code exchange with its PKCE verifier, the
 * refresh-token grant and the device-code grant share one request and one answer check.
 */
import { OidcError } from './oidc-error.js';
import { clientAuthentication, clientSecrets, type OidcClient } from './oidc-client.js';
import type { ProviderMetadata } from './discover-provider.js';
import { endpointLabel, providerError, providerRequest, type ProviderAnswer, type ProviderHttpOptions } from './provider-http.js';

/** What a token endpoint answered. */
export interface TokenSet {
  idToken: string;
  /** Absent when the provider issues none (or keeps the old one valid on refresh). */
  refreshToken: string | undefined;
  accessToken: string | undefined;
}

const STEP = 'OpenID token request';

/**
 * Reads a successful token answer. Pure.
 * @throws {@link OidcError} (`bad-response`) when the answer has no ID token or a field of the wrong type
 */
export function parseTokenAnswer(json: unknown, url: URL): TokenSet {
  const doc = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  const where = endpointLabel(url);
  if (!doc) throw new OidcError(`${STEP} failed: the answer is not a JSON object [${where}]`, { reason: 'bad-response' });
  const text = (field: string): string | undefined => {
    const value = doc[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value === '') throw new OidcError(`${STEP} failed: ${field} in the answer is not a string [${where}]`, { reason: 'bad-response' });
    return value;
  };
  const idToken = text('id_token');
  if (!idToken) {
    throw new OidcError(`${STEP} failed: the answer has no id_token (is the openid scope granted to this client?) [${where}]`, { reason: 'bad-response' });
  }
  return { idToken, refreshToken: text('refresh_token'), accessToken: text('access_token') };
}

/** Sends one grant to the token endpoint and returns the raw answer (for the device poller, which reads errors). */
export async function postTokenRequest(
  provider: ProviderMetadata,
  client: OidcClient,
  grant: Record<string, string>,
  secrets: readonly string[],
  http: ProviderHttpOptions,
): Promise<ProviderAnswer> {
  const auth = clientAuthentication(client);
  return providerRequest(STEP, provider.tokenEndpoint, {
    ...http,
    form: { ...grant, ...auth.form },
    headers: auth.headers,
    secrets: [...secrets, ...clientSecrets(client)],
  });
}

/**
 * One grant at the token endpoint, answered with tokens or an {@link OidcError}. An `invalid_grant`
 * (expired or revoked refresh token, used code) is reported as `login-required`.
 * @throws {@link OidcError}, {@link StsTransportError}
 */
export async function requestTokens(
  provider: ProviderMetadata,
  client: OidcClient,
  grant: Record<string, string>,
  secrets: readonly string[],
  http: ProviderHttpOptions = {},
): Promise<TokenSet> {
  const answer = await postTokenRequest(provider, client, grant, secrets, http);
  const all = [...secrets, ...clientSecrets(client)];
  if (answer.statusCode !== 200) {
    const error = providerError(STEP, provider.tokenEndpoint, answer, all);
    if (error.oauthError === 'invalid_grant') {
      throw new OidcError(error.message, { reason: 'login-required', oauthError: error.oauthError, context: { action: STEP, endpoint: provider.tokenEndpoint.origin } });
    }
    throw error;
  }
  return parseTokenAnswer(answer.json, provider.tokenEndpoint);
}

/** The authorization-code grant with its PKCE verifier. */
export function exchangeCode(
  provider: ProviderMetadata,
  client: OidcClient,
  params: { code: string; codeVerifier: string; redirectUri: string },
  http: ProviderHttpOptions = {},
): Promise<TokenSet> {
  const grant = { grant_type: 'authorization_code', code: params.code, code_verifier: params.codeVerifier, redirect_uri: params.redirectUri };
  return requestTokens(provider, client, grant, [params.code, params.codeVerifier], http);
}

/** The refresh-token grant. The answer's refresh token, when there is one, replaces the one sent (rotation). */
export function refreshTokens(provider: ProviderMetadata, client: OidcClient, refreshToken: string, http: ProviderHttpOptions = {}): Promise<TokenSet> {
  return requestTokens(provider, client, { grant_type: 'refresh_token', refresh_token: refreshToken }, [refreshToken], http);
}
