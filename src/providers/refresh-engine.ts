import { StsProviderClosedError, StsResponseError, StsValidationError, type StsCallContext } from '../errors.js';
import { emitEvent, type StsEventListener } from '../events.js';
import type { TemporaryCredentials } from '../types.js';
import { earlierLifetimeMs, serverLifetimeMs } from './expiration-readings.js';
import { isRetryableStsError } from './is-retryable.js';

/**
 * Default refresh timing of credential providers, in milliseconds.
 *
 * Each window is also capped by a share of the credentials' lifetime (a third for the advisory window,
 * a tenth for the mandatory one), so short-lived credentials are still reused for at least two thirds of
 * their life: 900 s credentials get a 300 s advisory and a 60 s mandatory window.
 *
 * @example
 * ```ts
 * // Start refreshing twice as early as the default, still waiting only in the last minute.
 * fromAssumeRole({ endpoint, credentials, advisoryWindowMs: 2 * REFRESH_DEFAULTS.advisoryWindowMs });
 * ```
 */
export const REFRESH_DEFAULTS = {
  /**
   * Before expiry, the window in which one background refresh starts while callers keep the current credentials
   * (at a moment each provider draws at random in the window). Matches the AWS SDK v3's 5 min.
   */
  advisoryWindowMs: 300_000,
  /** Before expiry, when callers stop getting the current credentials and wait for new ones. */
  mandatoryWindowMs: 60_000,
  /** First wait after a failed refresh; doubles per consecutive failure. */
  backoffInitialMs: 1_000,
  /** Longest wait between attempts; also the wait after an error retrying cannot fix. */
  backoffMaxMs: 30_000,
} as const;

/** Largest share of the lifetime the advisory window may take. */
const ADVISORY_MAX_SHARE = 1 / 3;
/** Largest share of the lifetime the mandatory window may take. */
const MANDATORY_MAX_SHARE = 1 / 10;
/** When the server's `Expiration` and local now + the lifetime its `Date` gives differ by more, an event says so. */
const READINGS_DISAGREE_MS = 3 * 60_000;

/**
 * The largest share of the credentials' lifetime each window may take.
 * @defaultValue `{ advisory: 1/3, mandatory: 1/10 }`
 */
export interface WindowShares {
  advisory: number;
  mandatory: number;
}

/**
 * When and how to refresh. All durations in milliseconds.
 *
 * Under the AWS SDK v3, which memoizes credentials and asks the provider again only in their last 5 minutes,
 * an advisory window longer than that has no effect.
 *
 * @example
 * ```ts
 * const credentials = fromAssumeRole({
 *   endpoint: 'http://localhost:9000',
 *   credentials: { accessKeyId: 'foobar', secretAccessKey: 'foo12345' },
 *   mandatoryWindowMs: 30_000,
 *   onRefresh: (c) => log.info(`new credentials until ${c.expiration.toISOString()}`),
 *   onError: (error, info) => log.warn({ error, ...info }, 'credential refresh failed'),
 * });
 * ```
 */
export interface RefreshOptions {
  /**
   * How long before expiry the window opens in which one background refresh starts; callers keep the current
   * credentials meanwhile. Each provider starts its refresh at a moment drawn uniformly between the opening of this
   * window and the mandatory window, anew for each set of credentials, so that a fleet of processes started together
   * does not refresh together. Capped at a third of the credentials' lifetime.
   * @defaultValue 300000 (5 min)
   */
  advisoryWindowMs?: number | undefined;
  /**
   * How long before expiry callers stop getting the current credentials and wait for new ones.
   * Capped at a tenth of the lifetime and at the advisory window.
   * @defaultValue 60000 (1 min)
   */
  mandatoryWindowMs?: number | undefined;
  /**
   * Wait after the first failed refresh before the next attempt; doubles with each consecutive failure (with jitter: 50–100 %).
   * @defaultValue 1000
   */
  backoffInitialMs?: number | undefined;
  /**
   * Longest wait between attempts, and the wait after an error retrying cannot fix (such as AccessDenied).
   * @defaultValue 30000
   */
  backoffMaxMs?: number | undefined;
  /** Called with each new set of credentials. Exceptions it throws are ignored. */
  onRefresh?: ((credentials: TemporaryCredentials) => void) | undefined;
  /** Called once per failed refresh (not once per waiting caller). Exceptions it throws are ignored. */
  onError?: ((error: unknown, info: RefreshErrorInfo) => void) | undefined;
}

