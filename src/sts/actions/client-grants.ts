import type { ExtraOf, RoleSessionFields, StsResultMetadata, TemporaryCredentials } from '../../types.js';
import { defineAction, optional, type Checked } from '../action.js';
import { durationParam } from '../validate.js';

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

/** The result of `AssumeRoleWithClientGrants` (MinIO). */
export interface AssumeRoleWithClientGrantsResult extends TemporaryCredentials, StsResultMetadata, Pick<RoleSessionFields, 'assumedRoleUser'> {
  action: 'AssumeRoleWithClientGrants';
  /** `SubjectFromToken`: the token's `sub` claim. */
  subjectFromToken: string | undefined;
}

/** AssumeRoleWithClientGrants (MinIO): an access token from a client-credentials grant, in an unsigned form body. */
export const clientGrantsAction = defineAction({
  name: 'AssumeRoleWithClientGrants',
  parametersIn: 'body',
  durationLimits: { min: 900, max: 31_536_000 },
  parameters: { token: true, roleArn: true, durationSeconds: true, policy: true, tokenRevokeType: true },
  secretParam: 'token',
  validate: (_params: ClientGrantsParams) => undefined,
  wire: (params: Checked<ClientGrantsParams>) => [
    ['Token', params.token],
    ['DurationSeconds', durationParam(params.durationSeconds)],
    ['Policy', params.policy],
    ['RoleArn', optional(params.roleArn)],
    ['TokenRevokeType', optional(params.tokenRevokeType)],
  ],
  readResult: (result): ExtraOf<AssumeRoleWithClientGrantsResult> => ({ subjectFromToken: result.text('SubjectFromToken'), assumedRoleUser: result.assumedRoleUser() }),
  resultFields: { assumedRoleUser: { name: 'AssumedRoleUser', inText: true }, subjectFromToken: { name: 'SubjectFromToken', inText: true } },
});
