import type { StsClientOptions } from '../client/sts-client.js';
import { ldapIdentityAction, type LdapIdentityParams } from '../sts/actions/ldap-identity.js';
import { fromAction } from './from-action.js';
import type { RefreshOptions } from './refresh-engine.js';
import type { RefreshingCredentialProvider } from './refreshing-provider.js';
import type { WithSecretSource } from './secret-source.js';

/** Options of {@link fromLdapIdentity}: where to call, the AssumeRoleWithLDAPIdentity call, and when to refresh. */
export type FromLdapIdentityOptions = StsClientOptions & WithSecretSource<LdapIdentityParams, 'password'> & RefreshOptions;

/**
 * A credential provider backed by MinIO's AssumeRoleWithLDAPIdentity: caches the temporary credentials and
 * refreshes them before they expire. One {@link StsClient} serves every refresh; call `close()` when done.
 *
 * A wrong password (400 from MinIO) is not retried quickly: callers that need new credentials get the
 * {@link StsServiceError} at once.
 *
 * @example
 * ```ts
 * const credentials = fromLdapIdentity({ endpoint: 'https://minio.example.com', username: 'alice', password: () => readFile('/run/secrets/ldap', 'utf8') });
 * const s3 = new S3Client({ endpoint: 'https://minio.example.com', region: 'us-east-1', forcePathStyle: true, credentials });
 * ```
 * @throws {@link StsValidationError} for a bad endpoint, an empty user name or password, or bad call or refresh options
 */
export function fromLdapIdentity(options: FromLdapIdentityOptions): RefreshingCredentialProvider {
  return fromAction(ldapIdentityAction, options);
}
