export { StsClient } from './client/sts-client.js';
export type { StsClientOptions, AssumeRoleCallOptions } from './client/sts-client.js';
export {
  assumeRole,
  assumeRoleWithCustomToken,
  assumeRoleWithLdapIdentity,
  assumeRoleWithWebIdentity,
  assumeRoleWithClientGrants,
  assumeRoleWithCertificate,
} from './client/one-shot.js';
export type {
  AssumeRoleOptions,
  AssumeRoleWithCustomTokenOptions,
  AssumeRoleWithLdapIdentityOptions,
  AssumeRoleWithWebIdentityOptions,
  AssumeRoleWithClientGrantsOptions,
  AssumeRoleWithCertificateOptions,
} from './client/one-shot.js';
export type { AssumeRoleParams } from './sts/assume-role.js';
export type { SessionTag, SessionTags } from './sts/aws-params.js';
export type { CustomTokenParams } from './sts/custom-token.js';
export type { LdapIdentityParams } from './sts/ldap.js';
export type { WebIdentityParams, ClientGrantsParams } from './sts/web-identity.js';
export type { CertificateParams } from './sts/certificate.js';
export { DURATION_LIMITS, STS_API_VERSION } from './sts/validate.js';
export { fromAssumeRole } from './providers/from-assume-role.js';
export type { FromAssumeRoleOptions } from './providers/from-assume-role.js';
export { fromCustomToken } from './providers/from-custom-token.js';
export type { FromCustomTokenOptions } from './providers/from-custom-token.js';
export { fromLdapIdentity } from './providers/from-ldap-identity.js';
export type { FromLdapIdentityOptions } from './providers/from-ldap-identity.js';
export { fromWebIdentity } from './providers/from-web-identity.js';
export type { FromWebIdentityOptions } from './providers/from-web-identity.js';
export { fromClientGrants } from './providers/from-client-grants.js';
export type { FromClientGrantsOptions } from './providers/from-client-grants.js';
export { fromCertificate } from './providers/from-certificate.js';
export type { FromCertificateOptions } from './providers/from-certificate.js';
export type { SecretSource } from './providers/secret-source.js';
export type { RefreshingCredentialProvider, ProviderCallOptions } from './providers/refreshing-provider.js';
export { REFRESH_DEFAULTS } from './providers/refresh-engine.js';
export type { RefreshOptions, RefreshErrorInfo } from './providers/refresh-engine.js';
export { toMinioCredentialsProvider } from './providers/to-minio-credentials-provider.js';
export type {
  AwsStyleCredentialSource,
  MinioCredentialClasses,
  MinioCredentialsInit,
  MinioCredentialsLike,
} from './providers/to-minio-credentials-provider.js';
export { listObjects } from './s3/list-objects.js';
export type { ListObjectsOptions, ListedObject } from './s3/list-objects.js';
export type { TransportOptions, Dispatcher } from './transport/http-transport.js';
export type { RetryOptions } from './transport/retry-policy.js';
export type { StsEvent, StsEventListener, RequestEvent, ResponseEvent, FailureEvent, RetryEvent, ClockSkewEvent } from './events.js';
export {
  StsCredsError,
  StsValidationError,
  StsServiceError,
  StsResponseError,
  StsTransportError,
  isStsCredsError,
  isStsServiceError,
} from './errors.js';
export type { StsCredsErrorCode, StsCallContext } from './errors.js';
export type {
  SigningCredentials,
  TemporaryCredentials,
  StsAction,
  StsResult,
  StsResultMetadata,
  StsResultOf,
  AssumedRoleUser,
  AssumeRoleResult,
  AssumeRoleWithCustomTokenResult,
  AssumeRoleWithLdapIdentityResult,
  AssumeRoleWithWebIdentityResult,
  AssumeRoleWithClientGrantsResult,
  AssumeRoleWithCertificateResult,
} from './types.js';
