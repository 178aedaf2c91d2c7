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
export type StsAction = 'AssumeRole' | 'AssumeRoleWithCustomToken';

/** Response metadata common to every action. */
export interface StsResultMetadata {
  /** The action that produced the credentials. */
  action: StsAction;
  /** `RequestId` from the response (or the `x-amz-request-id` header). */
  requestId: string | undefined;
  /** The server's `Date` header, when it sent one (lets callers measure clock skew). */
  serverDate: Date | undefined;
}

/** The result of `AssumeRole`. */
export interface AssumeRoleResult extends TemporaryCredentials, StsResultMetadata {
  action: 'AssumeRole';
  /** `AssumedRoleUser` (always empty strings on MinIO; set by AWS STS). */
  assumedRoleUser: { arn: string; assumedRoleId: string } | undefined;
}

/** The result of `AssumeRoleWithCustomToken`. */
export interface AssumeRoleWithCustomTokenResult extends TemporaryCredentials, StsResultMetadata {
  action: 'AssumeRoleWithCustomToken';
  /** `AssumedUser`, e.g. `custom:alice` (the identity plugin's user). */
  assumedUser: string | undefined;
}

/** Any STS result; switch on `action`. */
export type StsResult = AssumeRoleResult | AssumeRoleWithCustomTokenResult;
