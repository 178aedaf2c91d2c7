export { StsClient } from './client/sts-client.js';
export type { StsClientOptions } from './client/sts-client.js';
export {
  assumeRole,
  assumeRoleWithCustomToken,
  assumeRoleWithLdapIdentity,
  assumeRoleWithWebIdentity,
  assumeRoleWithClientGrants,
  assumeRoleWithCertificate,
  callOnce,
} from './client/one-shot.js';
export type {
  AssumeRoleOptions,
  AssumeRoleWithCustomTokenOptions,
  AssumeRoleWithLdapIdentityOptions,
  AssumeRoleWithWebIdentityOptions,
  AssumeRoleWithClientGrantsOptions,
  AssumeRoleWithCertificateOptions,
} from './client/one-shot.js';
export { assumeRoleAction } from './sts/actions/assume-role.js';
export type { AssumeRoleParams, AssumeRoleCallOptions, AssumeRoleResult } from './sts/actions/assume-role.js';
export { customTokenAction } from './sts/actions/custom-token.js';
export type { CustomTokenParams, AssumeRoleWithCustomTokenResult } from './sts/actions/custom-token.js';
export { ldapIdentityAction } from './sts/actions/ldap-identity.js';
export type { LdapIdentityParams, AssumeRoleWithLdapIdentityResult } from './sts/actions/ldap-identity.js';
export { webIdentityAction } from './sts/actions/web-identity.js';
export type { WebIdentityParams, AssumeRoleWithWebIdentityResult } from './sts/actions/web-identity.js';
export { clientGrantsAction } from './sts/actions/client-grants.js';
export type { ClientGrantsParams, AssumeRoleWithClientGrantsResult } from './sts/actions/client-grants.js';
export { certificateAction } from './sts/actions/certificate.js';
export type { CertificateParams, AssumeRoleWithCertificateResult } from './sts/actions/certificate.js';
export type {
  StsActionSpec,
  StsActionDefinition,
  AnyStsActionSpec,
  ParametersIn,
  DurationLimits,
  ResultReader,
  ResultField,
  ResultLabel,
  ResultLabels,
  ParamKeys,
  Checked,
  WireParam,
  ParamsOf,
  ResultOf,
} from './sts/action.js';
export { STS_ACTIONS, DURATION_LIMITS } from './sts/registry.js';
export type { StsAction, StsResult, StsResultOf } from './sts/registry.js';
export type { SessionTag, SessionTags } from './sts/aws-params.js';
export { STS_API_VERSION } from './sts/validate.js';
export { fromAction } from './providers/from-action.js';
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
export { fromTokenFile } from './providers/from-token-file.js';
export type { SecretSource, WithSecretSource } from './providers/secret-source.js';
export { fromKeyring, readKeyringCredentials } from './keyring/from-keyring.js';
export type { KeyringOptions } from './keyring/keyring-store.js';
export { KEYRING_KINDS, KEYRING_SERVICE } from './keyring/keyring-secret.js';
export type { KeyringKind, KeyringSecret } from './keyring/keyring-secret.js';
export { KeyringError, isKeyringError } from './keyring/keyring-error.js';
export type { KeyringFailure } from './keyring/keyring-error.js';
export type { RefreshingCredentialProvider, ProviderCallOptions } from './providers/refreshing-provider.js';
export { REFRESH_DEFAULTS } from './providers/refresh-engine.js';
export type { RefreshOptions, RefreshErrorInfo } from './providers/refresh-engine.js';
export { fromOidcLogin } from './oidc/from-oidc-login.js';
export type { FromOidcLoginOptions } from './oidc/from-oidc-login.js';
export { discoverProvider } from './oidc/discover-provider.js';
export type { ProviderMetadata } from './oidc/discover-provider.js';
export { loginWithBrowser, loginWithDevice, loginScopes, parseScopes, storedLogin } from './oidc/login-flows.js';
export type { BrowserLoginOptions, DeviceLoginOptions, SignedIn } from './oidc/login-flows.js';
export type { DeviceAuthorization, PollTiming } from './oidc/device-authorization.js';
export { refreshTokens } from './oidc/token-endpoint.js';
export type { TokenSet } from './oidc/token-endpoint.js';
export { revokeToken } from './oidc/revoke-token.js';
export { checkIdTokenClaims } from './oidc/id-token-claims.js';
export type { IdTokenClaims } from './oidc/id-token-claims.js';
export { fileLoginStore, keyringLoginStore, autoLoginStore } from './oidc/login-store.js';
export type { LoginStore } from './oidc/login-store.js';
export type { StoredLogin } from './oidc/stored-login.js';
export type { OidcClient } from './oidc/oidc-client.js';
export type { ProviderHttpOptions } from './oidc/provider-http.js';
export { OidcError, isOidcError } from './oidc/oidc-error.js';
export type { OidcFailure } from './oidc/oidc-error.js';
export { toMinioCredentialsProvider } from './providers/to-minio-credentials-provider.js';
export type {
  AwsStyleCredentialSource,
  MinioCredentialClasses,
  MinioCredentialsInit,
  MinioCredentialsLike,
} from './providers/to-minio-credentials-provider.js';
export type { TransportOptions, Dispatcher } from './transport/http-transport.js';
export type { RetryOptions } from './transport/retry-policy.js';
export type { StsEvent, StsEventListener, RequestEvent, ResponseEvent, FailureEvent, RetryEvent, ClockSkewEvent, ExpirationClampedEvent, ExpirationReadingsDifferEvent } from './events.js';
export {
  StsCredsError,
  StsValidationError,
  StsServiceError,
  StsResponseError,
  StsTransportError,
  StsProviderClosedError,
  serviceErrorMessage,
  isStsCredsError,
  isStsServiceError,
} from './errors.js';
export type { StsCredsErrorCode, StsCallContext, StsErrorInit, StsServiceErrorFields } from './errors.js';
export type { SigningCredentials, TemporaryCredentials, StsResultMetadata, AssumedRoleUser } from './types.js';
