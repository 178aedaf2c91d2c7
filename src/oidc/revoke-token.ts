/** Token revocation (RFC 7009): tells the provider a refresh token is no longer wanted. */
import { serverText } from '../text/server-text.js';
import { OidcError } from './oidc-error.js';
import { clientAuthentication, clientSecrets, type OidcClient } from './oidc-client.js';
import type { ProviderMetadata } from './discover-provider.js';
import { providerError, providerRequest, type ProviderHttpOptions } from './provider-http.js';

/**
 * Revokes `token` (a refresh token unless `hint` says otherwise). RFC 7009 2.2: the provider answers 200
 * for a token it does not know too, so success means "no longer valid", whatever it was.
 * @throws {@link OidcError} (`unsupported` when the provider has no revocation endpoint, `provider`), {@link StsTransportError}
 */
export async function revokeToken(
  provider: ProviderMetadata,
  client: OidcClient,
  token: string,
  options: ProviderHttpOptions & { hint?: 'refresh_token' | 'access_token' } = {},
): Promise<void> {
  const url = provider.revocationEndpoint;
  if (!url) throw new OidcError(`the provider ${serverText(provider.issuer)} offers no revocation endpoint`, { reason: 'unsupported' });
  const { hint = 'refresh_token', ...http } = options;
  const auth = clientAuthentication(client);
  const secrets = [token, ...clientSecrets(client)];
  const answer = await providerRequest('OpenID token revocation', url, {
    ...http,
    form: { ...auth.form, token, token_type_hint: hint },
    headers: auth.headers,
    secrets,
  });
  if (answer.statusCode !== 200) throw providerError('OpenID token revocation', url, answer, secrets);
}
