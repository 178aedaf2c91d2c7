import type { StsCallContext } from '../errors.js';
import { DURATION_LIMITS, STS_API_VERSION, normalizePolicy, requireString, validateDurationSeconds } from './validate.js';

/** Parameters of an AssumeRoleWithLDAPIdentity call (MinIO). */
export interface LdapIdentityParams {
  /** The LDAP user name MinIO looks up with its user search filter, e.g. `alice` for `(uid=%s)`. */
  username: string;
  /** The user's LDAP password. Sent only in the (unsigned) form body, never in a URL. */
  password: string;
  /**
   * Lifetime of the credentials in seconds, 900..31536000.
   * @defaultValue the server's default (3600 on MinIO)
   */
  durationSeconds?: number | undefined;
  /** Session policy (JSON text or object); sent minified. Narrows what the credentials may do. */
  policy?: string | object | undefined;
  /** MinIO token revoke type, stored as a claim for later revocation. */
  tokenRevokeType?: string | undefined;
}

/**
 * Builds the form body of an AssumeRoleWithLDAPIdentity call, validating every parameter. Pure.
 * The body carries the password, so it must only ever travel as a request body.
 */
export function buildLdapIdentityBody(params: LdapIdentityParams, context: StsCallContext): string {
  const username = requireString(params.username, 'username', context);
  const password = requireString(params.password, 'password', context);
  const form = new URLSearchParams({
    Action: 'AssumeRoleWithLDAPIdentity',
    Version: STS_API_VERSION,
    LDAPUsername: username,
    LDAPPassword: password,
  });
  const duration = validateDurationSeconds(params.durationSeconds, DURATION_LIMITS.AssumeRoleWithLDAPIdentity, context);
  if (duration !== undefined) form.set('DurationSeconds', duration);
  const policy = normalizePolicy(params.policy, context);
  if (policy !== undefined) form.set('Policy', policy);
  if (params.tokenRevokeType) form.set('TokenRevokeType', params.tokenRevokeType);
  return form.toString();
}
