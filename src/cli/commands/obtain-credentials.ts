import { createCredentialCache } from '../../cache/credential-cache.js';
import { clientTarget } from '../../client/client-target.js';
import type { StsClient } from '../../client/sts-client.js';
import { StsResponseError } from '../../errors.js';
import { earlierLifetimeMs, serverLifetimeMs } from '../../providers/expiration-readings.js';
import type { StsResult } from '../../sts/registry.js';
import { cliCacheHost } from '../cache-host.js';
import { atOrigin } from '../errors.js';
import type { CredentialOutcome, CredentialRun } from '../invocation.js';
import type { CliIo } from '../io.js';
import { requestCacheKey, sendRequest } from '../method-request.js';
import type { Redactor } from '../redact.js';
import { formatTimeLeft } from '../../format/iso-time.js';
import { connectionSettings } from '../inputs/network.js';
import { cliNotices } from '../notices.js';

/** A granted lifetime this much shorter than the one asked for is reported (servers round, clocks differ). */
const LIFETIME_SLACK_MS = 60_000;

/** One stderr line when the server granted a shorter lifetime than `-e` asked for (MinIO caps it silently). */
function noteShorterLifetime(asked: unknown, result: StsResult, io: CliIo, redactor: Redactor): void {
  if (typeof asked !== 'number') return;
  const grantedMs = result.expiration.getTime() - (result.serverDate ?? io.now()).getTime();
  if (grantedMs >= asked * 1000 - LIFETIME_SLACK_MS) return;
  cliNotices(io, redactor).warnOnce(
    'shorter-lifetime',
    `asked for a lifetime of ${formatTimeLeft(asked * 1000)}, the server granted ${formatTimeLeft(Math.max(0, grantedMs))} (its limit for these credentials)`,
    'own',
  );
}

/**
 * The answer with the expiration this run hands out: the earlier of the server's `Expiration` and local now
 * plus the lifetime its `Date` gives (so a server clock far behind cannot stretch it); as the library's
 * providers do. An answer that has expired by the server's own clock is left for the check below.
 */
function handedOut(result: StsResult, receivedAtMs: number): StsResult {
  const expirationMs = result.expiration.getTime();
  const lifetimeMs = serverLifetimeMs(expirationMs, result.serverDate?.getTime(), receivedAtMs);
  if (!(lifetimeMs > 0)) return result;
  const earlierMs = earlierLifetimeMs(expirationMs, lifetimeMs, receivedAtMs);
  // Whole seconds, rounded down, as servers write them.
  const handedOutMs = Math.floor((receivedAtMs + earlierMs) / 1000) * 1000;
  if (handedOutMs >= expirationMs - 999 && handedOutMs <= expirationMs) return result;
  // The server's Date, on the same (local) clock as the expiration now is: the time left stays what was granted.
  return { ...result, expiration: new Date(handedOutMs), serverDate: new Date(handedOutMs - earlierMs) };
}

/**
 * Gets the credentials of a resolved run: from the cache when it can answer, else with the one
 * library call of the method's request (then cached); then the `-b` listing, if asked for.
 * The client, and with it the HTTP, signing and XML code, is loaded only when a request is sent.
 */
export async function obtainCredentials(run: CredentialRun, io: CliIo, redactor: Redactor): Promise<CredentialOutcome> {
  const { request, network } = run;
  const { endpoint, region } = clientTarget(network);
  const s3Endpoint = run.endpoints.s3 === undefined ? undefined : new URL(run.endpoints.s3.value);
  let client: StsClient | undefined;
  // The CA bundle is read once, by the first connection: the STS call, or the listing on a cache hit.
  let connecting: Promise<typeof network> | undefined;
  const connectable = (): Promise<typeof network> => (connecting ??= connectionSettings(network));
  const send = async (): Promise<StsResult> => {
    const { StsClient } = await import('../../client/sts-client.js');
    try {
      client = new StsClient({ ...(await connectable()), ...request.clientCertificate });
      return handedOut(await sendRequest(client, request), io.now().getTime());
    } catch (error) {
      throw atOrigin(error, run.originOf);
    }
  };
  const key = requestCacheKey(request, endpoint.href, region);
  const cache = run.cacheDir === undefined ? undefined : createCredentialCache(run.cacheDir, cliCacheHost(io, redactor));
  try {
    const bound = { secret: request.knownSecret };
    const { result, fromCache } = !cache
      ? { result: await send(), fromCache: false }
      : run.refresh
        ? { result: await cache.refresh(key, send, bound), fromCache: false }
        : await cache.getOrFetch(key, send, bound);
    if (result.serverDate === undefined && result.expiration.getTime() <= io.now().getTime()) {
      // The library judges expiry by the server's Date; an answer without one is judged by the local clock.
      throw new StsResponseError(`${result.action} failed: the credentials returned had already expired at ${result.expiration.toISOString()}`, {
        field: 'Credentials.Expiration',
        context: { action: result.action, endpoint: endpoint.origin },
      });
    }
    redactor.add(result.secretAccessKey);
    redactor.add(result.sessionToken);
    if (!fromCache) noteShorterLifetime(request.params.durationSeconds, result, io, redactor);
    let listing: CredentialOutcome['listing'];
    if (run.bucket && s3Endpoint) {
      const { listObjects } = await import('../../s3/list-objects.js');
      // Sign with the clock correction the STS call found, if any (none when the cache answered).
      const { objects, cut } = await listObjects({
        ...(await connectable()),
        endpoint: s3Endpoint,
        bucket: run.bucket,
        credentials: result,
        region,
        now: io.now,
        clockOffsetMs: client?.clockOffsetMs ?? 0,
      });
      listing = { bucket: run.bucket, objects, cut };
    }
    return { result, endpoint, s3Endpoint, region, fromCache, listing };
  } finally {
    await client?.close();
  }
}
