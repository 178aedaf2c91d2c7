import type { AssumeRoleResult } from '../sts/actions/assume-role.js';
import type { AssumeRoleWithCertificateResult, CertificateParams } from '../sts/actions/certificate.js';
import type { AssumeRoleWithClientGrantsResult, ClientGrantsParams } from '../sts/actions/client-grants.js';
import type { AssumeRoleWithCustomTokenResult, CustomTokenParams } from '../sts/actions/custom-token.js';
import type { AssumeRoleWithLdapIdentityResult, LdapIdentityParams } from '../sts/actions/ldap-identity.js';
import type { AssumeRoleWithWebIdentityResult, WebIdentityParams } from '../sts/actions/web-identity.js';
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

async function once<T>(options: StsClientOptions, call: (client: StsClient) => Promise<T>): Promise<T> {
  const client = new StsClient(options);
  try {
    return await call(client);
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
export function assumeRole(options: AssumeRoleOptions): Promise<AssumeRoleResult> {
  return once(options, (client) => client.assumeRole(options));
}

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
export function assumeRoleWithCustomToken(options: AssumeRoleWithCustomTokenOptions): Promise<AssumeRoleWithCustomTokenResult> {
  return once(options, (client) => client.assumeRoleWithCustomToken(options));
}

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
export function assumeRoleWithLdapIdentity(options: AssumeRoleWithLdapIdentityOptions): Promise<AssumeRoleWithLdapIdentityResult> {
  return once(options, (client) => client.assumeRoleWithLdapIdentity(options));
}

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
export function assumeRoleWithWebIdentity(options: AssumeRoleWithWebIdentityOptions): Promise<AssumeRoleWithWebIdentityResult> {
  return once(options, (client) => client.assumeRoleWithWebIdentity(options));
}

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
export function assumeRoleWithClientGrants(options: AssumeRoleWithClientGrantsOptions): Promise<AssumeRoleWithClientGrantsResult> {
  return once(options, (client) => client.assumeRoleWithClientGrants(options));
}

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
export function assumeRoleWithCertificate(options: AssumeRoleWithCertificateOptions): Promise<AssumeRoleWithCertificateResult> {
  return once(options, (client) => client.assumeRoleWithCertificate(options));
}
