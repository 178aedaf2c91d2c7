import type { StsClientOptions } from '../client/sts-client.js';
import { clientGrantsAction, type ClientGrantsParams } from '../sts/actions/client-grants.js';
import { fromAction } from './from-action.js';
import type { RefreshOptions } from './refresh-engine.js';
import type { RefreshingCredentialProvider } from './refreshing-provider.js';
import type { WithSecretSource } from './secret-source.js';

/** Options of {@link fromClientGrants}: where to call, the AssumeRoleWithClientGrants call, and when to refresh. */
export type FromClientGrantsOptions = StsClientOptions & WithSecretSource<ClientGrantsParams, 'token'> & RefreshOptions;

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
  return fromAction(clientGrantsAction, options);
}
