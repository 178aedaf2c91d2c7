/**
 * The credential run: a command's options, environment and files, resolved through the method's table row
 * into everything the command needs. Sends nothing.
 */
import { homedir } from 'node:os';
import { clientTarget } from '../../client/client-target.js';
import { isAwsHost } from '../../format/handover-vars.js';
import { quoteText } from '../../text/quote-text.js';
import { assertMcAlias } from '../../format/render-files.js';
import { MINIO_SESSION_POLICY_LIMIT, minioSessionPolicySize } from '../../sts/minio-policy-size.js';
import type { Shell } from '../../format/render-shell.js';
import type { CliIo } from '../io.js';
import { parseEndpoint } from '../../sts/validate.js';
import { CliUsageError, atOrigin } from '../errors.js';
import { CREDENTIAL_METHODS, methodNamed } from '../methods.js';
import { COMMON_OPTIONS } from '../options.js';
import type { CredentialInvocation, CredentialRun } from '../invocation.js';
import type { Redactor } from '../redact.js';
import { resolveConfigured } from '../inputs/configured.js';
import { resolveCacheDir } from '../inputs/environment.js';
import { noS3EndpointReason, resolveEndpoints, S3_ENDPOINT_HINT, type Endpoints } from '../inputs/endpoints.js';
import { resolveNetworkSettings } from '../inputs/network.js';
import { cliNotices } from '../notices.js';
import { parseSourcedDuration, runSettings, type RunSettings } from '../inputs/settings.js';

function resolveRefreshBefore(server: boolean | undefined, settings: RunSettings): CredentialRun['serverRefreshBefore'] {
  if (!server) return undefined;
  // The default (5m) as the AWS SDK v3 does: it asks again in the last 5 minutes too.
  const setting = settings.get('refreshBefore')!;
  const seconds = parseSourcedDuration(setting)!;
  if (seconds < 1) throw new CliUsageError(`invalid ${setting.origin.label}: at least one second`);
  return { ms: seconds * 1000, origin: setting.origin };
}

/**
 * A session policy MinIO would refuse for its size, refused here (exit 2) instead of by the server (exit 1).
 * AWS's own hosts count differently and are left to the server.
 */
function checkMinioPolicySize(policy: unknown, network: CredentialRun['network'], policyFile: string | undefined): void {
  if (typeof policy !== 'string') return;
  if (isAwsHost(clientTarget(network).endpoint)) return;
  const size = minioSessionPolicySize(policy);
  if (size === undefined || size <= MINIO_SESSION_POLICY_LIMIT) return;
  const what = policyFile !== undefined ? `policy file ${quoteText(policyFile)}` : '--policy';
  throw new CliUsageError(
    `${what} is too large for MinIO: ${size} bytes as MinIO re-writes it (no whitespace, lists for single values, <>& escaped), ` +
      `more than its limit of ${MINIO_SESSION_POLICY_LIMIT}`,
  );
}

/** Formats that have a place for a `-b` listing. */
const LISTING_FORMATS: ReadonlySet<string> = new Set(['text', 'json']);

/**
 * The hand-over flags that need no request to be judged: `-b` only where the output shows a listing,
 * a usable `--mc-alias`, `--refresh-before` only with `--server`.
 * @throws {@link CliUsageError}
 */
function checkHandover(invocation: CredentialInvocation): void {
  const opts = invocation.options;
  const format = invocation.mode === 'output' ? (opts.output ?? 'text') : invocation.mode;
  if (opts.bucket !== undefined && !LISTING_FORMATS.has(format)) {
    throw new CliUsageError(`-b/--bucket lists the bucket in the text or json output; -o ${format} has no place for a listing`);
  }
  if (opts.mcAlias !== undefined) {
    try {
      assertMcAlias(opts.mcAlias);
    } catch (error) {
      throw new CliUsageError(`invalid --mc-alias: ${(error as Error).message}`);
    }
  }
  if (opts.refresh && opts.cache === false) throw new CliUsageError('use only one of --refresh (replace the cached entry), --no-cache (leave the cache alone)');
  if (opts.refreshBefore !== undefined && !opts.server) throw new CliUsageError('--refresh-before is for exec --server');
  if (opts.server && opts.mcAlias !== undefined) throw new CliUsageError('--mc-alias hands mc static keys, which exec --server keeps from the command');
  if (opts.server && opts.serialNumber !== undefined) {
    throw new CliUsageError('exec --server cannot refresh with an MFA code (each code works once): drop --serial-number, or use exec without --server');
  }
}

