import { StsClient, type StsClientOptions } from '../client/sts-client.js';
import { StsValidationError } from '../errors.js';
import { buildCertificateQuery, type CertificateParams } from '../sts/certificate.js';
import { RefreshEngine, type RefreshOptions } from './refresh-engine.js';
import { createRefreshingProvider, epochClock, refreshSettings, type RefreshingCredentialProvider } from './refreshing-provider.js';

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
  const client = new StsClient(options);
  const context = { action: 'AssumeRoleWithCertificate', endpoint: client.endpoint.origin };
  if ((options.cert === undefined) !== (options.key === undefined)) {
    throw new StsValidationError(options.cert === undefined ? 'cert' : 'key', 'cert and key must be given together', context);
  }
  const params = { durationSeconds: options.durationSeconds, tokenRevokeType: options.tokenRevokeType };
  buildCertificateQuery(params, context);
  const engine = new RefreshEngine({
    ...refreshSettings(options),
    fetch: () => client.assumeRoleWithCertificate(params),
    now: epochClock(options.now),
    context,
  });
  return createRefreshingProvider(engine, () => client.close());
}
