import type { StsCallContext } from '../errors.js';
import { DURATION_LIMITS, STS_API_VERSION, validateDurationSeconds } from './validate.js';

/** Parameters of an AssumeRoleWithCertificate call (MinIO); the identity is the TLS client certificate. */
export interface CertificateParams {
  /**
   * Lifetime in seconds, 900..31536000; MinIO never goes past the certificate's own expiry.
   * @defaultValue 3600
   */
  durationSeconds?: number | undefined;
  /** MinIO token revoke type. */
  tokenRevokeType?: string | undefined;
}

/** Builds the query string of an AssumeRoleWithCertificate call (MinIO reads only the query). Pure. */
export function buildCertificateQuery(params: CertificateParams, context: StsCallContext): string {
  const query = new URLSearchParams({ Action: 'AssumeRoleWithCertificate', Version: STS_API_VERSION });
  const duration = validateDurationSeconds(params.durationSeconds, DURATION_LIMITS.AssumeRoleWithCertificate, context);
  if (duration !== undefined) query.set('DurationSeconds', duration);
  if (params.tokenRevokeType) query.set('TokenRevokeType', params.tokenRevokeType);
  return query.toString();
}
