import { homedir } from 'node:os';
import type { Shell } from '../../format/render-shell.js';
import type { CliIo } from '../io.js';
import { CliUsageError } from '../errors.js';
import { CREDENTIAL_METHODS, methodNamed, type MethodRequest } from '../methods.js';
import type { CredentialInvocation } from '../program.js';
import type { Redactor } from '../redact.js';
import type { OutputSettings } from '../render-outcome.js';
import { applyConfigured, resolveConfigured } from './configured.js';
import { resolveCacheDir } from './environment.js';
import { resolveNetworkOptions, type NetworkSettings } from './network.js';

/** Everything a credential command needs, resolved from its options and the environment in one pass. */
export interface CredentialRun {
  /** The method's request (its secrets, parameters and files already read). */
  request: MethodRequest;
  network: NetworkSettings;
  /** The credential cache directory; undefined when the cache is off. */
  cacheDir: string | undefined;
  /** `-b`: list this bucket with the new credentials. */
  bucket: string | undefined;
  output: OutputSettings;
  /** Variables named by `--password-env`/`--token-env`/`--passphrase-env`: long-term secrets `exec` keeps from the child. */
  secretVariables: string[];
}

/**
 * Resolves a credential invocation: the method's own inputs (through its table row), then the
 * network settings, the cache and the output. Sends nothing; every input mistake is a
 * {@link CliUsageError} raised here, before any request.
 */
export async function resolveCredentialRun(invocation: CredentialInvocation, io: CliIo, redactor: Redactor): Promise<CredentialRun> {
  // A profile or alias ranks below flags and STS_CREDS_*: it only fills in what they left unset.
  const configured = await resolveConfigured(invocation.options, io.env, homedir());
  const wanted = invocation.defaulted && configured?.method ? configured.method : invocation.method;
  if (!CREDENTIAL_METHODS.some((m) => m.name === wanted)) {
    throw new CliUsageError(`sts_creds_method ${JSON.stringify(wanted)} in ${configured?.origin} is not one of ${CREDENTIAL_METHODS.map((m) => m.name).join(', ')}`);
  }
  const method = methodNamed(wanted);
  const opts = applyConfigured(invocation.options, configured, method.name, io.env);
  const request = await method.resolve(opts, io, redactor, configured);
  const network = await resolveNetworkOptions(opts, io, redactor);
  // Caching is on by default only where a tool calls us again and again: `-o credential-process`.
  const cached = opts.cache ?? opts.output === 'credential-process';
  return {
    request,
    network,
    cacheDir: cached ? resolveCacheDir(io.env, homedir()) : undefined,
    // -d only displays, as in MinIO's samples, even with -b.
    bucket: opts.display ? undefined : opts.bucket,
    output: {
      format: invocation.mode === 'env' ? 'env' : (opts.output ?? 'text'),
      shell: (opts.shell ?? 'sh') as Shell,
      iniSection: opts.iniSection ?? 'sts-creds',
      mcName: opts.mcName ?? 'sts',
      header: opts.display ? 'Only displaying credentials:' : undefined,
    },
    secretVariables: [opts.passwordEnv, opts.tokenEnv, opts.passphraseEnv].filter((name): name is string => Boolean(name)),
  };
}
