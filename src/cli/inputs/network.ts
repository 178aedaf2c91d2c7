import type { StsEventListener } from '../../events.js';
import { isValidRegion } from '../../sts/validate.js';
import { createEventLogger } from '../debug-log.js';
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliNotices } from '../notices.js';
import type { Redactor } from '../redact.js';
import { escapeControl } from '../../text/server-text.js';
import { DEFAULT_ENDPOINT, ENV, envValue } from './environment.js';
import { BUNDLE_LIMIT, readInputText } from './files.js';

/** The flags, shared by every command that talks to a server, that say where and how requests travel. */
export interface NetworkCliOptions {
  endpoint?: string | undefined;
  /** `--s3-endpoint`: where the credentials are used (see endpoints.ts). */
  s3Endpoint?: string | undefined;
  region?: string | undefined;
  timeout?: string | undefined;
  retries?: string | undefined;
  caBundle?: string | undefined;
  insecure?: boolean | undefined;
  debug?: boolean | undefined;
}

/** What the library gets from those flags and the environment. */
export interface NetworkSettings {
  endpoint: string;
  /** Undefined means the library's default. */
  region: string | undefined;
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

/** `--timeout <seconds>` to milliseconds. */
export function resolveTimeout(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const seconds = Number(flag);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new CliUsageError(`invalid --timeout: ${JSON.stringify(flag)} (seconds, 0 < t <= 3600)`);
  return Math.round(seconds * 1000);
}

/** The CA bundle from `--ca-bundle`, else `$AWS_CA_BUNDLE`; undefined when neither is set. */
async function resolveCaBundle(flag: string | undefined, env: CliIo['env']): Promise<string | undefined> {
  const path = flag || envValue(env, ENV.caBundle);
  if (!path) return undefined;
  const text = await readInputText('CA bundle', { path }, BUNDLE_LIMIT);
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new CliUsageError(`CA bundle ${JSON.stringify(path)} holds no PEM certificate`);
  return text;
}

const INSECURE_WARNING =
  '--insecure: TLS certificates are NOT verified. Anyone who can intercept the connection can pose as the server ' +
  'and read the credentials it returns. Use --ca-bundle <file> (or AWS_CA_BUNDLE) to trust a private CA instead';

/**
 * Refuses an endpoint written without its scheme (`localhost:9000`, `minio.example.com`), which URL
 * parsing would read as scheme `localhost:`, and says what was probably meant.
 */
function checkScheme(endpoint: string): void {
  // Only what looks like host[:port][/path]; anything else gets the library's own message.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) || !/^[\w.-]+(?::\d+)?(?:\/\S*)?$/.test(endpoint)) return;
  const shown = escapeControl(endpoint).slice(0, 200);
  throw new CliUsageError(`invalid endpoint ${JSON.stringify(shown)}: it needs a scheme; use http://${shown} (or https:// for TLS)`);
}

/**
 * Resolves, in one place, where requests go and how they travel: the endpoint (`--endpoint`, then
 * `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, then MinIO's default), the region (`--region`, then
 * `AWS_REGION`, `AWS_DEFAULT_REGION`), `--timeout`, `--retries`, `--ca-bundle`/`AWS_CA_BUNDLE`,
 * `--insecure` (warned about once per run), the proxy variables and `--debug`.
 * @throws {@link CliUsageError} for a bad number or an unreadable CA bundle
 */
export async function resolveNetworkOptions(opts: NetworkCliOptions, io: CliIo, redactor: Redactor): Promise<NetworkSettings> {
  // An empty flag is a mistake (an unset shell variable: `--endpoint "$URL"`), not a wish for the default.
  if (opts.endpoint === '') throw new CliUsageError('--endpoint is empty: give the STS endpoint URL, or leave the flag out for the default');
  const region = opts.region || envValue(io.env, ...ENV.region);
  // The region travels in the Authorization header's scope: the library's own rule, checked before anything is read.
  if (region !== undefined && !isValidRegion(region)) {
    throw new CliUsageError('invalid --region: 1 to 64 letters, digits, dots, dashes or underscores (e.g. us-east-1)');
  }
  const timeoutMs = resolveTimeout(opts.timeout);
  const maxAttempts = resolveRetries(opts.retries);
  const ca = await resolveCaBundle(opts.caBundle, io.env);
  const notices = cliNotices(io, redactor);
  const insecure = opts.insecure === true;
  if (insecure) notices.warnOnce('insecure', INSECURE_WARNING);
  const endpoint = opts.endpoint || envValue(io.env, ...ENV.endpoint) || DEFAULT_ENDPOINT;
  checkScheme(endpoint);
  return {
    endpoint,
    region,
    timeoutMs,
    maxAttempts,
    ca,
    insecure,
    proxyEnv: io.env,
    onEvent: createEventLogger((text) => io.stderr.write(text), redactor, notices, opts.debug === true),
  };
}
