/**
 * The two endpoints of a run, each with where it was written: STS, where the credentials come from, and
 * S3, where they are used. They differ where MinIO runs under its Kubernetes operator, which serves STS for
 * every tenant from its own service, port and path (`https://sts.minio-operator.svc.cluster.local:4223/sts/<ns>`),
 * while the tenant's S3 API is elsewhere. Every hand-off (`env`, `exec`, `-o env|dotenv|mc`, `--mc-alias`,
 * `-b`) points at S3, never at an STS path.
 *
 * Precedence, as for every setting: flags, then the profile or alias, then the `AWS_*` variables, then defaults.
 * - STS: `--endpoint`; the profile's `services` `sts` entry or `endpoint_url` (or the mc alias's
 *   `MC_STS_ENDPOINT_<alias>`, else its URL); `AWS_ENDPOINT_URL_STS`; `AWS_ENDPOINT_URL`; `http://localhost:9000`.
 * - S3: `--s3-endpoint`; the profile's `services` `s3` entry, or the mc alias's URL; `AWS_ENDPOINT_URL_S3`;
 *   `AWS_ENDPOINT_URL` when it has no path; else the STS endpoint, but only when that one has no path.
 *
 * Pure. Kept in one module so it can move into the provenance resolver as a whole.
 */
import { parseEndpoint } from '../../sts/validate.js';
import { escapeControl } from '../../text/server-text.js';
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { ConfiguredSettings } from './configured.js';
import { DEFAULT_ENDPOINT, envValue } from './environment.js';

/** An endpoint and the place it came from (`--endpoint`, `AWS_ENDPOINT_URL_S3`, `endpoint_url in AWS profile "x" of ...`). */
export interface EndpointSetting {
  url: string;
  source: string;
}

/** Both endpoints of a run. */
export interface Endpoints {
  sts: EndpointSetting;
  /** Undefined when none is known: the STS endpoint has a path, and nothing names the S3 endpoint. */
  s3: EndpointSetting | undefined;
}

/** The flags that name the endpoints. */
export interface EndpointFlags {
  endpoint?: string | undefined;
  s3Endpoint?: string | undefined;
}

/** What to do when no S3 endpoint is known: one sentence, for every message that needs it. */
export const S3_ENDPOINT_HINT =
  'give the S3 endpoint with --s3-endpoint, AWS_ENDPOINT_URL_S3, the s3 entry of the profile\'s services section, or an mc alias (--alias)';

/** True when the URL has a path beyond `/` (an STS path such as `/sts/tenant-ns`). Pure. */
export function hasPath(url: string): boolean {
  try {
    const { pathname } = new URL(url);
    return pathname !== '/' && pathname !== '';
  } catch {
    return false;
  }
}

/** Resolves both endpoints. @throws {@link CliUsageError} for an empty flag or an S3 endpoint that is not an http(s) URL */
export function resolveEndpoints(flags: EndpointFlags, configured: ConfiguredSettings | undefined, env: CliIo['env']): Endpoints {
  // An empty flag is a mistake (an unset shell variable: `--endpoint "$URL"`), not a wish for the default.
  if (flags.endpoint === '') throw new CliUsageError('--endpoint is empty: give the STS endpoint URL, or leave the flag out for the default');
  if (flags.s3Endpoint === '') throw new CliUsageError('--s3-endpoint is empty: give the S3 endpoint URL, or leave the flag out');
  const sts = first([
    ['--endpoint', flags.endpoint],
    [configured?.endpointOrigin ?? configured?.origin ?? '', configured?.endpoint],
    ['AWS_ENDPOINT_URL_STS', envValue(env, 'AWS_ENDPOINT_URL_STS')],
    ['AWS_ENDPOINT_URL', envValue(env, 'AWS_ENDPOINT_URL')],
  ]) ?? { url: DEFAULT_ENDPOINT, source: 'the default' };
  const generic = envValue(env, 'AWS_ENDPOINT_URL');
  const s3 =
    first([
      ['--s3-endpoint', flags.s3Endpoint],
      [configured?.s3Endpoint?.origin ?? '', configured?.s3Endpoint?.url],
      ['AWS_ENDPOINT_URL_S3', envValue(env, 'AWS_ENDPOINT_URL_S3')],
      // The variable every AWS service reads: S3 too, unless it is an STS path.
      ['AWS_ENDPOINT_URL', generic !== undefined && !hasPath(generic) ? generic : undefined],
    ]);
  // The STS endpoint stands in only when it has no path; it is checked as the STS endpoint, with that one's messages.
  if (s3 !== undefined && s3.url !== sts.url) checkS3Endpoint(s3);
  return { sts, s3: s3 ?? (hasPath(sts.url) ? undefined : { url: sts.url, source: `the STS endpoint (${sts.source})` }) };
}

function first(candidates: ReadonlyArray<readonly [string, string | undefined]>): EndpointSetting | undefined {
  for (const [source, url] of candidates) if (url) return { url, source };
  return undefined;
}

function checkS3Endpoint(s3: EndpointSetting): void {
  try {
    parseEndpoint(s3.url);
  } catch (error) {
    // The library's message names what is wrong (no scheme, user-info, a query string) without the URL's secrets.
    throw new CliUsageError(`invalid S3 endpoint (${s3.source}): ${(error as Error).message}`);
  }
}

/** Why a hand-off that needs the S3 endpoint has none: for usage errors and the `env`/`exec` notice. Pure. */
export function noS3EndpointReason(sts: EndpointSetting): string {
  return `the STS endpoint ${JSON.stringify(escapeControl(sts.url).slice(0, 200))} (${sts.source}) has a path, so it is not the S3 endpoint`;
}
