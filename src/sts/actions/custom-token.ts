import type { ExtraOf, StsResultMetadata, TemporaryCredentials } from '../../types.js';
import { defineAction, optional } from '../action.js';
import { durationParam, requireString } from '../validate.js';

/** Parameters of an AssumeRoleWithCustomToken call. */
export interface CustomTokenParams {
  /** The token handed to MinIO's identity management plugin. */
  token: string;
  /** The identity plugin's role ARN, e.g. `arn:minio:iam:::role/idmp-test`. */
  roleArn: string;
  /** Lifetime in seconds, 900..604800 (the server may clamp it to the plugin's maximum). */
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
  route: 'query',
  durationLimits: { min: 900, max: 604_800 },
  paramNames: ['token', 'roleArn', 'durationSeconds', 'tokenRevokeType'],
  secretParam: 'token',
  validate(params: CustomTokenParams, context) {
    requireString(params.roleArn, 'roleArn', context);
  },
  wire: (params: CustomTokenParams) => [
    ['Token', params.token],
    ['RoleArn', optional(params.roleArn)],
    ['DurationSeconds', durationParam(params.durationSeconds)],
    ['TokenRevokeType', optional(params.tokenRevokeType)],
  ],
  readResult: (result): ExtraOf<AssumeRoleWithCustomTokenResult> => ({ assumedUser: result.text('AssumedUser') }),
  resultFields: [{ key: 'assumedUser', name: 'AssumedUser', inText: true }],
});
