import type { StsCallContext } from '../errors.js';
import { AWS_LIST_LIMITS, appendPolicyArns, defaultRoleSessionName, stringList } from './aws-params.js';
import { DURATION_LIMITS, STS_API_VERSION, normalizePolicy, requireString, validateDurationSeconds } from './validate.js';

/** Parameters of an AssumeRoleWithWebIdentity call. */
export interface WebIdentityParams {
  /** The OpenID Connect ID token (a JWT) from the identity provider. */
  webIdentityToken: string;
  /**
   * Role to assume. Optional on MinIO (its claim-based policy mapping needs none; an unknown ARN is then
   * ignored), required by AWS STS.
   */
  roleArn?: string | undefined;
  /**
   * Session name (AWS STS requires one; MinIO ignores it).
   * @defaultValue `sts-creds-<unix seconds>` when `roleArn` is given, else none
   */
  roleSessionName?: string | undefined;
  /**
   * Lifetime in seconds, 900..31536000.
   * @defaultValue MinIO: until the token's `exp` (which may be under 15 minutes); AWS: 3600
   */
  durationSeconds?: number | undefined;
  /** Session policy (JSON text or object); sent minified. */
  policy?: string | object | undefined;
  /** ARNs of managed session policies (AWS STS `PolicyArns.member.N.arn`), at most 10. */
  policyArns?: readonly string[] | undefined;
  /** OAuth 2.0 provider id (AWS STS, for non-OpenID providers only). */
  providerId?: string | undefined;
  /** MinIO token revoke type. */
  tokenRevokeType?: string | undefined;
}

/** Parameters of an AssumeRoleWithClientGrants call (MinIO). */
export interface ClientGrantsParams {
  /** The access token (a JWT) from the identity provider's client-credentials grant. */
  token: string;
  /** Role to assume; optional with MinIO's claim-based policy mapping. */
  roleArn?: string | undefined;
  /**
   * Lifetime in seconds, 900..31536000.
   * @defaultValue until the token's `exp`
   */
  durationSeconds?: number | undefined;
  /** Session policy (JSON text or object); sent minified. */
  policy?: string | object | undefined;
  /** MinIO token revoke type. */
  tokenRevokeType?: string | undefined;
}

/**
 * Builds the (unsigned) form body of an AssumeRoleWithWebIdentity call, validating every parameter.
 * Pure apart from `now`, which only feeds a default `RoleSessionName`.
 */
export function buildWebIdentityBody(params: WebIdentityParams, context: StsCallContext, now: Date = new Date()): string {
  const token = requireString(params.webIdentityToken, 'webIdentityToken', context);
  const form = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: STS_API_VERSION, WebIdentityToken: token });
  const duration = validateDurationSeconds(params.durationSeconds, DURATION_LIMITS.AssumeRoleWithWebIdentity, context);
  if (duration !== undefined) form.set('DurationSeconds', duration);
  const policy = normalizePolicy(params.policy, context);
  if (policy !== undefined) form.set('Policy', policy);
  const policyArns = stringList(params.policyArns, 'policyArns', AWS_LIST_LIMITS.policyArns, context);
  if (params.roleArn) form.set('RoleArn', params.roleArn);
  const sessionName = params.roleSessionName || (params.roleArn ? defaultRoleSessionName(now) : undefined);
  if (sessionName) form.set('RoleSessionName', sessionName);
  if (params.providerId) form.set('ProviderId', params.providerId);
  if (params.tokenRevokeType) form.set('TokenRevokeType', params.tokenRevokeType);
  appendPolicyArns(form, policyArns);
  return form.toString();
}

/** Builds the (unsigned) form body of an AssumeRoleWithClientGrants call, validating every parameter. Pure. */
export function buildClientGrantsBody(params: ClientGrantsParams, context: StsCallContext): string {
  const token = requireString(params.token, 'token', context);
  const form = new URLSearchParams({ Action: 'AssumeRoleWithClientGrants', Version: STS_API_VERSION, Token: token });
  const duration = validateDurationSeconds(params.durationSeconds, DURATION_LIMITS.AssumeRoleWithClientGrants, context);
  if (duration !== undefined) form.set('DurationSeconds', duration);
  const policy = normalizePolicy(params.policy, context);
  if (policy !== undefined) form.set('Policy', policy);
  if (params.roleArn) form.set('RoleArn', params.roleArn);
  if (params.tokenRevokeType) form.set('TokenRevokeType', params.tokenRevokeType);
  return form.toString();
}
