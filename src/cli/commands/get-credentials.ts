import { homedir } from 'node:os';
import { createCredentialCache, hashSecret, type CacheKeyParts } from '../../cache/credential-cache.js';
import { StsClient } from '../../client/sts-client.js';
import { listObjects, type ListedObject } from '../../s3/list-objects.js';
import type { StsResult } from '../../types.js';
import { CliUsageError } from '../errors.js';
import {
  ENV,
  resolveCacheDir,
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
  /** The endpoint the credentials came from (and that `-o mc` points at). */
  endpoint: URL;
  /** True when the credentials came from the on-disk cache. */
  fromCache: boolean;
  /** Set when `--bucket` asked for a listing with the new credentials. */
  listing?: { bucket: string; objects: ListedObject[] } | undefined;
}

/** Caching is on by default only where a tool calls us again and again: `-o credential-process`. */
function cacheWanted(opts: CommonOptions): boolean {
  return opts.cache ?? opts.output === 'credential-process';
}

async function obtain(
  opts: CommonOptions,
  io: CliIo,
  redactor: Redactor,
  key: Omit<CacheKeyParts, 'endpoint' | 'region'>,
  call: (client: StsClient) => Promise<StsResult>,
): Promise<CredentialOutcome> {
  const timeoutMs = resolveTimeout(opts.timeout);
  const client = new StsClient({ endpoint: resolveEndpoint(opts.endpoint, io.env), region: resolveRegion(opts.region, io.env), timeoutMs });
  const fullKey: CacheKeyParts = { ...key, endpoint: client.endpoint.href, region: client.region };
  const cache = cacheWanted(opts) ? createCredentialCache(resolveCacheDir(io.env, homedir()), () => io.now().getTime()) : undefined;
  try {
    let result = await cache?.get(fullKey);
    const fromCache = result !== undefined;
    if (!result) {
      result = await call(client);
      await cache?.put(fullKey, result).catch((error: unknown) => {
        io.stderr.write(`sts-creds: warning: could not write the credential cache: ${(error as { code?: string }).code ?? 'error'}\n`);
      });
    }
    redactor.add(result.secretAccessKey);
    redactor.add(result.sessionToken);
    let listing: CredentialOutcome['listing'];
    if (opts.bucket) {
      const objects = await listObjects({ endpoint: client.endpoint, bucket: opts.bucket, credentials: result, region: client.region, timeoutMs });
      listing = { bucket: opts.bucket, objects };
    }
    return { result, endpoint: client.endpoint, fromCache, listing };
  } finally {
    await client.close();
  }
}

/** `sts-creds assume-role`: AssumeRole with a user's own keys. */
export async function assumeRoleCommand(opts: AssumeRoleCliOptions, io: CliIo, redactor: Redactor): Promise<CredentialOutcome> {
  const user = resolveUser(opts.user, io.env);
  const durationSeconds = resolveDuration(opts.duration);
  const policy = await resolvePolicy(opts, io);
  let password: string | undefined;
  const params = { durationSeconds, policy, roleArn: opts.roleArn, roleSessionName: opts.roleSessionName, externalId: opts.externalId };
  return obtain(opts, io, redactor, { action: 'AssumeRole', principal: user, params }, async (client) => {
    // The password is only needed (and only prompted for) when the cache cannot answer.
    password ??= await resolvePassword({ ...opts, user }, io);
    redactor.add(password);
    return client.assumeRole({ credentials: { accessKeyId: user, secretAccessKey: password }, ...params });
  });
}

/** `sts-creds custom-token`: AssumeRoleWithCustomToken through MinIO's identity plugin. */
export async function customTokenCommand(opts: CustomTokenCliOptions, io: CliIo, redactor: Redactor): Promise<CredentialOutcome> {
  const durationSeconds = resolveDuration(opts.duration);
  const roleArn = opts.roleArn || io.env[ENV.roleArn];
  if (!roleArn) throw new CliUsageError(`no role ARN: use -r/--role-arn or set ${ENV.roleArn}`);
  const token = await resolveToken(opts, io);
  redactor.add(token);
  const key = { action: 'AssumeRoleWithCustomToken', principal: hashSecret(token), params: { roleArn, durationSeconds } };
  return obtain(opts, io, redactor, key, (client) => client.assumeRoleWithCustomToken({ token, roleArn, durationSeconds }));
}
