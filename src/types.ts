/** Public data types. Field names follow the AWS SDK v3 `AwsCredentialIdentity`. */

/** Long-term credentials used to sign an AssumeRole call. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Not accepted by MinIO's AssumeRole; sent as `X-Amz-Security-Token` only for AWS STS. */
  sessionToken?: string | undefined;
}

/** Temporary credentials, structurally an AWS SDK v3 `AwsCredentialIdentity`. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** When the credentials stop working. */
  expiration: Date;
}

/** STS actions this package can call. */
export type StsAction =
  | 'AssumeRole'
  | 'AssumeRoleWithCustomToken'
  | 'AssumeRoleWithLDAPIdentity'
  | 'AssumeRoleWithWebIdentity'
  | 'AssumeRoleWithClientGrants'
  | 'AssumeRoleWithCertificate';

/** Response metadata common to every action. */
export interface StsResultMetadata {
  /** The action that produced the credentials. */
  action: StsAction;
  /** `RequestId` from the response (or the `x-amz-request-id` header). */
  requestId: string | undefined;
  /** The server's `Date` header, when it sent one (lets callers measure clock skew). */
  serverDate: Date | undefined;
}

/** `AssumedRoleUser` of a response: empty strings on MinIO, the role session's ARN and id on AWS STS. */
export interface AssumedRoleUser {
  /** e.g. `arn:aws:sts::123456789012:assumed-role/deploy/nightly` */
  arn: string;
  /** `AssumedRoleId` (AWS) or `AssumeRoleId` (MinIO), e.g. `AROA...:nightly` */
  assumedRoleId: string;
}

/** The result of `AssumeRole`. */
export interface AssumeRoleResult extends TemporaryCredentials, StsResultMetadata {
  action: 'AssumeRole';
  /** `AssumedRoleUser` (always empty strings on MinIO; set by AWS STS). */
  assumedRoleUser: AssumedRoleUser | undefined;
  /** `PackedPolicySize` (AWS STS): percentage of the allowed size the session policies and tags use. */
  packedPolicySize: number | undefined;
  /** `SourceIdentity` (AWS STS), when one was set. */
  sourceIdentity: string | undefined;
}

/** The result of `AssumeRoleWithCustomToken`. */
export interface AssumeRoleWithCustomTokenResult extends TemporaryCredentials, StsResultMetadata {
  action: 'AssumeRoleWithCustomToken';
  /** `AssumedUser`, e.g. `custom:alice` (the identity plugin's user). */
  assumedUser: string | undefined;
}

/** The result of `AssumeRoleWithLDAPIdentity` (MinIO): credentials only. */
export interface AssumeRoleWithLdapIdentityResult extends TemporaryCredentials, StsResultMetadata {
  action: 'AssumeRoleWithLDAPIdentity';
}

/** The result of `AssumeRoleWithWebIdentity`. */
export interface AssumeRoleWithWebIdentityResult extends TemporaryCredentials, StsResultMetadata {
  action: 'AssumeRoleWithWebIdentity';
  /** `SubjectFromWebIdentityToken`: the token's `sub` claim. */
  subjectFromWebIdentityToken: string | undefined;
  /** `AssumedRoleUser` (empty strings on MinIO). */
  assumedRoleUser: AssumedRoleUser | undefined;
  /** `Audience` (AWS STS): the token's audience / client id. */
  audience: string | undefined;
  /** `Provider` (AWS STS): the token's issuer. */
  provider: string | undefined;
  /** `PackedPolicySize` (AWS STS). */
  packedPolicySize: number | undefined;
  /** `SourceIdentity` (AWS STS). */
  sourceIdentity: string | undefined;
}

/** The result of `AssumeRoleWithClientGrants` (MinIO). */
export interface AssumeRoleWithClientGrantsResult extends TemporaryCredentials, StsResultMetadata {
  action: 'AssumeRoleWithClientGrants';
  /** `SubjectFromToken`: the token's `sub` claim. */
  subjectFromToken: string | undefined;
  /** `AssumedRoleUser` (empty strings on MinIO). */
  assumedRoleUser: AssumedRoleUser | undefined;
}

/** The result of `AssumeRoleWithCertificate` (MinIO, mutual TLS): credentials only. */
export interface AssumeRoleWithCertificateResult extends TemporaryCredentials, StsResultMetadata {
  action: 'AssumeRoleWithCertificate';
}

/** Any STS result; switch on `action`. */
export type StsResult =
  | AssumeRoleResult
  | AssumeRoleWithCustomTokenResult
  | AssumeRoleWithLdapIdentityResult
  | AssumeRoleWithWebIdentityResult
  | AssumeRoleWithClientGrantsResult
  | AssumeRoleWithCertificateResult;

/** The result type of one action. */
export type StsResultOf<A extends StsAction> = Extract<StsResult, { action: A }>;
