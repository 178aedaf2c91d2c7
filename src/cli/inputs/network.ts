import type { StsEventListener } from '../../events.js';
import { quoteText } from '../../text/quote-text.js';
import { isValidRegion } from '../../sts/validate.js';
import { createEventLogger } from '../debug-log.js';
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliNotices } from '../notices.js';
import type { Redactor } from '../redact.js';
import { escapeControl } from '../../text/server-text.js';
import { BUNDLE_LIMIT, readInputText } from './files.js';
import { citing, valueOf, type RunSettings, type Sourced } from './settings.js';

/** What the library gets from those flags and the environment. */
export interface NetworkSettings {
  endpoint: string;
  /** Undefined means the library's default. */
  region: string | undefined;
  timeoutMs: number | undefined;
  maxAttempts: number | undefined;
  ca: string | undefined;
  /**
   * The CA bundle setting when it is read only before a connection ({@link connectionSettings}): a run that
   * connects to nothing (a cache hit) does not read a bundle of hundreds of KiB. Undefined once read.
   */
  caBundle?: Sourced | undefined;
  insecure: boolean;
  /** The CLI's environment: the library takes HTTP_PROXY/HTTPS_PROXY/NO_PROXY from it (and nothing else). */
  proxyEnv: Readonly<Record<string, string | undefined>>;
  onEvent: StsEventListener;
}

/** Most retries `--retries` accepts. */
export const MAX_RETRIES = 10;

/** `--retries <n>`: retries after the first attempt, 0 to 10; the library's `maxAttempts` is n + 1. */
export function resolveRetries(setting: Sourced | undefined): number | undefined {
  if (setting === undefined) return undefined;
  const text = setting.value;
  if (!/^\d+$/.test(text.trim()) || Number(text) > MAX_RETRIES) {
    throw new CliUsageError(`invalid ${setting.origin.label}: ${quoteText(text)} (a whole number from 0 to ${MAX_RETRIES})`);
  }
  return Number(text) + 1;
}

/** `--timeout <seconds>` to milliseconds. */
export function resolveTimeout(setting: Sourced | undefined): number | undefined {
  if (setting === undefined) return undefined;
  const seconds = Number(setting.value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new CliUsageError(`invalid ${setting.origin.label}: ${quoteText(setting.value)} (seconds, 0 < t <= 3600)`);
  }
  return Math.round(seconds * 1000);
}

/** The CA bundle the setting names (`--ca-bundle`, `ca_bundle`, `AWS_CA_BUNDLE`); undefined when none does. */
async function resolveCaBundle(setting: Sourced | undefined): Promise<string | undefined> {
  const path = valueOf(setting);
  if (!path || !setting) return undefined;
  return citing(setting, async () => {
    const text = await readInputText('CA bundle', { path }, BUNDLE_LIMIT);
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new CliUsageError(`CA bundle ${quoteText(path)} holds no PEM certificate`);
    return text;
  });
}

const INSECURE_WARNING =
  '--insecure: TLS certificates are NOT verified. Anyone who can intercept the connection can pose as the server ' +
  'and read the credentials it returns. Use --ca-bundle <file> (or AWS_CA_BUNDLE) to trust a private CA instead';

/**
 * Refuses an endpoint written without its scheme (`localhost:9000`, `minio.example.com`), which URL
 * parsing would read as scheme `localhost:`, and says what was probably meant and where it was written.
 */
function checkScheme(setting: Sourced): void {
  const endpoint = setting.value;
  // Only what looks like host[:port][/path]; anything else gets the library's own message.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) || !/^[\w.-]+(?::\d+)?(?:\/\S*)?$/.test(endpoint)) return;
  const shown = escapeControl(endpoint).slice(0, 200);
  throw new CliUsageError(`invalid endpoint ${quoteText(shown)} (${setting.origin.label}): it needs a scheme; use http://${shown} (or https:// for TLS)`);
}

/** The flags of {@link resolveNetworkSettings} that are no setting of their own. */
export interface NetworkSwitches {
  insecure?: boolean | undefined;
  debug?: boolean | undefined;
  /** `-q/--quiet`: no progress notes (a slow retry) on stderr; warnings and errors still. */
  quiet?: boolean | undefined;
}

/**
 * Resolves, in one place, where requests go and how they travel: the endpoint, the region, the timeout,
 * the retries and the CA bundle (each from its sources, see settings.ts), `--insecure` (warned about once
 * per run), the proxy variables and `--debug`. `doctor` and the credential commands both call it.
 * @throws {@link CliUsageError} for a bad value, naming where it was written, or an unreadable CA bundle
 */
export async function resolveNetworkSettings(
  settings: RunSettings,
  switches: NetworkSwitches,
  io: CliIo,
  redactor: Redactor,
  { caBundle = 'now' }: { caBundle?: 'now' | 'on-connect' } = {},
): Promise<NetworkSettings> {
  const endpoint = settings.get('endpoint')!;
  // An empty flag is a mistake (an unset shell variable: `--endpoint "$URL"`), not a wish for the default.
  if (endpoint.value === '') throw new CliUsageError(`${endpoint.origin.label} is empty: give the STS endpoint URL, or leave the flag out for the default`);
  const regionSetting = settings.get('region');
  const region = valueOf(regionSetting);
  // The region travels in the Authorization header's scope: the library's own rule, checked before anything is read.
  if (region !== undefined && !isValidRegion(region)) {
    throw new CliUsageError(`invalid ${regionSetting!.origin.label}: 1 to 64 letters, digits, dots, dashes or underscores (e.g. us-east-1)`);
  }
  const timeoutMs = resolveTimeout(settings.get('timeout'));
  const maxAttempts = resolveRetries(settings.get('retries'));
  const caSetting = settings.get('caBundle');
  const ca = caBundle === 'now' ? await resolveCaBundle(caSetting) : undefined;
  const notices = cliNotices(io, redactor);
  const insecure = switches.insecure === true;
  if (insecure) notices.warnOnce('insecure', INSECURE_WARNING, 'own');
  checkScheme(endpoint);
  return {
    endpoint: endpoint.value,
    region,
    timeoutMs,
    maxAttempts,
    ca,
    ...(caBundle === 'on-connect' && valueOf(caSetting) ? { caBundle: caSetting } : {}),
    insecure,
    proxyEnv: io.env,
    onEvent: createEventLogger((text) => io.stderr.write(text), redactor, notices, switches.debug === true, switches.quiet === true),
  };
}

/**
 * `network` ready to connect with: its CA bundle read now if it was left for the first connection
 * (`resolveNetworkSettings(..., { caBundle: 'on-connect' })`). Every client a credential run makes is
 * built from this.
 * @throws {@link CliUsageError} for an unreadable CA bundle, naming where it was written
 */
export async function connectionSettings(network: NetworkSettings): Promise<NetworkSettings> {
  const { caBundle, ...rest } = network;
  if (caBundle === undefined) return rest;
  return { ...rest, ca: await resolveCaBundle(caBundle) };
}
