import type { StsCallContext } from '../errors.js';
import { DURATION_LIMITS, STS_API_VERSION, requireString, validateDurationSeconds } from './validate.js';

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

/** Builds the query string of an AssumeRoleWithCustomToken call (MinIO reads only the query). Pure. */
export function buildCustomTokenQuery(params: CustomTokenParams, context: StsCallContext): string {
  const token = requireString(params.token, 'token', context);
  const roleArn = requireString(params.roleArn, 'roleArn', context);
  const query = new URLSearchParams({
    Action: 'AssumeRoleWithCustomToken',
    Version: STS_API_VERSION,
    Token: token,
    RoleArn: roleArn,
  });
  const duration = validateDurationSeconds(params.durationSeconds, DURATION_LIMITS.AssumeRoleWithCustomToken, context);
  if (duration !== undefined) query.set('DurationSeconds', duration);
  if (params.tokenRevokeType) query.set('TokenRevokeType', params.tokenRevokeType);
  return query.toString();
}
