import type { StsClientOptions } from '../client/sts-client.js';
import { webIdentityAction, type WebIdentityParams } from '../sts/actions/web-identity.js';
import { fromAction } from './from-action.js';
import type { RefreshOptions } from './refresh-engine.js';
import type { RefreshingCredentialProvider } from './refreshing-provider.js';
import type { WithSecretSource } from './secret-source.js';

/** Options of {@link fromWebIdentity}: where to call, the AssumeRoleWithWebIdentity call, and when to refresh. */
export type FromWebIdentityOptions = StsClientOptions & WithSecretSource<WebIdentityParams, 'webIdentityToken'> & RefreshOptions;

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
  return fromAction(webIdentityAction, options);
}
