import type { CredentialsOnlyResult } from '../../types.js';
import { defineAction, optional } from '../action.js';
import { durationParam } from '../validate.js';

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

/** The result of `AssumeRoleWithCertificate` (MinIO, mutual TLS): credentials only. */
export type AssumeRoleWithCertificateResult = CredentialsOnlyResult<'AssumeRoleWithCertificate'>;

/** AssumeRoleWithCertificate (MinIO): mutual TLS, where the client certificate's subject CN names the policy. */
export const certificateAction = defineAction({
  name: 'AssumeRoleWithCertificate',
  route: 'mtls-query',
  durationLimits: { min: 900, max: 31_536_000 },
  paramNames: ['durationSeconds', 'tokenRevokeType'],
  validate: () => undefined,
  wire: (params: CertificateParams) => [
    ['DurationSeconds', durationParam(params.durationSeconds)],
    ['TokenRevokeType', optional(params.tokenRevokeType)],
  ],
  readResult: () => ({}),
  resultFields: [],
});
