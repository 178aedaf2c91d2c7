import type { RoleSessionFields } from '../types.js';
import type { ResultLabels, ResultReader } from './action.js';

/** Reads what AWS STS says about the role session from a result element. Pure. */
export function readRoleSession(result: ResultReader): RoleSessionFields {
  return {
    assumedRoleUser: result.assumedRoleUser(),
    packedPolicySize: result.count('PackedPolicySize'),
    sourceIdentity: result.optional('SourceIdentity'),
  };
}

/** How the role-session fields are shown: AssumedRoleUser and SourceIdentity to people, all three to programs. */
export const ROLE_SESSION_FIELDS: ResultLabels<RoleSessionFields> = {
  assumedRoleUser: { name: 'AssumedRoleUser', inText: true },
  sourceIdentity: { name: 'SourceIdentity', inText: true },
  packedPolicySize: { name: 'PackedPolicySize', inText: false },
};
