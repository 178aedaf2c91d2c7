import type { CredentialsOnlyResult } from '../../types.js';
import { defineAction, optional, type Checked } from '../action.js';
import { durationParam, requireString } from '../validate.js';

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

/** The result of `AssumeRoleWithLDAPIdentity` (MinIO): credentials only. */
export type AssumeRoleWithLdapIdentityResult = CredentialsOnlyResult<'AssumeRoleWithLDAPIdentity'>;

/** AssumeRoleWithLDAPIdentity (MinIO): an LDAP user name and password, in an unsigned form body. */
export const ldapIdentityAction = defineAction({
  name: 'AssumeRoleWithLDAPIdentity',
  parametersIn: 'body',
  durationLimits: { min: 900, max: 31_536_000 },
  parameters: { username: true, password: true, durationSeconds: true, policy: true, tokenRevokeType: true },
  secretParam: 'password',
  validate(params: LdapIdentityParams, context) {
    requireString(params.username, 'username', context);
  },
  wire: (params: Checked<LdapIdentityParams>) => [
    ['LDAPUsername', params.username],
    ['LDAPPassword', params.password],
    ['DurationSeconds', durationParam(params.durationSeconds)],
    ['Policy', params.policy],
    ['TokenRevokeType', optional(params.tokenRevokeType)],
  ],
  readResult: () => ({}),
  resultFields: {},
});
