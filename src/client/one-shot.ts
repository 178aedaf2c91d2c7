import type { CustomTokenParams } from '../sts/custom-token.js';
import type { AssumeRoleResult, AssumeRoleWithCustomTokenResult } from '../types.js';
import { StsClient, type AssumeRoleCallOptions, type StsClientOptions } from './sts-client.js';

/** Options of {@link assumeRole}: where to call, and the call itself. */
export type AssumeRoleOptions = StsClientOptions & AssumeRoleCallOptions;

/** Options of {@link assumeRoleWithCustomToken}. */
export type AssumeRoleWithCustomTokenOptions = StsClientOptions & CustomTokenParams;

async function once<T>(options: StsClientOptions, call: (client: StsClient) => Promise<T>): Promise<T> {
  const client = new StsClient(options);
  try {
    return await call(client);
  } finally {
    await client.close();
  }
}

/**
 * Gets temporary credentials with AssumeRole (SigV4-signed with a user's own keys).
 *
 * @example
 * ```ts
 * const creds = await assumeRole({
 *   endpoint: 'http://localhost:9000',
 *   credentials: { accessKeyId: 'foobar', secretAccessKey: 'foo12345' },
 *   durationSeconds: 3600,
 * });
 * ```
 * @throws {@link StsValidationError} | {@link StsServiceError} | {@link StsResponseError} | {@link StsTransportError}
 */
export function assumeRole(options: AssumeRoleOptions): Promise<AssumeRoleResult> {
  return once(options, (client) => client.assumeRole(options));
}

/**
 * Gets temporary credentials with AssumeRoleWithCustomToken (a token checked by MinIO's identity plugin).
 *
 * @example
 * ```ts
 * const creds = await assumeRoleWithCustomToken({
 *   endpoint: 'http://localhost:9000',
 *   token: process.env.MY_TOKEN!,
 *   roleArn: 'arn:minio:iam:::role/idmp-test',
 * });
 * ```
 * @throws {@link StsValidationError} | {@link StsServiceError} | {@link StsResponseError} | {@link StsTransportError}
 */
export function assumeRoleWithCustomToken(options: AssumeRoleWithCustomTokenOptions): Promise<AssumeRoleWithCustomTokenResult> {
  return once(options, (client) => client.assumeRoleWithCustomToken(options));
}
