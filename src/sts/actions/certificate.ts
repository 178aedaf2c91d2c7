import type { CredentialsOnlyResult } from '../../types.js';
import { defineAction, optional, type Checked } from '../action.js';
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
  parametersIn: 'query',
  clientCertificate: true,
  durationLimits: { min: 900, max: 31_536_000 },
  parameters: { durationSeconds: true, tokenRevokeType: true },
  validate: () => undefined,
  wire: (params: Checked<CertificateParams>) => [
    ['DurationSeconds', durationParam(params.durationSeconds)],
    ['TokenRevokeType', optional(params.tokenRevokeType)],
  ],
  readResult: () => ({}),
  resultFields: {},
});
