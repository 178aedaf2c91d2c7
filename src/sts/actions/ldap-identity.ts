import type { RoleSessionFields, StsResultMetadata, TemporaryCredentials } from '../../types.js';
import { ROLE_SESSION_FIELDS, readRoleSession } from '../role-session.js';
import { defineAction, optional, type Checked } from '../action.js';
import { defaultRoleSessionName } from '../aws-params.js';
import { durationParam, requireString } from '../validate.js';

/** Parameters of an AssumeRoleWithLDAPIdentity call (MinIO, SeaweedFS). */
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
  /** Role to assume: SeaweedFS requires one (its trust policy must admit the LDAP user); MinIO ignores it. */
  roleArn?: string | undefined;
  /**
   * Session name (SeaweedFS requires one; MinIO ignores it).
   * @defaultValue `sts-creds-<unix seconds>` when `roleArn` is given, else none
   */
  roleSessionName?: string | undefined;
}

/** The result of `AssumeRoleWithLDAPIdentity`: credentials, and the role session where the server names one (SeaweedFS). */
export interface AssumeRoleWithLdapIdentityResult extends TemporaryCredentials, StsResultMetadata, RoleSessionFields {
  action: 'AssumeRoleWithLDAPIdentity';
}

/** AssumeRoleWithLDAPIdentity (MinIO, SeaweedFS): an LDAP user name and password, in an unsigned form body. */
export const ldapIdentityAction = defineAction({
  name: 'AssumeRoleWithLDAPIdentity',
  parametersIn: 'body',
  durationLimits: { min: 900, max: 31_536_000 },
  parameters: { username: true, password: true, durationSeconds: true, policy: true, tokenRevokeType: true, roleArn: true, roleSessionName: true },
  secretParam: 'password',
  validate(params: LdapIdentityParams, context) {
    requireString(params.username, 'username', context);
  },
  wire: (params: Checked<LdapIdentityParams>, now) => [
    ['LDAPUsername', params.username],
    ['LDAPPassword', params.password],
    ['DurationSeconds', durationParam(params.durationSeconds)],
    ['Policy', params.policy],
    ['TokenRevokeType', optional(params.tokenRevokeType)],
    ['RoleArn', optional(params.roleArn)],
    ['RoleSessionName', params.roleSessionName || (params.roleArn ? defaultRoleSessionName(now) : undefined)],
  ],
  readResult: readRoleSession,
  resultFields: ROLE_SESSION_FIELDS,
});
