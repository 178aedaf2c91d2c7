import type { StsCallContext } from '../errors.js';
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
  /** Session name (AWS STS; MinIO ignores it). */
  roleSessionName?: string | undefined;
  /** External id (AWS STS; MinIO ignores it). */
  externalId?: string | undefined;
  /** MinIO token revoke type, stored as a claim for later revocation. */
  tokenRevokeType?: string | undefined;
}

/** Builds the form body of an AssumeRole call, validating every parameter. Pure. */
export function buildAssumeRoleBody(params: AssumeRoleParams, context: StsCallContext): string {
  const form = new URLSearchParams({ Action: 'AssumeRole', Version: STS_API_VERSION });
  const duration = validateDurationSeconds(params.durationSeconds, DURATION_LIMITS.AssumeRole, context);
  if (duration !== undefined) form.set('DurationSeconds', duration);
  const policy = normalizePolicy(params.policy, context);
  if (policy !== undefined) form.set('Policy', policy);
  if (params.roleArn) form.set('RoleArn', params.roleArn);
  if (params.roleSessionName) form.set('RoleSessionName', params.roleSessionName);
  if (params.externalId) form.set('ExternalId', params.externalId);
  if (params.tokenRevokeType) form.set('TokenRevokeType', params.tokenRevokeType);
  return form.toString();
}
