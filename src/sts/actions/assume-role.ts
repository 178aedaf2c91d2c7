import type { RoleSessionFields, SigningCredentials, StsResultMetadata, TemporaryCredentials } from '../../types.js';
import { ROLE_SESSION_FIELDS, readRoleSession } from '../role-session.js';
import { defineAction, optional, type Checked } from '../action.js';
import {
  AWS_LIST_LIMITS,
  checkMfa,
  defaultRoleSessionName,
  normalizeTags,
  policyArnParams,
  stringList,
  tagParams,
  transitiveTagKeyParams,
  type SessionTags,
} from '../aws-params.js';
import { durationParam } from '../validate.js';

/** Parameters of an AssumeRole call (besides endpoint and signing credentials). */
export interface AssumeRoleParams {
  /**
   * Lifetime of the credentials in seconds, 900..31536000.
   * @defaultValue the server's default (3600 on MinIO and AWS)
   */
  durationSeconds?: number | undefined;
  /** Session policy (JSON text or object); sent minified. Narrows what the credentials may do. */
  policy?: string | object | undefined;
  /** Role to assume (AWS STS; MinIO ignores it). */
  roleArn?: string | undefined;
  /**
   * Session name (AWS STS; MinIO ignores it).
   * @defaultValue `sts-creds-<unix seconds>` when `roleArn` is given (AWS requires one), else none
   */
  roleSessionName?: string | undefined;
  /** External id (AWS STS; MinIO ignores it). */
  externalId?: string | undefined;
  /** MinIO token revoke type, stored as a claim for later revocation. */
  tokenRevokeType?: string | undefined;
  /** MFA device serial number or ARN (AWS STS); needs {@link AssumeRoleParams.tokenCode}. */
  serialNumber?: string | undefined;
  /** The six-digit code the MFA device shows (AWS STS); needs {@link AssumeRoleParams.serialNumber}. */
  tokenCode?: string | undefined;
  /** Session tags (AWS STS `Tags.member.N`), at most 50. */
  tags?: SessionTags | undefined;
  /** Keys of session tags that pass on to chained role sessions (AWS STS `TransitiveTagKeys.member.N`). */
  transitiveTagKeys?: readonly string[] | undefined;
  /** ARNs of managed policies used as session policies (AWS STS `PolicyArns.member.N.arn`), at most 10. */
  policyArns?: readonly string[] | undefined;
  /** Source identity recorded in the role session (AWS STS). */
  sourceIdentity?: string | undefined;
}

/** Options of one AssumeRole call: its parameters and the long-term credentials that sign it. */
export interface AssumeRoleCallOptions extends AssumeRoleParams {
  /** Long-term credentials that sign the call: a MinIO user's access key and secret key. */
  credentials: SigningCredentials;
}

/** The result of `AssumeRole`. */
export interface AssumeRoleResult extends TemporaryCredentials, StsResultMetadata, RoleSessionFields {
  action: 'AssumeRole';
}

/** AssumeRole: SigV4-signed with a user's own access key and secret key. */
export const assumeRoleAction = defineAction({
  name: 'AssumeRole',
  parametersIn: 'body',
  durationLimits: { min: 900, max: 31_536_000 },
  parameters: { credentials: true, durationSeconds: true, policy: true, roleArn: true, roleSessionName: true, externalId: true, tokenRevokeType: true, serialNumber: true, tokenCode: true, tags: true, transitiveTagKeys: true, policyArns: true, sourceIdentity: true },
  signingCredentials: (params: AssumeRoleCallOptions) => params.credentials,
  validate(params: AssumeRoleCallOptions, context) {
    checkMfa(params.serialNumber, params.tokenCode, context);
    normalizeTags(params.tags, context);
    stringList(params.transitiveTagKeys, 'transitiveTagKeys', AWS_LIST_LIMITS.transitiveTagKeys, context);
    stringList(params.policyArns, 'policyArns', AWS_LIST_LIMITS.policyArns, context);
  },
  wire: (params: Checked<AssumeRoleCallOptions>, now) => [
    ['DurationSeconds', durationParam(params.durationSeconds)],
    ['Policy', params.policy],
    ['RoleArn', optional(params.roleArn)],
    ['RoleSessionName', params.roleSessionName || (params.roleArn ? defaultRoleSessionName(now) : undefined)],
    ['ExternalId', optional(params.externalId)],
    ['TokenRevokeType', optional(params.tokenRevokeType)],
    ['SerialNumber', optional(params.serialNumber)],
    ['TokenCode', optional(params.tokenCode)],
    ['SourceIdentity', optional(params.sourceIdentity)],
    ...policyArnParams(params.policyArns),
    ...tagParams(normalizeTags(params.tags, {})),
    ...transitiveTagKeyParams(params.transitiveTagKeys),
  ],
  readResult: readRoleSession,
  resultFields: ROLE_SESSION_FIELDS,
});
