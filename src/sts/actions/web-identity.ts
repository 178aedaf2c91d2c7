import type { ExtraOf, RoleSessionFields, StsResultMetadata, TemporaryCredentials } from '../../types.js';
import { ROLE_SESSION_FIELDS, readRoleSession } from '../role-session.js';
import { defineAction, optional, type Checked } from '../action.js';
import { AWS_LIST_LIMITS, defaultRoleSessionName, policyArnParams, stringList } from '../aws-params.js';
import { durationParam } from '../validate.js';

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

/** The result of `AssumeRoleWithWebIdentity`. */
export interface AssumeRoleWithWebIdentityResult extends TemporaryCredentials, StsResultMetadata, RoleSessionFields {
  action: 'AssumeRoleWithWebIdentity';
  /** `SubjectFromWebIdentityToken`: the token's `sub` claim. */
  subjectFromWebIdentityToken: string | undefined;
  /** `Audience` (AWS STS): the token's audience / client id. */
  audience: string | undefined;
  /** `Provider` (AWS STS): the token's issuer. */
  provider: string | undefined;
}

/** AssumeRoleWithWebIdentity: an OpenID Connect ID token, in an unsigned form body (MinIO and AWS STS). */
export const webIdentityAction = defineAction({
  name: 'AssumeRoleWithWebIdentity',
  parametersIn: 'body',
  durationLimits: { min: 900, max: 31_536_000 },
  parameters: { webIdentityToken: true, roleArn: true, roleSessionName: true, durationSeconds: true, policy: true, policyArns: true, providerId: true, tokenRevokeType: true },
  secretParam: 'webIdentityToken',
  validate(params: WebIdentityParams, context) {
    stringList(params.policyArns, 'policyArns', AWS_LIST_LIMITS.policyArns, context);
  },
  wire: (params: Checked<WebIdentityParams>, now) => [
    ['WebIdentityToken', params.webIdentityToken],
    ['DurationSeconds', durationParam(params.durationSeconds)],
    ['Policy', params.policy],
    ['RoleArn', optional(params.roleArn)],
    ['RoleSessionName', params.roleSessionName || (params.roleArn ? defaultRoleSessionName(now) : undefined)],
    ['ProviderId', optional(params.providerId)],
    ['TokenRevokeType', optional(params.tokenRevokeType)],
    ...policyArnParams(params.policyArns),
  ],
  readResult: (result): ExtraOf<AssumeRoleWithWebIdentityResult> => ({
    ...readRoleSession(result),
    subjectFromWebIdentityToken: result.text('SubjectFromWebIdentityToken'),
    audience: result.optional('Audience'),
    provider: result.optional('Provider'),
  }),
  resultFields: { subjectFromWebIdentityToken: { name: 'SubjectFromWebIdentityToken', inText: true }, audience: { name: 'Audience', inText: false }, provider: { name: 'Provider', inText: false }, ...ROLE_SESSION_FIELDS },
});
