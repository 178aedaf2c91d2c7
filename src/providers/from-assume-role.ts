import type { AssumeRoleCallOptions, StsClientOptions } from '../client/sts-client.js';
import { StsClient } from '../client/sts-client.js';
import { buildAssumeRoleBody } from '../sts/assume-role.js';
import { requireString } from '../sts/validate.js';
import { RefreshEngine, type RefreshOptions } from './refresh-engine.js';
import { createRefreshingProvider, epochClock, refreshSettings, type RefreshingCredentialProvider } from './refreshing-provider.js';

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
  const client = new StsClient(options);
  const context = { action: 'AssumeRole', endpoint: client.endpoint.origin };
  const source = options.credentials ?? {};
  const call: AssumeRoleCallOptions = {
    credentials: {
      accessKeyId: requireString(source.accessKeyId, 'credentials.accessKeyId', context),
      secretAccessKey: requireString(source.secretAccessKey, 'credentials.secretAccessKey', context),
      sessionToken: source.sessionToken,
    },
    durationSeconds: options.durationSeconds,
    policy: options.policy,
    roleArn: options.roleArn,
    roleSessionName: options.roleSessionName,
    externalId: options.externalId,
    tokenRevokeType: options.tokenRevokeType,
    // AWS STS parameters. An MFA tokenCode is single-use, so with MFA each refresh needs a fresh provider.
    serialNumber: options.serialNumber,
    tokenCode: options.tokenCode,
    tags: options.tags,
    transitiveTagKeys: options.transitiveTagKeys,
    policyArns: options.policyArns,
    sourceIdentity: options.sourceIdentity,
  };
  buildAssumeRoleBody(call, context);
  const engine = new RefreshEngine({
    ...refreshSettings(options),
    fetch: () => client.assumeRole(call),
    now: epochClock(options.now),
    context,
  });
  return createRefreshingProvider(engine, () => client.close());
}