/**
 * The hand-offs that need the S3 endpoint when none is known (the STS endpoint has a path): `--mc-alias`,
 * `-o mc` and `-b` cannot work without it and are usage errors; `env`, `exec` and `-o env|dotenv` export no
 * endpoint and say so once on stderr. Never an STS path.
 * @throws {@link CliUsageError}
 */
function checkS3Handover(invocation: CredentialInvocation, endpoints: Endpoints, io: CliIo, redactor: Redactor): void {
  if (endpoints.s3 !== undefined) return;
  const opts = invocation.options;
  const format = invocation.mode === 'output' ? (opts.output ?? 'text') : invocation.mode;
  const why = noS3EndpointReason(endpoints.sts);
  const needs = opts.mcAlias !== undefined ? '--mc-alias' : format === 'mc' ? '-o mc' : opts.bucket !== undefined && !opts.display ? '-b/--bucket' : undefined;
  if (needs) throw new CliUsageError(`${needs} needs the S3 endpoint, and ${why}: ${S3_ENDPOINT_HINT}`);
  if (['env', 'exec', 'dotenv'].includes(format) && opts.exportEndpoint !== false) {
    cliNotices(io, redactor).warnOnce('no-s3-endpoint', `${why}: AWS_ENDPOINT_URL is not exported; ${S3_ENDPOINT_HINT}`);
  }
}

/**
 * Resolves a credential invocation: the method's own inputs (through its table row), then the
 * network settings, the cache and the output. Sends nothing; every input mistake is a
 * {@link CliUsageError} raised here, before any request.
 */
export async function resolveCredentialRun(invocation: CredentialInvocation, io: CliIo, redactor: Redactor): Promise<CredentialRun> {
  checkHandover(invocation);
  const opts = invocation.options;
  const configured = await resolveConfigured(opts, io.env, homedir());
  const inputs = { flags: opts, env: io.env, configured, writtenAs: opts.writtenAs };
  const configuredMethod = invocation.defaulted ? runSettings({ ...inputs, specs: [] }).get('method') : undefined;
  const chosen = configuredMethod?.value ?? invocation.method;
  // `sts_creds_method = login`: AssumeRoleWithWebIdentity with the ID token of `sts-creds login`.
  const wanted = chosen === 'login' ? 'web-identity' : chosen;
  if (!CREDENTIAL_METHODS.some((m) => m.name === wanted)) {
    throw new CliUsageError(`invalid ${configuredMethod?.origin.label}: ${quoteText(wanted)} is not one of ${CREDENTIAL_METHODS.map((m) => m.name).join(', ')}`);
  }
  const method = methodNamed(wanted);
  const settings = runSettings({ ...inputs, specs: [...method.options, ...COMMON_OPTIONS] });
  const endpoints = resolveEndpoints(settings);
  checkS3Handover(invocation, endpoints, io, redactor);
  const request = await method.resolve(opts, settings, io, redactor);
  // The CA bundle is read before the first connection, not here: a cache hit connects to nothing.
  const network = await resolveNetworkSettings(settings, opts, io, redactor, { caBundle: 'on-connect' });
  try {
    // The library's own check, here so that a bad endpoint is reported where it was written.
    parseEndpoint(network.endpoint);
  } catch (error) {
    throw atOrigin(error, (field) => settings.originOf(field));
  }
  checkMinioPolicySize('policy' in request.params ? request.params.policy : undefined, network, opts.policyFile);
  // Caching is on by default only where a tool calls us again and again: `-o credential-process`;
  // `--refresh` writes the entry whatever the format.
  const cached = opts.cache ?? (opts.output === 'credential-process' || opts.refresh === true);
  return {
    request,
    network,
    endpoints,
    cacheDir: cached ? resolveCacheDir(io.env, homedir()) : undefined,
    refresh: opts.refresh === true,
    // -d only displays, as in MinIO's samples, even with -b.
    bucket: opts.display ? undefined : opts.bucket,
    output: {
      format: invocation.mode === 'env' ? 'env' : (opts.output ?? 'text'),
      shell: (opts.shell ?? 'sh') as Shell,
      iniSection: opts.iniSection ?? 'sts-creds',
      mcName: opts.mcName ?? 'sts',
      header: opts.display ? 'Only displaying credentials:' : undefined,
      exportEndpoint: opts.exportEndpoint !== false,
      mcAlias: opts.mcAlias,
    },
    serverRefreshBefore: resolveRefreshBefore(opts.server, settings),
    originOf: (field) => settings.originOf(field),
    secretVariables: [opts.passwordEnv, opts.tokenEnv, opts.passphraseEnv].filter((name): name is string => Boolean(name)),
  };
}
