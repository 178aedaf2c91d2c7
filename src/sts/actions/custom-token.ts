import type { ExtraOf, StsResultMetadata, TemporaryCredentials } from '../../types.js';
import { defineAction, optional, type Checked } from '../action.js';
import { durationParam, requireString } from '../validate.js';

/** Parameters of an AssumeRoleWithCustomToken call. */
export interface CustomTokenParams {
  /** The token handed to MinIO's identity management plugin. */
  token: string;
  /** The identity plugin's role ARN, e.g. `arn:minio:iam:::role/idmp-test`. */
  roleArn: string;
  /** Lifetime in seconds, 1..31536000; MinIO grants the smaller of this and the plugin's `maxValiditySeconds`. */
  durationSeconds?: number | undefined;
  /** MinIO token revoke type. */
  tokenRevokeType?: string | undefined;
}

/** The result of `AssumeRoleWithCustomToken`. */
export interface AssumeRoleWithCustomTokenResult extends TemporaryCredentials, StsResultMetadata {
  action: 'AssumeRoleWithCustomToken';
  /** `AssumedUser`, e.g. `custom:alice` (the identity plugin's user). */
  assumedUser: string | undefined;
}

/** AssumeRoleWithCustomToken: a token checked by MinIO's identity management plugin; MinIO reads only the query. */
export const customTokenAction = defineAction({
  name: 'AssumeRoleWithCustomToken',
  parametersIn: 'query',
  // MinIO has no minimum here (1..899 are granted as asked; 0 or less is a 500) and clamps to the plugin's
  // maxValiditySeconds, which MinIO itself caps at 365 days: more could never be granted.
  durationLimits: { min: 1, max: 31_536_000 },
  parameters: { token: true, roleArn: true, durationSeconds: true, tokenRevokeType: true },
  secretParam: 'token',
  validate(params: CustomTokenParams, context) {
    requireString(params.roleArn, 'roleArn', context);
  },
  wire: (params: Checked<CustomTokenParams>) => [
    ['Token', params.token],
    ['RoleArn', optional(params.roleArn)],
    ['DurationSeconds', durationParam(params.durationSeconds)],
    ['TokenRevokeType', optional(params.tokenRevokeType)],
  ],
  readResult: (result): ExtraOf<AssumeRoleWithCustomTokenResult> => ({ assumedUser: result.text('AssumedUser') }),
  resultFields: { assumedUser: { name: 'AssumedUser', inText: true } },
});