/**
 * What {@link RefreshOptions.onError} learns about a failed refresh.
 *
 * @example
 * ```ts
 * onError: (error, { retryable, retryInMs, servingCachedCredentials }) => {
 *   if (!retryable) alert(`STS refuses us: ${String(error)}`);
 *   else if (!servingCachedCredentials) console.warn(`no credentials; next try in ${retryInMs} ms`);
 * }
 * ```
 */
export interface RefreshErrorInfo {
  /** False for errors retrying cannot fix (AccessDenied, invalid input, a plugin's refusal, ...). */
  retryable: boolean;
  /** Failed refreshes in a row, this one included. */
  consecutiveFailures: number;
  /** Milliseconds until the next attempt is allowed. */
  retryInMs: number;
  /** True when callers keep getting the current, still-valid credentials (the failure happened in the advisory window). */
  servingCachedCredentials: boolean;
}

/** One STS answer as the engine needs it: the credentials and the server's clock reading. */
export interface FetchedCredentials extends TemporaryCredentials {
  /** The HTTP `Date` of the answer; without it the local clock is trusted. */
  serverDate?: Date | undefined;
}

/** Everything the engine depends on. */
export interface RefreshEngineOptions extends RefreshOptions {
  /** Gets new credentials (one STS call). */
  fetch: () => Promise<FetchedCredentials>;
  /** The local clock, in epoch milliseconds. */
  now: () => number;
  /**
   * Uniform random number in [0, 1) for backoff jitter and for the moment in the advisory window the background
   * refresh starts (1 gives the start of the window, 0 its end). @defaultValue `Math.random`
   */
  random?: (() => number) | undefined;
  /** Decides whether a failed fetch may succeed later. @defaultValue {@link isRetryableStsError} */
  isRetryable?: ((error: unknown) => boolean) | undefined;
  /** Action and endpoint, for the engine's own errors. */
  context?: StsCallContext | undefined;
  /**
   * The longest lifetime the call could have asked for, in milliseconds: no credentials are handed out for
   * longer than that from receipt, whatever the server's `Date` says.
   * @defaultValue no limit
   */
  maxLifetimeMs?: number | undefined;
  /**
   * Receives an `expiration-clamped` event when the limit applies, and an `expiration-readings-differ` event
   * when the server's `Expiration` and its `Date` disagree with the local clock by minutes.
   */
  onEvent?: StsEventListener | undefined;
  /**
   * Caps of the windows as shares of the lifetime. A consumer that waits for every refresh (a credential
   * server) sets both to the same share, so the window opens and callers wait at the same moment.
   * @defaultValue `{ advisory: 1/3, mandatory: 1/10 }`
   */
  windowShares?: WindowShares | undefined;
}

const ignore = (): void => undefined;

/** A promise that only ever rejects, when told to. */
function closedSignal(): { promise: Promise<never>; reject: (error: unknown) => void } {
  let reject: (error: unknown) => void = ignore;
  const promise = new Promise<never>((_resolve, rej) => {
    reject = rej;
  });
  promise.catch(ignore);
  return { promise, reject };
}

function checkDuration(value: number | undefined, fallback: number, field: string, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new StsValidationError(`${field} must be a finite number of milliseconds >= ${min}, got ${typeof value === 'number' ? value : typeof value}`, { field });
  }
  return value;
}

/**
 * Caches temporary credentials and decides when to refresh them. No timers: every decision is made when a
 * caller asks, against the injected clock.
 *
 * - One STS call at a time, shared by every caller that needs it (single-flight).
 * - Before the advisory window: the cached credentials, as the same already-resolved promise (no allocation).
 * - In the advisory window: the cached credentials, and one background refresh, from a moment drawn at random in
 *   the window (so that providers started together do not all refresh in the same second).
 * - In the mandatory window or after expiry: callers wait for the refresh.
 * - After a failure, no new attempt until the backoff has passed; callers who need new credentials meanwhile
 *   get the last error at once. Background failures never reach callers while the cached credentials last.
 * - Expiry is tracked in local time: `expiresAt = receipt + (expiration - serverDate)`, so a local clock that
 *   is off by minutes neither refreshes too late nor keeps asking.
 */
export class RefreshEngine {
  readonly #fetch: () => Promise<FetchedCredentials>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #isRetryable: (error: unknown) => boolean;
  readonly #onRefresh: ((credentials: TemporaryCredentials) => void) | undefined;
  readonly #onError: ((error: unknown, info: RefreshErrorInfo) => void) | undefined;
  readonly #context: StsCallContext;
  readonly #maxLifetimeMs: number;
  readonly #onEvent: StsEventListener | undefined;
  readonly #advisoryMs: number;
  readonly #mandatoryMs: number;
  readonly #backoffInitialMs: number;
  readonly #backoffMaxMs: number;
  readonly #shares: WindowShares;

