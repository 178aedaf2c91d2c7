import { StsClient, type StsClientOptions } from '../client/sts-client.js';
import { buildClientGrantsBody, type ClientGrantsParams } from '../sts/web-identity.js';
import { RefreshEngine, type RefreshOptions } from './refresh-engine.js';
import { createRefreshingProvider, epochClock, refreshSettings, type RefreshingCredentialProvider } from './refreshing-provider.js';
import { readSecret, type SecretSource } from './secret-source.js';

/** Options of {@link fromClientGrants}: where to call, the AssumeRoleWithClientGrants call, and when to refresh. */
export type FromClientGrantsOptions = StsClientOptions &
  Omit<ClientGrantsParams, 'token'> &
  RefreshOptions & {
    /** The access token, or a function that returns a current one (called before each refresh). */
    token: SecretSource;
  };

/**
 * A credential provider backed by MinIO's AssumeRoleWithClientGrants: caches the temporary credentials and
 * refreshes them before they expire, asking for a current token each time. Call `close()` when done.
 *
 * @example
 * ```ts
 * const credentials = fromClientGrants({ endpoint: 'http://localhost:9000', token: () => idp.clientCredentialsToken() });
 * ```
 * @throws {@link StsValidationError} for a bad endpoint, an empty token, or bad call or refresh options
 */
export function fromClientGrants(options: FromClientGrantsOptions): RefreshingCredentialProvider {
  const client = new StsClient(options);
  const context = { action: 'AssumeRoleWithClientGrants', endpoint: client.endpoint.origin };
  const { token, roleArn, durationSeconds, policy, tokenRevokeType } = options;
  const params = { roleArn, durationSeconds, policy, tokenRevokeType };
  buildClientGrantsBody({ ...params, token: typeof token === 'function' ? 'x' : token }, context);
  const fetch = async () => client.assumeRoleWithClientGrants({ ...params, token: await readSecret(token) });
  const engine = new RefreshEngine({ ...refreshSettings(options), fetch, now: epochClock(options.now), context });
  return createRefreshingProvider(engine, () => client.close());
}
