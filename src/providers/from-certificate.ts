import type { StsClientOptions } from '../client/sts-client.js';
import { certificateAction, type CertificateParams } from '../sts/actions/certificate.js';
import { fromAction } from './from-action.js';
import type { RefreshOptions } from './refresh-engine.js';
import type { RefreshingCredentialProvider } from './refreshing-provider.js';

/**
 * Options of {@link fromCertificate}: an `https://` endpoint, the TLS client certificate (`cert` + `key`, or
 * `pfx`), usually `ca`, the call's parameters, and when to refresh.
 */
export type FromCertificateOptions = StsClientOptions & CertificateParams & RefreshOptions;

/**
 * A credential provider backed by MinIO's AssumeRoleWithCertificate (mutual TLS): caches the temporary
 * credentials and refreshes them before they expire. MinIO never issues credentials that outlive the client
 * certificate. Call `close()` when done.
 *
 * @example
 * ```ts
 * const credentials = fromCertificate({
 *   endpoint: 'https://minio.example.com:9000',
 *   cert: readFileSync('client.crt'),
 *   key: readFileSync('client.key'),
 *   ca: readFileSync('ca.crt'),
 * });
 * ```
 * @throws {@link StsValidationError} for a bad endpoint, a `cert` without `key` (or the reverse), or bad call or refresh options
 */
export function fromCertificate(options: FromCertificateOptions): RefreshingCredentialProvider {
  return fromAction(certificateAction, options);
}
