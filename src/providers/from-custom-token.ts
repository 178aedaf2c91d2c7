import type { StsClientOptions } from '../client/sts-client.js';
import { customTokenAction, type CustomTokenParams } from '../sts/actions/custom-token.js';
import { fromAction } from './from-action.js';
import type { RefreshOptions } from './refresh-engine.js';
import type { RefreshingCredentialProvider } from './refreshing-provider.js';
import type { WithSecretSource } from './secret-source.js';

/**
 * Options of {@link fromCustomToken}: where to call ({@link StsClientOptions}), the AssumeRoleWithCustomToken
 * call, and when to refresh ({@link RefreshOptions}).
 *
 * @example
 * ```ts
 * const options: FromCustomTokenOptions = {
 *   endpoint: 'http://localhost:9000',
 *   token: process.env.MY_TOKEN!,
 *   roleArn: 'arn:minio:iam:::role/idmp-test',
 *   durationSeconds: 3600,
 * };
 * ```
 */
export type FromCustomTokenOptions = StsClientOptions & WithSecretSource<CustomTokenParams, 'token'> & RefreshOptions;

/**
 * A credential provider backed by AssumeRoleWithCustomToken (MinIO's identity management plugin): caches the
 * temporary credentials and refreshes them before they expire. One {@link StsClient} serves every refresh;
 * call `close()` when done.
 *
 * A refusal by the identity plugin (MinIO answers 500 `InternalError`) is not retried quickly: callers that
 * need new credentials get the {@link StsServiceError} at once.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { fromCustomToken } from 'sts-creds';
 *
 * const credentials = fromCustomToken({
 *   endpoint: 'http://localhost:9000',
 *   token: () => readFile('/run/secrets/minio-token', 'utf8'),
 *   roleArn: 'arn:minio:iam:::role/idmp-test',
 *   onError: (error, { retryable }) => console.warn('credential refresh failed', retryable, error),
 * });
 * const s3 = new S3Client({ endpoint: 'http://localhost:9000', region: 'us-east-1', forcePathStyle: true, credentials });
 * ```
 * @throws {@link StsValidationError} for a bad endpoint, an empty token or role ARN, or bad refresh options
 */
export function fromCustomToken(options: FromCustomTokenOptions): RefreshingCredentialProvider {
  return fromAction(customTokenAction, options);
}
