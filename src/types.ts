/**
 * Public data types shared by every action. Field names follow the AWS SDK v3 `AwsCredentialIdentity`.
 * Each action's own parameters and result live in its description under `sts/actions/`.
 */

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

/** Response metadata common to every action. */
export interface StsResultMetadata {
  /** The STS action that produced the credentials, e.g. `AssumeRole`. */
  action: string;
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

/** The result of an action that returns credentials only (LDAP, Certificate). */
export type CredentialsOnlyResult<A extends string> = TemporaryCredentials & StsResultMetadata & { action: A };

/** What AWS STS says about the role session (MinIO sends an empty `AssumedRoleUser` and none of the rest). */
export interface RoleSessionFields {
  /** `AssumedRoleUser`: the role session's ARN and id on AWS STS; empty strings on MinIO. */
  assumedRoleUser: AssumedRoleUser | undefined;
  /** `PackedPolicySize` (AWS STS): percentage of the allowed size the session policies and tags use. */
  packedPolicySize: number | undefined;
  /** `SourceIdentity` (AWS STS), when one was set. */
  sourceIdentity: string | undefined;
}

/** An action's own result fields: its result type less the credentials and metadata every action has. */
export type ExtraOf<R> = Omit<R, keyof TemporaryCredentials | keyof StsResultMetadata>;
