/**
 * When and how long to wait before asking STS again. Pure apart from the injected `random`.
 *
 * Retried: no answer at all (refused, reset, DNS lookup failure, timeout), 5xx answers (MinIO's
 * 503 `STSNotInitialized`/`STSIAMNotInitialized` included), throttling (429, `Throttling`,
 * `SlowDown`, ...), and MinIO's start-up refusals that come as 4xx ("IAM sub-system not
 * initialized yet" as 403 AccessDenied, "Server not initialized" as 400): they say "please try
 * again" and pass within seconds. Never retried: any other 4xx (AccessDenied, InvalidParameterValue,
 * ...), TLS verification failures, an unknown host, redirects, refused or oversized documents,
 * and MinIO's 500 InternalError for AssumeRoleWithCustomToken, which is how it reports the identity
 * plugin's refusal.
 */
import { isStsCredsError, type StsResponseError, type StsServiceError, type StsTransportError } from '../errors.js';
import { headerValue } from '../http/header-value.js';

/** Retry settings of a client. */
export interface RetryOptions {
  /**
   * Attempts per call, the first one included; 1 turns retries off.
   * @defaultValue 3
   */
  maxAttempts?: number | undefined;
  /**
   * Backoff base in milliseconds: attempt n waits a random time in [0, min(cap, base * 2^(n-1))) ("full jitter").
   * @defaultValue 200
   */
  retryBaseDelayMs?: number | undefined;
  /**
   * Cap of one backoff delay, and of a server's `Retry-After`, in milliseconds.
   * @defaultValue 20000
   */
  retryMaxDelayMs?: number | undefined;
  /** Waits between attempts; inject one in tests. @defaultValue a `setTimeout` promise */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Source of jitter in [0, 1). @defaultValue `Math.random` */
  random?: (() => number) | undefined;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_RETRY_BASE_DELAY_MS = 200;
export const DEFAULT_RETRY_MAX_DELAY_MS = 20_000;
/** More than this many attempts is a configuration mistake, not resilience. */
export const MAX_ATTEMPTS_LIMIT = 20;

/** Retry settings with every default applied. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Applies the defaults; out-of-range numbers are clamped into range rather than rejected. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const whole = (value: number | undefined, fallback: number, min: number, max: number): number =>
    value === undefined || !Number.isFinite(value) ? fallback : Math.min(max, Math.max(min, Math.floor(value)));
  return {
    maxAttempts: whole(options.maxAttempts, DEFAULT_MAX_ATTEMPTS, 1, MAX_ATTEMPTS_LIMIT),
    baseDelayMs: whole(options.retryBaseDelayMs, DEFAULT_RETRY_BASE_DELAY_MS, 0, 60_000),
    maxDelayMs: whole(options.retryMaxDelayMs, DEFAULT_RETRY_MAX_DELAY_MS, 0, 300_000),
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
  };
}

/** Full-jitter exponential backoff before retry number `attempt` (1 = the first retry). */
export function backoffDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  const r = policy.random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

/**
 * A `Retry-After` header value in milliseconds: delay-seconds or an HTTP date (measured against
 * `nowMs`). Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = headerValue(value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  if (!/[a-z]/i.test(raw)) return undefined;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequests',
  'TooManyRequestsException',
  'SlowDown',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'ProvisionedThroughputExceededException',
]);

/** MinIO's start-up refusals say "not initialized" / "being initialized"; "is disabled" is permanent. */
const STARTING_UP = /\b(?:not|being) initiali[sz]ed\b/i;
/**
 * Right after its IAM comes up, MinIO briefly answers 400 "None of the given policies (…) are defined" while
 * its policy store is still loading (seen with the identity plugin's role policy). A misconfiguration says the
 * same, so this is retried only within the call's bounded attempts.
 */
const POLICIES_LOADING = /\bNone of the given policies\b.*\bare defined\b/i;

/** TLS verification failures (retrying cannot change the certificate), an unknown host, a proxy's refusal to tunnel. */
const PERMANENT_TRANSPORT = /^(?:CERT_|ERR_TLS_CERT_ALTNAME_INVALID$|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|ERR_SSL_|ENOTFOUND$|ERR_INVALID_URL$|PROXY_TUNNEL$)/;

/**
 * Why this failure may pass if the same request is sent again, e.g. `HTTP 503 STSNotInitialized`;
 * undefined when it will not. Pure.
 */
export function transientReason(error: unknown): string | undefined {
  if (!isStsCredsError(error)) return undefined;
  switch (error.code) {
    case 'ERR_STS_TRANSPORT': {
      const code = (error as StsTransportError).causeCode;
      if (code && PERMANENT_TRANSPORT.test(code)) return undefined;
      return `no answer (${code ?? 'network error'})`;
    }
    case 'ERR_STS_SERVICE': {
      const e = error as StsServiceError;
      const what = `HTTP ${e.statusCode} ${e.stsCode}`;
      if (e.stsCode === 'RequestTimeTooSkewed') return undefined; // handled by the clock correction
      if (e.statusCode === 429 || THROTTLING_CODES.has(e.stsCode)) return `${what} (throttled)`;
      // 503 STSNotInitialized "STS API 'X' is disabled" describes the configuration, not a passing state.
      if (/\bis disabled\b/i.test(e.serverMessage)) return undefined;
      if (STARTING_UP.test(e.serverMessage)) return `${what} (server starting up)`;
      if (POLICIES_LOADING.test(e.serverMessage)) return `${what} (policies not loaded yet)`;
      if (e.statusCode === 501) return undefined;
      if (e.action === 'AssumeRoleWithCustomToken' && e.stsCode === 'InternalError') return undefined;
      return e.statusCode >= 500 ? what : undefined;
    }
    case 'ERR_STS_BAD_RESPONSE': {
      // A gateway's or proxy's error page (502, 503, 504) is worth another try; a refused document is not.
      const status = (error as StsResponseError).statusCode;
      if (status === 429) return `HTTP 429 (throttled)`;
      return status !== undefined && status >= 500 && status !== 501 ? `HTTP ${status} (not an STS document)` : undefined;
    }
    default:
      return undefined;
  }
}
