import { StsClient } from '../../client/sts-client.js';
import { listObjects, type ListedObject } from '../../s3/list-objects.js';
import type { StsResult } from '../../types.js';
import { CliUsageError } from '../errors.js';
import {
  ENV,
  resolveDuration,
  resolveEndpoint,
  resolvePassword,
  resolvePolicy,
  resolveRegion,
  resolveTimeout,
  resolveToken,
  resolveUser,
} from '../inputs.js';
import type { CliIo } from '../io.js';
import type { Redactor } from '../redact.js';
import type { AssumeRoleCliOptions, CommonOptions, CustomTokenCliOptions } from './options.js';

/** What a credential command produced. */
export interface CredentialOutcome {
  result: StsResult;
  endpoint: string;
  /** Set when `--bucket` asked for a listing with the new credentials. */
  listing?: { bucket: string; objects: ListedObject[] } | undefined;
}

function clientFor(opts: CommonOptions, io: CliIo): { client: StsClient; timeoutMs: number | undefined } {
  const timeoutMs = resolveTimeout(opts.timeout);
  return {
    client: new StsClient({ endpoint: resolveEndpoint(opts.endpoint, io.env), region: resolveRegion(opts.region, io.env), timeoutMs }),
    timeoutMs,
  };
}

async function withListing(
  result: StsResult,
  client: StsClient,
  bucket: string | undefined,
  region: string,
  timeoutMs: number | undefined,
): Promise<CredentialOutcome> {
  const endpoint = client.endpoint.origin;
  if (!bucket) return { result, endpoint };
  const objects = await listObjects({ endpoint: client.endpoint, bucket, credentials: result, region, timeoutMs });
  return { result, endpoint, listing: { bucket, objects } };
}

/** `sts-creds assume-role`: AssumeRole with a user's own keys. */
export async function assumeRoleCommand(opts: AssumeRoleCliOptions, io: CliIo, redactor: Redactor): Promise<CredentialOutcome> {
  const user = resolveUser(opts.user, io.env);
  const durationSeconds = resolveDuration(opts.duration);
  const policy = await resolvePolicy(opts, io);
  const { client, timeoutMs } = clientFor(opts, io);
  const password = await resolvePassword({ ...opts, user }, io);
  redactor.add(password);
  try {
    const result = await client.assumeRole({
      credentials: { accessKeyId: user, secretAccessKey: password },
      durationSeconds,
      policy,
      roleArn: opts.roleArn,
      roleSessionName: opts.roleSessionName,
      externalId: opts.externalId,
    });
    redactor.add(result.secretAccessKey);
    redactor.add(result.sessionToken);
    return await withListing(result, client, opts.bucket, client.region, timeoutMs);
  } finally {
    await client.close();
  }
}

/** `sts-creds custom-token`: AssumeRoleWithCustomToken through MinIO's identity plugin. */
export async function customTokenCommand(opts: CustomTokenCliOptions, io: CliIo, redactor: Redactor): Promise<CredentialOutcome> {
  const durationSeconds = resolveDuration(opts.duration);
  const roleArn = opts.roleArn || io.env[ENV.roleArn];
  if (!roleArn) throw new CliUsageError(`no role ARN: use -r/--role-arn or set ${ENV.roleArn}`);
  const { client, timeoutMs } = clientFor(opts, io);
  const token = await resolveToken(opts, io);
  redactor.add(token);
  try {
    const result = await client.assumeRoleWithCustomToken({ token, roleArn, durationSeconds });
    redactor.add(result.secretAccessKey);
    redactor.add(result.sessionToken);
    return await withListing(result, client, opts.bucket, client.region, timeoutMs);
  } finally {
    await client.close();
  }
}
