import type { StsCallContext } from '../errors.js';
import {
  AWS_LIST_LIMITS,
  appendPolicyArns,
  appendTags,
  appendTransitiveTagKeys,
  checkMfa,
  defaultRoleSessionName,
  normalizeTags,
  stringList,
  type SessionTags,
} from './aws-params.js';
import { DURATION_LIMITS, STS_API_VERSION, normalizePolicy, validateDurationSeconds } from './validate.js';

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

/**
 * Builds the form body of an AssumeRole call, validating every parameter. Pure apart from `now`.
 * @param now - the clock reading used for a default `RoleSessionName`
 */
export function buildAssumeRoleBody(params: AssumeRoleParams, context: StsCallContext, now: Date = new Date()): string {
  const form = new URLSearchParams({ Action: 'AssumeRole', Version: STS_API_VERSION });
  const duration = validateDurationSeconds(params.durationSeconds, DURATION_LIMITS.AssumeRole, context);
  if (duration !== undefined) form.set('DurationSeconds', duration);
  const policy = normalizePolicy(params.policy, context);
  if (policy !== undefined) form.set('Policy', policy);
  checkMfa(params.serialNumber, params.tokenCode, context);
  const tags = normalizeTags(params.tags, context);
  const transitive = stringList(params.transitiveTagKeys, 'transitiveTagKeys', AWS_LIST_LIMITS.transitiveTagKeys, context);
  const policyArns = stringList(params.policyArns, 'policyArns', AWS_LIST_LIMITS.policyArns, context);
  if (params.roleArn) form.set('RoleArn', params.roleArn);
  const sessionName = params.roleSessionName || (params.roleArn ? defaultRoleSessionName(now) : undefined);
  if (sessionName) form.set('RoleSessionName', sessionName);
  if (params.externalId) form.set('ExternalId', params.externalId);
  if (params.tokenRevokeType) form.set('TokenRevokeType', params.tokenRevokeType);
  if (params.serialNumber) form.set('SerialNumber', params.serialNumber);
  if (params.tokenCode) form.set('TokenCode', params.tokenCode);
  if (params.sourceIdentity) form.set('SourceIdentity', params.sourceIdentity);
  appendPolicyArns(form, policyArns);
  appendTags(form, tags);
  appendTransitiveTagKeys(form, transitive);
  return form.toString();
}