  /** The cached credentials as a settled promise; handed out as-is on the fast path. */
  #current: Promise<TemporaryCredentials> | undefined;
  #advisoryAt = -Infinity;
  #mandatoryAt = -Infinity;
  #inFlight: Promise<TemporaryCredentials> | undefined;
  #failures = 0;
  #nextAttemptAt = -Infinity;
  #lastError: { error: unknown } | undefined;
  #closed = false;
  /** Rejects when the engine is closed; created with the first refresh. */
  #closedSignal: { promise: Promise<never>; reject: (error: unknown) => void } | undefined;

  /** @throws {@link StsValidationError} for a window or backoff that is negative or not a number */
  constructor(options: RefreshEngineOptions) {
    this.#fetch = options.fetch;
    this.#now = options.now;
    this.#random = options.random ?? Math.random;
    this.#isRetryable = options.isRetryable ?? isRetryableStsError;
    this.#onRefresh = options.onRefresh;
    this.#onError = options.onError;
    this.#context = options.context ?? {};
    this.#maxLifetimeMs = options.maxLifetimeMs ?? Infinity;
    this.#onEvent = options.onEvent;
    this.#advisoryMs = checkDuration(options.advisoryWindowMs, REFRESH_DEFAULTS.advisoryWindowMs, 'advisoryWindowMs', 0);
    this.#mandatoryMs = Math.min(
      checkDuration(options.mandatoryWindowMs, REFRESH_DEFAULTS.mandatoryWindowMs, 'mandatoryWindowMs', 0),
      this.#advisoryMs,
    );
    this.#shares = options.windowShares ?? { advisory: ADVISORY_MAX_SHARE, mandatory: MANDATORY_MAX_SHARE };
    this.#backoffInitialMs = checkDuration(options.backoffInitialMs, REFRESH_DEFAULTS.backoffInitialMs, 'backoffInitialMs', 1);
    this.#backoffMaxMs = Math.max(
      checkDuration(options.backoffMaxMs, REFRESH_DEFAULTS.backoffMaxMs, 'backoffMaxMs', 1),
      this.#backoffInitialMs,
    );
  }

  /**
   * Credentials that are valid now: cached ones when fresh enough, else the result of a (shared) refresh.
   * @param forceRefresh - ignore the cache and the backoff; joins a refresh already in flight
   */
  get(forceRefresh = false): Promise<TemporaryCredentials> {
    const t = this.#now();
    if (t < this.#advisoryAt && !forceRefresh) return this.#current as Promise<TemporaryCredentials>;
    return this.#slowGet(t, forceRefresh);
  }

  /**
   * When (epoch ms, local clock) the cached credentials stop being handed out without a refresh: the opening of
   * the advisory window; `-Infinity` before the first credentials, after close() or once that moment passed.
   */
  get refreshAt(): number {
    return this.#advisoryAt;
  }

  /**
   * Forgets the cached credentials; every later call fails, and so does every caller still waiting for a
   * refresh in flight (with {@link StsProviderClosedError}, at once: a refresh that hangs cannot hold them).
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#current = undefined;
    this.#advisoryAt = -Infinity;
    this.#mandatoryAt = -Infinity;
    this.#closedSignal?.reject(this.#closedError());
  }

  #closedError(): StsProviderClosedError {
    return new StsProviderClosedError(`${this.#context.action ?? 'STS call'} failed: the credential provider is closed`, { context: this.#context });
  }

  #slowGet(t: number, forceRefresh: boolean): Promise<TemporaryCredentials> {
    if (this.#closed) return Promise.reject(this.#closedError());
    if (forceRefresh) return this.#inFlight ?? this.#start();
    if (t < this.#mandatoryAt) {
      // Advisory window: keep serving; refresh once in the background unless backing off.
      if (this.#inFlight === undefined && t >= this.#nextAttemptAt) void this.#start();
      return this.#current as Promise<TemporaryCredentials>;
    }
    if (this.#inFlight !== undefined) return this.#inFlight;
    if (this.#lastError !== undefined && t < this.#nextAttemptAt) return Promise.reject(this.#lastError.error);
    return this.#start();
  }

  #start(): Promise<TemporaryCredentials> {
    let fetched: Promise<FetchedCredentials>;
    try {
      fetched = this.#fetch();
    } catch (error) {
      fetched = Promise.reject(error);
    }
    // The handlers run in a later microtask, after #inFlight is set below.
    const settled = fetched.then(
      (value) => this.#succeeded(value),
      (error: unknown) => this.#failed(error),
    );
    // Callers wait for the refresh or for close(), whichever comes first.
    this.#closedSignal ??= closedSignal();
    const raced = Promise.race([settled, this.#closedSignal.promise]);
    this.#inFlight = raced;
    // A background refresh may have no caller; its failure is reported through onError, not as an unhandled rejection.
    settled.catch(ignore);
    raced.catch(ignore);
    return raced;
  }

  #succeeded(fetched: FetchedCredentials): TemporaryCredentials {
    const receivedAt = this.#now();
    const expirationMs = fetched.expiration.getTime();
    const serverMs = fetched.serverDate?.getTime();
    const serverLifetime = serverLifetimeMs(expirationMs, serverMs, receivedAt);
    if (!(serverLifetime > 0)) {
      return this.#failed(
        new StsResponseError(
          `${this.#context.action ?? 'STS call'} failed: the response from ${this.#context.endpoint ?? 'the server'} has credentials that expired ` +
            `at ${fetched.expiration.toISOString()}, before the server's own time`,
          { field: 'Credentials.Expiration', context: this.#context },
        ),
      );
    }
    let lifetimeMs = Math.min(serverLifetime, this.#maxLifetimeMs);
    if (lifetimeMs < serverLifetime) {
      emitEvent(this.#onEvent, { type: 'expiration-clamped', action: this.#context.action, serverDate: fetched.serverDate, expiration: fetched.expiration, lifetimeMs });
    }
    // Two readings of the expiry; the earlier one is handed out (expiration-readings.ts).
    const localReading = receivedAt + lifetimeMs;
    lifetimeMs = earlierLifetimeMs(expirationMs, lifetimeMs, receivedAt);
    if (Math.abs(localReading - expirationMs) > READINGS_DISAGREE_MS) {
      emitEvent(this.#onEvent, {
        type: 'expiration-readings-differ',
        action: this.#context.action,
        serverDate: fetched.serverDate,
        expiration: fetched.expiration,
        localExpiration: new Date(localReading),
        differenceMs: localReading - expirationMs,
      });
    }
    const expiresAt = receivedAt + lifetimeMs;
    const credentials: TemporaryCredentials = Object.freeze({
      accessKeyId: fetched.accessKeyId,
      secretAccessKey: fetched.secretAccessKey,
      sessionToken: fetched.sessionToken,
      // In local time, so `expiration - Date.now()` is the real time left even on a skewed machine.
      expiration: new Date(expiresAt),
    });
    this.#inFlight = undefined;
    this.#failures = 0;
    this.#lastError = undefined;
    this.#nextAttemptAt = -Infinity;
    if (!this.#closed) {
      const advisoryMs = Math.min(this.#advisoryMs, lifetimeMs * this.#shares.advisory);
      const mandatoryMs = Math.min(this.#mandatoryMs, lifetimeMs * this.#shares.mandatory, advisoryMs);
      this.#current = Promise.resolve(credentials);
      // Jitter: with the same lifetime, every provider started in the same second would otherwise ask STS again in
      // the same second, a thundering herd on one server. Uniform over the window spreads them evenly.
      this.#advisoryAt = expiresAt - mandatoryMs - (advisoryMs - mandatoryMs) * this.#random();
      this.#mandatoryAt = expiresAt - mandatoryMs;
    }
    if (this.#onRefresh) {
      try {
        this.#onRefresh(credentials);
      } catch {
        // A hook must not break credential delivery.
      }
    }
    return credentials;
  }

  #failed(error: unknown): never {
    this.#inFlight = undefined;
    const t = this.#now();
    const retryable = this.#isRetryable(error);
    this.#failures += 1;
    const base = retryable ? Math.min(this.#backoffMaxMs, this.#backoffInitialMs * 2 ** (this.#failures - 1)) : this.#backoffMaxMs;
    let nextAttemptAt = t + base * (0.5 + 0.5 * this.#random());
    const servingCached = this.#current !== undefined && t < this.#mandatoryAt;
    // Reaching the mandatory window always allows one fresh attempt, whatever the backoff says.
    if (servingCached) nextAttemptAt = Math.min(nextAttemptAt, this.#mandatoryAt);
    this.#nextAttemptAt = nextAttemptAt;
    this.#lastError = { error };
    if (this.#onError) {
      try {
        this.#onError(error, {
          retryable,
          consecutiveFailures: this.#failures,
          retryInMs: nextAttemptAt - t,
          servingCachedCredentials: servingCached,
        });
      } catch {
        // A hook must not break credential delivery.
      }
    }
    throw error;
  }
}
