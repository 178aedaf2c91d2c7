/**
 * What `exec --server` serves, decided by the library's refresh engine: the server is one more client
 * of {@link RefreshEngine}, with its windows set from `--refresh-before` and a slower backoff, and one
 * rule of its own: while a refresh fails, the current keys are served until their real expiry.
 */
import type { RefreshEngine, RefreshEngineOptions, RefreshErrorInfo } from '../providers/refresh-engine.js';
import type { TemporaryCredentials } from '../types.js';
import type { ServedCredentials } from './credential-server.js';
import { CliUsageError } from './errors.js';

/** `--refresh-before` as resolved: its value, and whether the user gave it. */
export interface ServerRefresh {
  refreshBeforeMs: number;
  /** True when `--refresh-before` was typed; the default adapts to short-lived credentials instead. */
  explicit: boolean;
}

/**
 * After a failed refresh, the first wait and the longest (each doubling per failure, then cut by a random
 * 0–50 %): during an STS outage, at most four refreshes in its first minute and two a minute after that,
 * however many requests the command makes (each refresh may be retried as `--retries` says).
 */
export const SERVER_BACKOFF = { backoffInitialMs: 15_000, backoffMaxMs: 60_000 } as const;

/** Share of the lifetime the default window may take: 900 s credentials are renewed 300 s before expiry. */
const DEFAULT_SHARE = 1 / 3;

/**
 * The engine's timing for a credential server. Pure. The advisory and mandatory windows are one: once
 * renewal is due, a request waits for it (a consumer that comes back at the served expiration gets new
 * keys, not the old ones again). The default `--refresh-before` is capped at a third of the lifetime;
 * an explicit one is taken as given.
 */
export function serverEngineTiming(refresh: ServerRefresh): Pick<RefreshEngineOptions, 'advisoryWindowMs' | 'mandatoryWindowMs' | 'windowShares' | 'backoffInitialMs' | 'backoffMaxMs'> {
  const share = refresh.explicit ? 1 : DEFAULT_SHARE;
  return {
    advisoryWindowMs: refresh.refreshBeforeMs,
    mandatoryWindowMs: refresh.refreshBeforeMs,
    windowShares: { advisory: share, mandatory: share },
    ...SERVER_BACKOFF,
  };
}

/**
 * Fails when an explicit `--refresh-before` cannot fit in the credentials' lifetime (every request would
 * start a new session). The default never fails: it shrinks with the lifetime.
 * @throws {@link CliUsageError}
 */
export function checkRefreshFits(refresh: ServerRefresh, lifetimeMs: number): void {
  if (refresh.explicit && lifetimeMs <= refresh.refreshBeforeMs) {
    throw new CliUsageError(
      `--refresh-before (${Math.round(refresh.refreshBeforeMs / 1000)}s) must be shorter than the credentials' lifetime (${Math.round(lifetimeMs / 1000)}s)`,
    );
  }
}

/** The one line `exec --server` writes when a refresh failed (the caller redacts and prints it). */
export function describeFailedRefresh(reason: string, info: RefreshErrorInfo, servingUntil: Date | undefined): string {
  const serving = servingUntil ? `serving the current credentials until ${servingUntil.toISOString()}` : 'no valid credentials to serve';
  return `exec --server: refresh failed (${reason}); ${serving}; next try in ${Math.ceil(info.retryInMs / 1000)} s`;
}

/**
 * How long a request waits for a refresh in flight when the current keys are still valid: the SDKs give
 * the endpoint about a second (the AWS SDK v3 1 s, botocore 1 s), so a slow STS must not make them fail
 * while good keys are at hand.
 */
export const REFRESH_PATIENCE_MS = 800;

/**
 * The server's credentials source: the engine's credentials, served with the moment they are due for
 * renewal as their expiration (so consumers come back then); when the engine has none to give (a
 * refresh failed, is backing off, or takes longer than `patienceMs`), the last good ones until their real
 * expiry, then the error.
 * @param now - the local clock, in epoch milliseconds
 */
export function servedCredentials(
  engine: Pick<RefreshEngine, 'get' | 'refreshAt'>,
  now: () => number,
  patienceMs: number = REFRESH_PATIENCE_MS,
): { serve: () => Promise<ServedCredentials>; lastGood: () => TemporaryCredentials | undefined } {
  let last: TemporaryCredentials | undefined;
  const served = (creds: TemporaryCredentials, expiration: Date): ServedCredentials => ({
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
    expiration,
  });
  const lastGood = (): TemporaryCredentials | undefined => (last && last.expiration.getTime() > now() ? last : undefined);
  /** The engine's answer, or `undefined` once `patienceMs` has passed while good keys are at hand. */
  const engineAnswer = async (): Promise<TemporaryCredentials | undefined> => {
    const pending = engine.get();
    if (!lastGood()) return pending;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const impatient = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, patienceMs, undefined);
      timer.unref?.();
    });
    try {
      return await Promise.race([pending, impatient]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    lastGood,
    serve: async () => {
      let creds: TemporaryCredentials | undefined;
      try {
        creds = await engineAnswer();
      } catch (error) {
        const good = lastGood();
        if (good) return served(good, good.expiration);
        throw error;
      }
      if (creds === undefined) {
        // The refresh goes on in the background; the consumer keeps valid keys meanwhile.
        const good = lastGood();
        if (good) return served(good, good.expiration);
        creds = await engine.get();
      }
      last = creds;
      const due = engine.refreshAt;
      return served(creds, due > now() ? new Date(due) : creds.expiration);
    },
  };
}
