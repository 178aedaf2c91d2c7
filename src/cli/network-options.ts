import type { StsEventListener } from '../events.js';
import { createEventLogger } from './debug-log.js';
import { CliUsageError } from './errors.js';
import { resolveCaBundle } from './family-inputs.js';
import { resolveTimeout } from './inputs.js';
import type { CliIo } from './io.js';
import { cliNotices } from './notices.js';
import type { Redactor } from './redact.js';

/** The network flags every command that talks to a server takes. */
export interface NetworkCliOptions {
  timeout?: string | undefined;
  retries?: string | undefined;
  caBundle?: string | undefined;
  insecure?: boolean | undefined;
  debug?: boolean | undefined;
}

/** What the library gets from those flags and the environment. */
export interface NetworkSettings {
  timeoutMs: number | undefined;
  maxAttempts: number | undefined;
  ca: string | undefined;
  insecure: boolean;
  /** The CLI's environment: the library takes HTTP_PROXY/HTTPS_PROXY/NO_PROXY from it (and nothing else). */
  proxyEnv: Readonly<Record<string, string | undefined>>;
  onEvent: StsEventListener;
}

/** Most retries `--retries` accepts. */
export const MAX_RETRIES = 10;

/** `--retries <n>`: retries after the first attempt, 0 to 10; the library's `maxAttempts` is n + 1. */
export function resolveRetries(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  if (!/^\d+$/.test(flag.trim()) || Number(flag) > MAX_RETRIES) {
    throw new CliUsageError(`invalid --retries: ${JSON.stringify(flag)} (a whole number from 0 to ${MAX_RETRIES})`);
  }
  return Number(flag) + 1;
}

const INSECURE_WARNING =
  '--insecure: TLS certificates are NOT verified. Anyone who can intercept the connection can pose as the server ' +
  'and read the credentials it returns. Use --ca-bundle <file> (or AWS_CA_BUNDLE) to trust a private CA instead';

/**
 * Turns `--timeout`, `--retries`, `--ca-bundle`/`AWS_CA_BUNDLE`, `--insecure` and `--debug` into library
 * options. Prints the `--insecure` warning (once per run).
 * @throws {@link CliUsageError} for a bad number or an unreadable CA bundle
 */
export async function resolveNetworkOptions(opts: NetworkCliOptions, io: CliIo, redactor: Redactor): Promise<NetworkSettings> {
  const timeoutMs = resolveTimeout(opts.timeout);
  const maxAttempts = resolveRetries(opts.retries);
  const ca = await resolveCaBundle(opts.caBundle, io);
  const notices = cliNotices(io, redactor);
  const insecure = opts.insecure === true;
  if (insecure) notices.warnOnce('insecure', INSECURE_WARNING);
  return {
    timeoutMs,
    maxAttempts,
    ca,
    insecure,
    proxyEnv: io.env,
    onEvent: createEventLogger((text) => io.stderr.write(text), redactor, notices, opts.debug === true),
  };
}
