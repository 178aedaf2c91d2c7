import type { StsClientOptions } from '../client/sts-client.js';
import { assumeRoleAction, type AssumeRoleCallOptions } from '../sts/actions/assume-role.js';
import { fromAction } from './from-action.js';
import type { RefreshOptions } from './refresh-engine.js';
import type { RefreshingCredentialProvider } from './refreshing-provider.js';

/**
 * Options of {@link fromAssumeRole}: where to call ({@link StsClientOptions}), the AssumeRole call itself
 * ({@link AssumeRoleCallOptions}), and when to refresh ({@link RefreshOptions}).
 *
 * @example
 * ```ts
 * const options: FromAssumeRoleOptions = {
 *   endpoint: 'http://localhost:9000',
 *   credentials: { accessKeyId: 'foobar', secretAccessKey: 'foo12345' },
 *   durationSeconds: 900,
 *   policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::data/*'] }] },
 * };
 * ```
 */
export type FromAssumeRoleOptions = StsClientOptions & AssumeRoleCallOptions & RefreshOptions;

/**
 * A credential provider backed by AssumeRole: signs with a user's long-term keys, caches the temporary
 * credentials and refreshes them before they expire. One {@link StsClient} (one connection pool) serves every
 * refresh; call `close()` when done.
 *
 * The options are checked at once, so a bad duration or policy throws here rather than on first use.
 *
 * @example
 * ```ts
 * import { S3Client, ListBucketsCommand } from '@aws-sdk/client-s3';
 * import { fromAssumeRole } from 'sts-creds';
 *
 * const credentials = fromAssumeRole({
 *   endpoint: 'http://localhost:9000',
 *   credentials: { accessKeyId: 'foobar', secretAccessKey: 'foo12345' },
 *   durationSeconds: 3600,
 * });
 * const s3 = new S3Client({ endpoint: 'http://localhost:9000', region: 'us-east-1', forcePathStyle: true, credentials });
 * await s3.send(new ListBucketsCommand({}));
 * await credentials.close();
 * ```
 * @throws {@link StsValidationError} for a bad endpoint, missing keys, or bad call or refresh options
 */
export function fromAssumeRole(options: FromAssumeRoleOptions): RefreshingCredentialProvider {
  return fromAction(assumeRoleAction, options);
}

