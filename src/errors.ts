/**
 * Typed errors. Every error sts-creds throws is a {@link StsCredsError} with a stable `code`.
 * Messages never contain a secret key, password, token or signature.
 *
 * Every class takes the same constructor shape: the message, then one object with the class's own
 * fields, the call `context` and the `cause`.
 */

/** Stable error codes; safe to switch on. */
export type StsCredsErrorCode =
  | 'ERR_STS_INVALID_INPUT'
  | 'ERR_STS_SERVICE'
  | 'ERR_STS_BAD_RESPONSE'
  | 'ERR_STS_TRANSPORT'
  | 'ERR_STS_PROVIDER_CLOSED'
  | 'ERR_KEYRING'
  | 'ERR_OIDC';

const BRAND = Symbol.for('sts-creds.error');

/** Context attached to errors that concern one STS call. */
export interface StsCallContext {
  /** STS action, e.g. `AssumeRole`. */
  action?: string | undefined;
  /** Endpoint origin the call went to (never includes a query string). */
  endpoint?: string | undefined;
}

/** What every error class accepts besides its message. */
export interface StsErrorInit {
  /** The call the error belongs to. */
  context?: StsCallContext | undefined;
  /** The underlying error, when there is one. */
  cause?: unknown;
}

/** Base class of every error thrown by sts-creds. */
export class StsCredsError extends Error {
  override name: string = 'StsCredsError';
  readonly code: StsCredsErrorCode;
  readonly action: string | undefined;
  readonly endpoint: string | undefined;

  constructor(code: StsCredsErrorCode, message: string, init: StsErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.action = init.context?.action;
    this.endpoint = init.context?.endpoint;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Input rejected before any request was sent (bad duration, policy, endpoint, ...). */
export class StsValidationError extends StsCredsError {
  override name = 'StsValidationError' as const;
  /** The option or parameter that was wrong, e.g. `durationSeconds`. */
  readonly field: string;
  constructor(message: string, init: StsErrorInit & { field: string }) {
    super('ERR_STS_INVALID_INPUT', message, init);
    this.field = init.field;
  }
}

/** The fields of an error document that {@link StsServiceError} carries. */
export interface StsServiceErrorFields {
  /** HTTP status of the answer. */
  statusCode: number;
  /** STS/S3 error code from the document, e.g. `AccessDenied`. */
  stsCode: string;
  /** The server's message (control characters escaped, secrets the call sent removed). */
  serverMessage: string;
  /** Request id from the document or the `x-amz-request-id` header. */
  requestId?: string | undefined;
  /** `Type` from the document (`Sender`/`Receiver` on AWS, empty on MinIO). */
  errorType?: string | undefined;
  /** Server `Date` header, when sent (used for clock-skew handling). */
  serverDate?: Date | undefined;
  /** What sts-creds found out about the failure (e.g. the measured clock skew). */
  detail?: string | undefined;
}

/**
 * The message of a service error: `AssumeRole failed: AccessDenied (HTTP 403): ... [endpoint] (request id ...)`.
 * Pure.
 */
export function serviceErrorMessage(fields: StsServiceErrorFields, context: StsCallContext = {}): string {
  return (
    `${context.action ?? 'STS call'} failed: ${fields.stsCode} (HTTP ${fields.statusCode}): ${fields.serverMessage || 'no message'}` +
    (fields.detail ? ` (${fields.detail})` : '') +
    (context.endpoint ? ` [${context.endpoint}]` : '') +
    (fields.requestId ? ` (request id ${fields.requestId})` : '')
  );
}

/**
 * The same service error with `detail` said of it (a hint on what the refusal means here), at `context`;
 * `cause` is the error it stands for when given.
 */
export function withServiceDetail(error: StsServiceError, detail: string, context: StsCallContext, cause?: unknown): StsServiceError {
  const fields = {
    statusCode: error.statusCode,
    stsCode: error.stsCode,
    serverMessage: error.serverMessage,
    requestId: error.requestId,
    errorType: error.errorType,
    serverDate: error.serverDate,
    detail,
  };
  return new StsServiceError(serviceErrorMessage(fields, context), cause === undefined ? { ...fields, context } : { ...fields, context, cause });
}

/** The STS server answered with an error document (STS `ErrorResponse` or S3-style `Error`). */
export class StsServiceError extends StsCredsError {
  override name = 'StsServiceError' as const;
  /** HTTP status of the answer. */
  readonly statusCode: number;
  /** STS/S3 error code from the document, e.g. `AccessDenied`. */
  readonly stsCode: string;
  /** The server's message (control characters escaped, secrets the call sent removed). */
  readonly serverMessage: string;
  /** Request id from the document or the `x-amz-request-id` header. */
  readonly requestId: string | undefined;
  /** `Type` from the document (`Sender`/`Receiver` on AWS, empty on MinIO). */
  readonly errorType: string | undefined;
  /** Server `Date` header, when sent (used for clock-skew handling). */
  readonly serverDate: Date | undefined;
  /** What sts-creds found out about the failure, when anything. */
  readonly detail: string | undefined;

  /** @param message - usually {@link serviceErrorMessage} of the same fields */
  constructor(message: string, init: StsErrorInit & StsServiceErrorFields) {
    super('ERR_STS_SERVICE', message, init);
    this.statusCode = init.statusCode;
    this.stsCode = init.stsCode;
    this.serverMessage = init.serverMessage;
    this.requestId = init.requestId;
    this.errorType = init.errorType;
    this.serverDate = init.serverDate;
    this.detail = init.detail;
  }
}

/** The server's answer could not be understood: not XML, truncated, a missing field, a bad date. */
export class StsResponseError extends StsCredsError {
  override name = 'StsResponseError' as const;
  /** HTTP status of the answer, when one arrived. */
  readonly statusCode: number | undefined;
  /** The response field that was missing or invalid, when that is the problem. */
  readonly field: string | undefined;
  constructor(message: string, init: StsErrorInit & { statusCode?: number | undefined; field?: string | undefined } = {}) {
    super('ERR_STS_BAD_RESPONSE', message, init);
    this.statusCode = init.statusCode;
    this.field = init.field;
  }
}

/** The request never got an answer: connection refused, reset, DNS, TLS, timeout. */
export class StsTransportError extends StsCredsError {
  override name = 'StsTransportError' as const;
  /** Low-level error code when known, e.g. `ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`. */
  readonly causeCode: string | undefined;
  constructor(message: string, init: StsErrorInit & { causeCode?: string | undefined } = {}) {
    super('ERR_STS_TRANSPORT', message, init);
    this.causeCode = init.causeCode;
  }
}

/** A credential provider was asked for credentials after `close()`. Never retryable. */
export class StsProviderClosedError extends StsCredsError {
  override name = 'StsProviderClosedError' as const;
  constructor(message: string, init: StsErrorInit = {}) {
    super('ERR_STS_PROVIDER_CLOSED', message, init);
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
