/**
 * What a client reports while it works, for `--debug` logs and metrics. The library never prints;
 * it hands these to the `onEvent` callback a caller injects. URLs and headers in events are
 * already redacted: no signature, session token, password, token or cookie ever appears in one.
 */

/** A request is about to be sent. */
export interface RequestEvent {
  type: 'request';
  /** STS action (or `ListObjectsV2`). */
  action: string | undefined;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  method: string;
  /** The URL with every query value outside a short allowlist replaced by `***`. */
  url: string;
  /** Request headers, lower-case names, secrets replaced by `***`. */
  headers: Record<string, string>;
  /** The proxy the request goes through (user and password removed), when one applies. */
  proxy: string | undefined;
}

/** A complete answer arrived (any status). */
export interface ResponseEvent {
  type: 'response';
  action: string | undefined;
  attempt: number;
  statusCode: number;
  /** Response headers, lower-case names, secrets replaced by `***`. */
  headers: Record<string, string>;
  /** Size of the body in bytes (the body itself is never reported: it holds credentials). */
  bodyBytes: number;
  /** Milliseconds from sending to the response headers. */
  headersMs: number;
  /** Milliseconds from sending to the end of the body. */
  totalMs: number;
}

/** No usable answer: a transport failure, or a body that was refused while it was read. */
export interface FailureEvent {
  type: 'failure';
  action: string | undefined;
  attempt: number;
  /** The typed error (its message never holds a secret). */
  error: Error;
  /** Milliseconds from sending until the failure. */
  elapsedMs: number;
}

/** The call failed in a way that may pass, and is tried again after `delayMs`. */
export interface RetryEvent {
  type: 'retry';
  action: string | undefined;
  /** The attempt that failed. */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  /** Why the failure counts as transient, e.g. `HTTP 503 STSNotInitialized`. */
  reason: string;
  /** True when the delay came from the server's `Retry-After` header. */
  fromRetryAfter: boolean;
}

/** The server refused the request time; the client now signs with this correction. */
export interface ClockSkewEvent {
  type: 'clock-skew';
  action: string | undefined;
  /** Milliseconds added to the local clock from now on (positive: the local clock is behind). */
  offsetMs: number;
  /** The server's `Date` header that the correction is based on. */
  serverDate: Date;
}

/**
 * A provider got credentials whose lifetime, judged by the server's `Date`, is longer than the call could have
 * asked for (a server clock far behind, or a forged `Date`); it hands them out with the longest lifetime the call
 * allows instead.
 */
export interface ExpirationClampedEvent {
  type: 'expiration-clamped';
  action: string | undefined;
  /** The server's `Date` header, when it sent one. */
  serverDate: Date | undefined;
  /** The `Expiration` the server sent. */
  expiration: Date;
  /** The lifetime the provider uses, in milliseconds from receipt. */
  lifetimeMs: number;
}

/**
 * A provider got credentials whose `Expiration` and local now + (`Expiration` − server `Date`) differ by more than
 * a few minutes: the local clock or the server's disagree. It hands out the earlier of the two.
 */
export interface ExpirationReadingsDifferEvent {
  type: 'expiration-readings-differ';
  action: string | undefined;
  /** The server's `Date` header, when it sent one. */
  serverDate: Date | undefined;
  /** The `Expiration` the server sent. */
  expiration: Date;
  /** Local now at receipt plus the lifetime the server's `Date` gives (capped at the call's longest lifetime). */
  localExpiration: Date;
  /** `localExpiration − expiration`, in milliseconds (positive: the local clock is behind the server's). */
  differenceMs: number;
}

/** Any event; switch on `type`. */
export type StsEvent = RequestEvent | ResponseEvent | FailureEvent | RetryEvent | ClockSkewEvent | ExpirationClampedEvent | ExpirationReadingsDifferEvent;

/** Receives {@link StsEvent}s. It must not throw; whatever it throws is ignored. */
export type StsEventListener = (event: StsEvent) => void;

/** Calls a listener, ignoring anything it throws: logging must never break a call. */
export function emitEvent(listener: StsEventListener | undefined, event: StsEvent): void {
  if (!listener) return;
  try {
    listener(event);
  } catch {
    // A broken logger must not turn a good answer into a failure.
  }
}
