/**
 * Two readings of when credentials expire: the server's `Expiration` as given, and local now plus the
 * lifetime the server's own `Date` says is left. The earlier one is handed out (providers, the credential
 * server, and the CLI's output), so neither a server `Date` far in the past nor a local clock that is ahead
 * stretches the credentials' life. Pure.
 */

/**
 * Clock differences up to this size are not corrected: the `Date` header has whole-second precision and
 * arrives one network trip late, so smaller "skews" are measurement noise.
 */
export const SKEW_DEAD_BAND_MS = 2_000;

/**
 * The lifetime left by the server's own clock, measured from `receivedAtMs` (local): `Expiration - Date`,
 * or `Expiration - local now` when the server sent no usable `Date` or its `Date` is within the dead band.
 */
export function serverLifetimeMs(expirationMs: number, serverDateMs: number | undefined, receivedAtMs: number): number {
  const skewMs = serverDateMs === undefined || Number.isNaN(serverDateMs) ? 0 : serverDateMs - receivedAtMs;
  return expirationMs - (Math.abs(skewMs) > SKEW_DEAD_BAND_MS ? receivedAtMs + skewMs : receivedAtMs);
}

/**
 * The lifetime to hand out, from `receivedAtMs`: the earlier of the two readings, `lifetimeMs` (from the
 * server's `Date`) and the `Expiration` as given; only when the `Expiration` has already passed on the local
 * clock (a clock ahead by more than the lifetime) is the `Date` reading kept, so the credentials are usable at all.
 */
export function earlierLifetimeMs(expirationMs: number, lifetimeMs: number, receivedAtMs: number): number {
  return expirationMs < receivedAtMs + lifetimeMs && expirationMs > receivedAtMs ? expirationMs - receivedAtMs : lifetimeMs;
}
