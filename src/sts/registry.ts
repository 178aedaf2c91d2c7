import type { ResultOf } from './action.js';
import { assumeRoleAction } from './actions/assume-role.js';
import { certificateAction } from './actions/certificate.js';
import { clientGrantsAction } from './actions/client-grants.js';
import { customTokenAction } from './actions/custom-token.js';
import { ldapIdentityAction } from './actions/ldap-identity.js';
import { webIdentityAction } from './actions/web-identity.js';

/** Every STS action this package can call, by name. A new action is one description added here. */
export const STS_ACTIONS = {
  AssumeRole: assumeRoleAction,
  AssumeRoleWithCustomToken: customTokenAction,
  AssumeRoleWithLDAPIdentity: ldapIdentityAction,
  AssumeRoleWithWebIdentity: webIdentityAction,
  AssumeRoleWithClientGrants: clientGrantsAction,
  AssumeRoleWithCertificate: certificateAction,
} as const;

/** STS actions this package can call. */
export type StsAction = keyof typeof STS_ACTIONS;

/** Any STS result; switch on `action`. */
export type StsResult = { [A in StsAction]: ResultOf<(typeof STS_ACTIONS)[A]> }[StsAction];

/** The result type of one action. */
export type StsResultOf<A extends StsAction> = Extract<StsResult, { action: A }>;

/** DurationSeconds range per action, as this client checks it before sending. */
export const DURATION_LIMITS: { readonly [A in StsAction]: { readonly min: number; readonly max: number } } = Object.freeze(
  Object.fromEntries(Object.entries(STS_ACTIONS).map(([name, spec]) => [name, spec.durationLimits])) as Record<StsAction, { min: number; max: number }>,
);
