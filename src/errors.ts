/**
 * Typed errors. Every error sts-creds throws is a {@link StsCredsError} with a stable `code`.
 * Messages never contain a secret key, password, token or signature.
 */

/** Stable error codes; safe to switch on. */
export type StsCredsErrorCode =
  | 'ERR_STS_INVALID_INPUT'
  | 'ERR_STS_SERVICE'
  | 'ERR_STS_BAD_RESPONSE'
  | 'ERR_STS_TRANSPORT';

const BRAND = Symbol.for('sts-creds.error');

/** Context attached to errors that concern one STS call. */
export interface StsCallContext {
  /** STS action, e.g. `AssumeRole`. */
  action?: string | undefined;
  /** Endpoint origin the call went to (never includes a query string). */
  endpoint?: string | undefined;
}

/** Base class of every error thrown by sts-creds. */
export class StsCredsError extends Error {
  override name: string = 'StsCredsError';
  readonly code: StsCredsErrorCode;
  readonly action: string | undefined;
  readonly endpoint: string | undefined;

  constructor(code: StsCredsErrorCode, message: string, context: StsCallContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.action = context.action;
    this.endpoint = context.endpoint;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Input rejected before any request was sent (bad duration, policy, endpoint, ...). */
export class StsValidationError extends StsCredsError {
  override name = 'StsValidationError' as const;
  /** The option or parameter that was wrong, e.g. `durationSeconds`. */
  readonly field: string;
  constructor(field: string, message: string, context: StsCallContext = {}) {
    super('ERR_STS_INVALID_INPUT', message, context);
    this.field = field;
  }
}

/** The STS server answered with an error document (STS `ErrorResponse` or S3-style `Error`). */
export class StsServiceError extends StsCredsError {
  override name = 'StsServiceError' as const;
  /** HTTP status of the answer. */
  readonly statusCode: number;
  /** STS/S3 error code from the document, e.g. `AccessDenied`. */
  readonly stsCode: string;
  /** The server's message, as sent. */
  readonly serverMessage: string;
  /** Request id from the document or the `x-amz-request-id` header. */
  readonly requestId: string | undefined;
  /** `Type` from the document (`Sender`/`Receiver` on AWS, empty on MinIO). */
  readonly errorType: string | undefined;
  /** Server `Date` header, when sent (used for clock-skew handling). */
  readonly serverDate: Date | undefined;

  constructor(init: {
    statusCode: number;
    stsCode: string;
    serverMessage: string;
    requestId?: string | undefined;
    errorType?: string | undefined;
    serverDate?: Date | undefined;
    /** What sts-creds found out about the failure, appended to the message (e.g. the measured clock skew). */
    detail?: string | undefined;
    context: StsCallContext;
  }) {
    const what = init.context.action ?? 'STS call';
    super(
      'ERR_STS_SERVICE',
      `${what} failed: ${init.stsCode} (HTTP ${init.statusCode}): ${init.serverMessage || 'no message'}` +
        (init.detail ? ` (${init.detail})` : '') +
        (init.context.endpoint ? ` [${init.context.endpoint}]` : '') +
        (init.requestId ? ` (request id ${init.requestId})` : ''),
      init.context,
    );
    this.statusCode = init.statusCode;
    this.stsCode = init.stsCode;
    this.serverMessage = init.serverMessage;
    this.requestId = init.requestId;
    this.errorType = init.errorType;
    this.serverDate = init.serverDate;
  }
}

/** The server's answer could not be understood: not XML, truncated, a missing field, a bad date. */
export class StsResponseError extends StsCredsError {
  override name = 'StsResponseError' as const;
  /** HTTP status of the answer, when one arrived. */
  readonly statusCode: number | undefined;
  /** The response field that was missing or invalid, when that is the problem. */
  readonly field: string | undefined;
  constructor(message: string, init: { statusCode?: number | undefined; field?: string | undefined; context: StsCallContext; cause?: unknown }) {
    super('ERR_STS_BAD_RESPONSE', message, init.context, { cause: init.cause });
    this.statusCode = init.statusCode;
    this.field = init.field;
  }
}

/** The request never got an answer: connection refused, reset, DNS, TLS, timeout. */
export class StsTransportError extends StsCredsError {
  override name = 'StsTransportError' as const;
  /** Low-level error code when known, e.g. `ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`. */
  readonly causeCode: string | undefined;
  constructor(message: string, init: { causeCode?: string | undefined; context: StsCallContext; cause?: unknown }) {
    super('ERR_STS_TRANSPORT', message, init.context, { cause: init.cause });
    this.causeCode = init.causeCode;
  }
}

/** True for any error thrown by sts-creds, even across module copies or realms. */
export function isStsCredsError(value: unknown): value is StsCredsError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** True when `value` is an {@link StsServiceError} (an error document from the server). */
export function isStsServiceError(value: unknown): value is StsServiceError {
  return isStsCredsError(value) && value.code === 'ERR_STS_SERVICE';
}
