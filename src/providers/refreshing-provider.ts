import type { TemporaryCredentials } from '../types.js';
import type { RefreshEngine, RefreshOptions } from './refresh-engine.js';

/**
 * The argument the AWS SDK v3 may pass to a credential provider.
 *
 * @example
 * ```ts
 * const fresh = await credentials({ forceRefresh: true });
 * ```
 */
export interface ProviderCallOptions {
  /** Ignore the cached credentials and get new ones. */
  forceRefresh?: boolean | undefined;
}

/**
 * A credential provider that caches and refreshes temporary credentials: structurally an AWS SDK v3
 * `AwsCredentialIdentityProvider`, so it can be passed as `credentials` to any SDK client.
 *
 * `expiration` is given in local-clock time (the server's expiry corrected for clock skew), so
 * `expiration.getTime() - Date.now()` is the real time left even on a machine whose clock is off.
 *
 * @example
 * ```ts
 * const credentials = fromCustomToken({ endpoint, token, roleArn });
 * try {
 *   const { accessKeyId, expiration } = await credentials(); // cached until shortly before `expiration`
 *   await credentials.forceRefresh(); // e.g. after the server revoked the session
 * } finally {
 *   await credentials.close();
 * }
 * ```
 */
export interface RefreshingCredentialProvider {
  /** Valid credentials: cached while fresh, otherwise from one STS call shared by all waiting callers. */
  (options?: ProviderCallOptions): Promise<TemporaryCredentials>;
  /** Gets new credentials now, whatever the cache and the backoff say (joins a call already in flight). */
  forceRefresh(): Promise<TemporaryCredentials>;
  /**
   * Forgets the credentials, aborts a refresh in flight (its callers reject with `StsProviderClosedError`) and
   * closes the STS client's connections; later calls reject. Returns without waiting for a hung refresh. Idempotent.
   */
  close(): Promise<void>;
}

/** Wraps an engine and the resource it owns into the provider function. */
export function createRefreshingProvider(engine: RefreshEngine, destroyClient: () => Promise<void>): RefreshingCredentialProvider {
  let closing: Promise<void> | undefined;
  const provider = (options?: ProviderCallOptions): Promise<TemporaryCredentials> => engine.get(options?.forceRefresh === true);
  return Object.assign(provider, {
    forceRefresh: (): Promise<TemporaryCredentials> => engine.get(true),
    close: (): Promise<void> => {
      // Waiters are released first, then the connection pool is destroyed, which aborts a request in flight.
      engine.close();
      closing ??= destroyClient();
      return closing;
    },
  });
}

/** The engine's clock from a client's optional `now()` option (no `Date` allocation when there is none). */
export function epochClock(now: (() => Date) | undefined): () => number {
  return now === undefined ? Date.now : () => now().getTime();
}

/** The refresh options alone (the rest of a provider's options is not the engine's business). */
export function refreshSettings(options: RefreshOptions): RefreshOptions {
  return {
    advisoryWindowMs: options.advisoryWindowMs,
    mandatoryWindowMs: options.mandatoryWindowMs,
    backoffInitialMs: options.backoffInitialMs,
    backoffMaxMs: options.backoffMaxMs,
    onRefresh: options.onRefresh,
    onError: options.onError,
  };
}
