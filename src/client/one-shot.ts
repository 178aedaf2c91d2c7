import type { AnyStsActionSpec, ParamsOf, ResultOf } from '../sts/action.js';
import { assumeRoleAction, type AssumeRoleResult } from '../sts/actions/assume-role.js';
import { certificateAction, type AssumeRoleWithCertificateResult, type CertificateParams } from '../sts/actions/certificate.js';
import { clientGrantsAction, type AssumeRoleWithClientGrantsResult, type ClientGrantsParams } from '../sts/actions/client-grants.js';
import { customTokenAction, type AssumeRoleWithCustomTokenResult, type CustomTokenParams } from '../sts/actions/custom-token.js';
import { ldapIdentityAction, type AssumeRoleWithLdapIdentityResult, type LdapIdentityParams } from '../sts/actions/ldap-identity.js';
import { webIdentityAction, type AssumeRoleWithWebIdentityResult, type WebIdentityParams } from '../sts/actions/web-identity.js';
import { StsClient, type AssumeRoleCallOptions, type StsClientOptions } from './sts-client.js';

/** Options of {@link assumeRole}: where to call, and the call itself. */
export type AssumeRoleOptions = StsClientOptions & AssumeRoleCallOptions;

/** Options of {@link assumeRoleWithCustomToken}. */
export type AssumeRoleWithCustomTokenOptions = StsClientOptions & CustomTokenParams;

/** Options of {@link assumeRoleWithLdapIdentity}. */
export type AssumeRoleWithLdapIdentityOptions = StsClientOptions & LdapIdentityParams;

/** Options of {@link assumeRoleWithWebIdentity}. */
export type AssumeRoleWithWebIdentityOptions = StsClientOptions & WebIdentityParams;

/** Options of {@link assumeRoleWithClientGrants}. */
export type AssumeRoleWithClientGrantsOptions = StsClientOptions & ClientGrantsParams;

/** Options of {@link assumeRoleWithCertificate}: the endpoint, the TLS client certificate (`cert` + `key`, or `pfx`), usually `ca`. */
export type AssumeRoleWithCertificateOptions = StsClientOptions & CertificateParams;

/**
 * One call of any action with a client of its own, closed afterwards: the function behind {@link assumeRole} and
 * its siblings.
 * @throws {@link StsValidationError} | {@link StsServiceError} | {@link StsResponseError} | {@link StsTransportError}
 */
export async function callOnce<S extends AnyStsActionSpec>(spec: S, options: StsClientOptions & ParamsOf<S>): Promise<ResultOf<S>> {
  const client = new StsClient(options);
  try {
    return await client.call(spec, options);
  } finally {
    await client.close();
  }
}

/**
 * Gets temporary credentials with AssumeRole (SigV4-signed with a user's own keys).
 *
 * @example
 * ```ts
 * const creds = await assumeRole({
 *   endpoint: 'http://localhost:9000',
 *   credentials: { accessKeyId: 'foobar', secretAccessKey: 'foo12345' },
 *   durationSeconds: 3600,
 * });
 * ```
 * @throws {@link StsValidationError} | {@link StsServiceError} | {@link StsResponseError} | {@link StsTransportError}
 */
export const assumeRole: (options: AssumeRoleOptions) => Promise<AssumeRoleResult> = (options) => callOnce(assumeRoleAction, options);

/**
 * Gets temporary credentials with AssumeRoleWithCustomToken (a token checked by MinIO's identity plugin).
 *
 * @example
 * ```ts
 * const creds = await assumeRoleWithCustomToken({
 *   endpoint: 'http://localhost:9000',
 *   token: process.env.MY_TOKEN!,
 *   roleArn: 'arn:minio:iam:::role/idmp-test',
 * });
 * ```
 * @throws {@link StsValidationError} | {@link StsServiceError} | {@link StsResponseError} | {@link StsTransportError}
 */
export const assumeRoleWithCustomToken: (options: AssumeRoleWithCustomTokenOptions) => Promise<AssumeRoleWithCustomTokenResult> = (options) => callOnce(customTokenAction, options);

/**
 * Gets temporary credentials with AssumeRoleWithLDAPIdentity (MinIO): an LDAP user name and password, sent in an
 * unsigned form body.
 *
 * @example
 * ```ts
 * const creds = await assumeRoleWithLdapIdentity({ endpoint: 'https://minio.example.com', username: 'alice', password });
 * ```
 * @throws {@link StsValidationError} | {@link StsServiceError} | {@link StsResponseError} | {@link StsTransportError}
 */
export const assumeRoleWithLdapIdentity: (options: AssumeRoleWithLdapIdentityOptions) => Promise<AssumeRoleWithLdapIdentityResult> = (options) => callOnce(ldapIdentityAction, options);

/**
 * Gets temporary credentials with AssumeRoleWithWebIdentity: an OpenID Connect ID token (JWT).
 *
 * @example
 * ```ts
 * const creds = await assumeRoleWithWebIdentity({ endpoint: 'http://localhost:9000', webIdentityToken: idToken });
 * console.log(creds.subjectFromWebIdentityToken);
 * ```
 * @throws {@link StsValidationError} | {@link StsServiceError} | {@link StsResponseError} | {@link StsTransportError}
 */
export const assumeRoleWithWebIdentity: (options: AssumeRoleWithWebIdentityOptions) => Promise<AssumeRoleWithWebIdentityResult> = (options) => callOnce(webIdentityAction, options);

/**
 * Gets temporary credentials with AssumeRoleWithClientGrants (MinIO): an access token from a client-credentials grant.
 *
 * @example
 * ```ts
 * const creds = await assumeRoleWithClientGrants({ endpoint: 'http://localhost:9000', token: accessToken });
 * console.log(creds.subjectFromToken);
 * ```
 * @throws {@link StsValidationError} | {@link StsServiceError} | {@link StsResponseError} | {@link StsTransportError}
 */
export const assumeRoleWithClientGrants: (options: AssumeRoleWithClientGrantsOptions) => Promise<AssumeRoleWithClientGrantsResult> = (options) => callOnce(clientGrantsAction, options);

/**
 * Gets temporary credentials with AssumeRoleWithCertificate (MinIO): mutual TLS, where the client certificate's
 * subject CN names the MinIO policy.
 *
 * @example
 * ```ts
 * const creds = await assumeRoleWithCertificate({
 *   endpoint: 'https://minio.example.com:9000',
 *   cert: await readFile('client.crt'),
 *   key: await readFile('client.key'),
 *   ca: await readFile('ca.crt'),
 * });
 * ```
 * @throws {@link StsValidationError} | {@link StsServiceError} | {@link StsResponseError} | {@link StsTransportError}
 */
export const assumeRoleWithCertificate: (options: AssumeRoleWithCertificateOptions) => Promise<AssumeRoleWithCertificateResult> = (options) => callOnce(certificateAction, options);
