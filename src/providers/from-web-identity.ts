import { StsClient, type StsClientOptions } from '../client/sts-client.js';
import { buildWebIdentityBody, type WebIdentityParams } from '../sts/web-identity.js';
import { RefreshEngine, type RefreshOptions } from './refresh-engine.js';
import { createRefreshingProvider, epochClock, refreshSettings, type RefreshingCredentialProvider } from './refreshing-provider.js';
import { readSecret, type SecretSource } from './secret-source.js';

/** Options of {@link fromWebIdentity}: where to call, the AssumeRoleWithWebIdentity call, and when to refresh. */
export type FromWebIdentityOptions = StsClientOptions &
  Omit<WebIdentityParams, 'webIdentityToken'> &
  RefreshOptions & {
    /**
     * The OpenID Connect token. ID tokens are short-lived, so pass a function that returns a current one
     * (for example one that reads a Kubernetes projected token file): it is called before each refresh.
     */
    webIdentityToken: SecretSource;
  };

/**
 * A credential provider backed by AssumeRoleWithWebIdentity: caches the temporary credentials and refreshes
 * them before they expire, asking for a current token each time. One {@link StsClient} serves every refresh;
 * call `close()` when done.
 *
 * @example
 * ```ts
 * const credentials = fromWebIdentity({
 *   endpoint: 'http://localhost:9000',
 *   webIdentityToken: () => readFile(process.env.AWS_WEB_IDENTITY_TOKEN_FILE!, 'utf8'),
 *   durationSeconds: 3600,
 * });
 * ```
 * @throws {@link StsValidationError} for a bad endpoint, an empty token, or bad call or refresh options
 */
export function fromWebIdentity(options: FromWebIdentityOptions): RefreshingCredentialProvider {
  const client = new StsClient(options);
  const context = { action: 'AssumeRoleWithWebIdentity', endpoint: client.endpoint.origin };
  const { webIdentityToken, roleArn, roleSessionName, durationSeconds, policy, policyArns, providerId, tokenRevokeType } = options;
  const params = { roleArn, roleSessionName, durationSeconds, policy, policyArns, providerId, tokenRevokeType };
  buildWebIdentityBody({ ...params, webIdentityToken: typeof webIdentityToken === 'function' ? 'x' : webIdentityToken }, context);
  const fetch = async () => client.assumeRoleWithWebIdentity({ ...params, webIdentityToken: await readSecret(webIdentityToken) });
  const engine = new RefreshEngine({ ...refreshSettings(options), fetch, now: epochClock(options.now), context });
  return createRefreshingProvider(engine, () => client.close());
}
