import { homedir } from 'node:os';
import { assertMcAlias } from '../../format/render-files.js';
import type { Shell } from '../../format/render-shell.js';
import type { CliIo } from '../io.js';
import { CliUsageError } from '../errors.js';
import { CREDENTIAL_METHODS, methodNamed, type MethodRequest } from '../methods.js';
import { parseDuration } from '../parse-duration.js';
import type { CredentialInvocation } from '../program.js';
import type { Redactor } from '../redact.js';
import type { OutputSettings } from '../render-outcome.js';
import { applyConfigured, resolveConfigured } from './configured.js';
import { noS3EndpointReason, resolveEndpoints, S3_ENDPOINT_HINT, type Endpoints } from './endpoints.js';
import { resolveCacheDir } from './environment.js';
import { cliNotices } from '../notices.js';
import { resolveNetworkOptions, type NetworkSettings } from './network.js';

/** Everything a credential command needs, resolved from its options and the environment in one pass. */
export interface CredentialRun {
  /** The method's request (its secrets, parameters and files already read). */
  request: MethodRequest;
  network: NetworkSettings;
  /** The STS endpoint (also in {@link CredentialRun.network}) and the S3 endpoint the hand-offs point at, with their sources. */
  endpoints: Endpoints;
  /** The credential cache directory; undefined when the cache is off. */
  cacheDir: string | undefined;
  /** `-b`: list this bucket with the new credentials. */
  bucket: string | undefined;
  output: OutputSettings;
  /** Variables named by `--password-env`/`--token-env`/`--passphrase-env`: long-term secrets `exec` keeps from the child. */
  secretVariables: string[];
  /** `exec --server`: renew the served credentials when less than this is left (ms); undefined without `--server`. */
  serverRefreshBeforeMs: number | undefined;
}

/** `--refresh-before`'s default: the AWS SDK v3 asks again in the last 5 minutes too. */
const DEFAULT_REFRESH_BEFORE_SECONDS = 300;

function resolveRefreshBefore(opts: CredentialInvocation['options']): number | undefined {
  if (!opts.server) return undefined;
  if (opts.refreshBefore === undefined) return DEFAULT_REFRESH_BEFORE_SECONDS * 1000;
  const parsed = parseDuration(opts.refreshBefore);
  if ('error' in parsed) throw new CliUsageError(`invalid --refresh-before: ${parsed.error}`);
  if (parsed.seconds < 1) throw new CliUsageError('invalid --refresh-before: at least one second');
  return parsed.seconds * 1000;
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
  const exports = ['env', 'exec', 'dotenv'].includes(format) && opts.exportEndpoint !== false;
  if (exports) cliNotices(io, redactor).warnOnce('no-s3-endpoint', `${why}: AWS_ENDPOINT_URL is not exported; ${S3_ENDPOINT_HINT}`);
}

/**
 * Resolves a credential invocation: the method's own inputs (through its table row), then the
 * network settings, the cache and the output. Sends nothing; every input mistake is a
 * {@link CliUsageError} raised here, before any request.
 */
export async function resolveCredentialRun(invocation: CredentialInvocation, io: CliIo, redactor: Redactor): Promise<CredentialRun> {
  checkHandover(invocation);
  // A profile or alias ranks below flags and STS_CREDS_*: it only fills in what they left unset.
  const configured = await resolveConfigured(invocation.options, io.env, homedir());
  const wanted = invocation.defaulted && configured?.method ? configured.method : invocation.method;
  if (!CREDENTIAL_METHODS.some((m) => m.name === wanted)) {
    throw new CliUsageError(`sts_creds_method ${JSON.stringify(wanted)} in ${configured?.origin} is not one of ${CREDENTIAL_METHODS.map((m) => m.name).join(', ')}`);
  }
  const method = methodNamed(wanted);
  const opts = applyConfigured(invocation.options, configured, method.name, io.env);
  const endpoints = resolveEndpoints(invocation.options, configured, io.env);
  checkS3Handover(invocation, endpoints, io, redactor);
  const request = await method.resolve(opts, io, redactor, configured);
  const network = await resolveNetworkOptions({ ...opts, endpoint: endpoints.sts.url }, io, redactor);
  // Caching is on by default only where a tool calls us again and again: `-o credential-process`.
  const cached = opts.cache ?? opts.output === 'credential-process';
  return {
    request,
    network,
    endpoints,
    cacheDir: cached ? resolveCacheDir(io.env, homedir()) : undefined,
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
    serverRefreshBeforeMs: resolveRefreshBefore(opts),
    secretVariables: [opts.passwordEnv, opts.tokenEnv, opts.passphraseEnv].filter((name): name is string => Boolean(name)),
  };
}
