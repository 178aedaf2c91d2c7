/**
 * The two endpoints of a run, each with where it was written: STS, where the credentials come from, and
 * S3, where they are used. They differ where MinIO runs under its Kubernetes operator, which serves STS for
 * every tenant from its own service, port and path (`https://sts.minio-operator.svc.cluster.local:4223/sts/<ns>`),
 * while the tenant's S3 API is elsewhere. Every hand-off (`env`, `exec`, `-o env|dotenv|mc`, `--mc-alias`,
 * `-b`) points at S3, never at an STS path.
 *
 * Both are settings (settings.ts): STS is `endpoint`, S3 is `s3Endpoint` (`--s3-endpoint`, the profile's
 * `services` `s3` entry or the mc alias's URL, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL` without a path).
 * When none of those gives S3, the STS endpoint stands in, but only when it has no path. Pure.
 */
import { CliUsageError } from '../errors.js';
import { hasPath } from './environment.js';
import type { Origin, RunSettings, Sourced } from './settings.js';
import { escapeControl } from '../../text/server-text.js';
import { parseEndpoint } from '../../sts/validate.js';

/** Both endpoints of a run, with where each was written. */
export interface Endpoints {
  sts: Sourced;
  /** Undefined when none is known: the STS endpoint has a path, and nothing names the S3 endpoint. */
  s3: Sourced | undefined;
}

/** What to do when no S3 endpoint is known: one sentence, for every message that needs it. */
export const S3_ENDPOINT_HINT =
  "give the S3 endpoint with --s3-endpoint, AWS_ENDPOINT_URL_S3, the s3 entry of the profile's services section, or an mc alias (--alias)";

/** Resolves both endpoints. @throws {@link CliUsageError} for an empty `--s3-endpoint` or an S3 endpoint that is not an http(s) URL, naming where it was written */
export function resolveEndpoints(settings: RunSettings): Endpoints {
  const sts = settings.get('endpoint')!;
  const s3 = settings.get('s3Endpoint');
  if (s3 === undefined) {
    const standIn: Origin = { kind: sts.origin.kind, label: `the STS endpoint, ${sts.origin.label}` };
    return { sts, s3: hasPath(sts.value) ? undefined : { value: sts.value, origin: standIn } };
  }
  if (s3.value === '') throw new CliUsageError(`${s3.origin.label} is empty: give the S3 endpoint URL, or leave the flag out`);
  // The same URL as STS is checked once, as the STS endpoint, with that one's messages.
  if (s3.value !== sts.value) {
    try {
      parseEndpoint(s3.value);
    } catch (error) {
      // The library's message names what is wrong (no scheme, user-info, a query string) without the URL's secrets.
      throw new CliUsageError(`invalid S3 endpoint (${s3.origin.label}): ${(error as Error).message}`);
    }
  }
  return { sts, s3 };
}

/** Why a hand-off that needs the S3 endpoint has none: for usage errors and the `env`/`exec` notice. Pure. */
export function noS3EndpointReason(sts: Sourced): string {
  return `the STS endpoint ${JSON.stringify(escapeControl(sts.value).slice(0, 200))} (${sts.origin.label}) has a path, so it is not the S3 endpoint`;
}
