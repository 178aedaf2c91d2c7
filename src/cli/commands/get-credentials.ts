import { homedir } from 'node:os';
import { createCredentialCache, hashSecret, type CacheKeyParts } from '../../cache/credential-cache.js';
import { StsClient } from '../../client/sts-client.js';
import { listObjects, type ListedObject } from '../../s3/list-objects.js';
import type { StsResult } from '../../sts/registry.js';
import { cliCacheHost } from '../cache-host.js';
import { CliUsageError } from '../errors.js';
import {
  AWS_WEB_IDENTITY_ENV,
  parseTagFlags,
  resolveClientCertificate,
  resolveMfaCode,
  resolveWebToken,
  type CliTlsMaterial,
} from '../family-inputs.js';
import {
  ENV,
  resolveCacheDir,
  resolveDuration,
  resolveEndpoint,
  resolvePassword,
  resolvePolicy,
  resolveRegion,
  resolveToken,
  resolveUser,
} from '../inputs.js';
import type { CliIo } from '../io.js';
import { resolveNetworkOptions } from '../network-options.js';
import type { Redactor } from '../redact.js';
import type {
  AssumeRoleCliOptions,
  CertificateCliOptions,
  CommonOptions,
  CustomTokenCliOptions,
  LdapCliOptions,
  WebTokenCliOptions,
} from './options.js';

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
  tls: CliTlsMaterial = {},
): Promise<CredentialOutcome> {
  const network = await resolveNetworkOptions(opts, io, redactor);
  const client = new StsClient({ endpoint: resolveEndpoint(opts.endpoint, io.env), region: resolveRegion(opts.region, io.env), ...network, ...tls });
  const fullKey: CacheKeyParts = { ...key, endpoint: client.endpoint.href, region: client.region };
  const cache = cacheWanted(opts) ? createCredentialCache(resolveCacheDir(io.env, homedir()), cliCacheHost(io, redactor)) : undefined;
  try {
    const { result, fromCache } = cache ? await cache.getOrFetch(fullKey, () => call(client)) : { result: await call(client), fromCache: false };
    redactor.add(result.secretAccessKey);
    redactor.add(result.sessionToken);
    let listing: CredentialOutcome['listing'];
    if (opts.bucket) {
      const objects = await listObjects({
        ...network,
        endpoint: client.endpoint,
        bucket: opts.bucket,
        credentials: result,
        region: client.region,
        ca: tls.ca ?? network.ca,
        // Sign with the clock correction the STS call found, if any.
        now: () => new Date(io.now().getTime() + client.clockOffsetMs),
      });
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
  const tags = parseTagFlags(opts.tag);
  if (opts.tokenCode !== undefined && !opts.serialNumber) throw new CliUsageError('--token-code needs --serial-number (the MFA device)');
  const params = {
    durationSeconds,
    policy,
    roleArn: opts.roleArn,
    roleSessionName: opts.roleSessionName,
    externalId: opts.externalId,
    serialNumber: opts.serialNumber,
    tags,
    transitiveTagKeys: opts.transitiveTagKey,
    policyArns: opts.policyArn,
    sourceIdentity: opts.sourceIdentity,
  };
  const keyParams = {
    ...params,
    tags: tags && JSON.stringify(tags.map((t) => [t.key, t.value])),
    transitiveTagKeys: opts.transitiveTagKey?.join('\n'),
    policyArns: opts.policyArn?.join('\n'),
  };
  return obtain(opts, io, redactor, { action: 'AssumeRole', principal: user, params: keyParams }, async (client) => {
    // The password and MFA code are only needed (and only prompted for) when the cache cannot answer.
    const password = await resolvePassword({ ...opts, user }, io);
    redactor.add(password);
    const tokenCode = await resolveMfaCode(opts.serialNumber, opts.tokenCode, io);
    return client.assumeRole({ credentials: { accessKeyId: user, secretAccessKey: password }, ...params, tokenCode });
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

/** `sts-creds ldap`: AssumeRoleWithLDAPIdentity with an LDAP user name and password. */
export async function ldapCommand(opts: LdapCliOptions, io: CliIo, redactor: Redactor): Promise<CredentialOutcome> {
  const username = resolveUser(opts.user, io.env);
  const durationSeconds = resolveDuration(opts.duration);
  const policy = await resolvePolicy(opts, io);
  const key = { action: 'AssumeRoleWithLDAPIdentity', principal: username, params: { durationSeconds, policy } };
  return obtain(opts, io, redactor, key, async (client) => {
    const password = await resolvePassword({ ...opts, user: username, prompt: `LDAP password for ${username}: ` }, io);
    redactor.add(password);
    return client.assumeRoleWithLdapIdentity({ username, password, durationSeconds, policy });
  });
}

/** `sts-creds web-identity`: AssumeRoleWithWebIdentity with an OpenID Connect ID token. */
export async function webIdentityCommand(opts: WebTokenCliOptions, io: CliIo, redactor: Redactor): Promise<CredentialOutcome> {
  const durationSeconds = resolveDuration(opts.duration);
  const policy = await resolvePolicy(opts, io);
  const roleArn = opts.roleArn || io.env[AWS_WEB_IDENTITY_ENV.roleArn] || undefined;
  const roleSessionName = opts.roleSessionName || io.env[AWS_WEB_IDENTITY_ENV.roleSessionName] || undefined;
  const webIdentityToken = await resolveWebToken(opts, io, true);
  redactor.add(webIdentityToken);
  const params = { roleArn, roleSessionName, durationSeconds, policy };
  const key = { action: 'AssumeRoleWithWebIdentity', principal: hashSecret(webIdentityToken), params };
  return obtain(opts, io, redactor, key, (client) => client.assumeRoleWithWebIdentity({ webIdentityToken, ...params }));
}

/** `sts-creds client-grants`: AssumeRoleWithClientGrants with an access token. */
export async function clientGrantsCommand(opts: WebTokenCliOptions, io: CliIo, redactor: Redactor): Promise<CredentialOutcome> {
  const durationSeconds = resolveDuration(opts.duration);
  const policy = await resolvePolicy(opts, io);
  const roleArn = opts.roleArn || undefined;
  const token = await resolveWebToken(opts, io, false);
  redactor.add(token);
  const params = { roleArn, durationSeconds, policy };
  const key = { action: 'AssumeRoleWithClientGrants', principal: hashSecret(token), params };
  return obtain(opts, io, redactor, key, (client) => client.assumeRoleWithClientGrants({ token, ...params }));
}

/** `sts-creds certificate`: AssumeRoleWithCertificate over mutual TLS. */
export async function certificateCommand(opts: CertificateCliOptions, io: CliIo, redactor: Redactor): Promise<CredentialOutcome> {
  const durationSeconds = resolveDuration(opts.duration);
  const tls = await resolveClientCertificate(opts, io);
  redactor.add(tls.passphrase);
  // The certificate is public; its hash tells identities apart without putting it in the file name.
  const principal = hashSecret(tls.cert ?? tls.pfx?.toString('base64') ?? '');
  const key = { action: 'AssumeRoleWithCertificate', principal, params: { durationSeconds } };
  return obtain(opts, io, redactor, key, (client) => client.assumeRoleWithCertificate({ durationSeconds }), tls);
}
