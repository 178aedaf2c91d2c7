import { StsValidationError, type StsCallContext } from '../errors.js';
import { quoteText } from '../text/quote-text.js';
import { jsonErrorLocation } from '../text/json-error-offset.js';
import { escapeControl } from '../text/server-text.js';

/** AWS STS API version every MinIO STS route requires. */
export const STS_API_VERSION = '2011-06-15';

/** The `DurationSeconds` wire value of a checked duration, or undefined when absent. */
export function durationParam(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** Validates DurationSeconds for an action; returns it as a decimal string, or undefined when absent. */
export function validateDurationSeconds(
  value: number | undefined,
  limits: { min: number; max: number },
  context: StsCallContext,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < limits.min || value > limits.max) {
    throw new StsValidationError(
      `durationSeconds must be a whole number of seconds from ${limits.min} to ${limits.max} for ${context.action ?? 'this action'}, got ${formatValue(value)}`,
      { field: 'durationSeconds', context },
    );
  }
  return String(value);
}

/** Accepts a session policy as JSON text or an object; returns it minified. */
export function normalizePolicy(policy: string | object | undefined, context: StsCallContext): string | undefined {
  if (policy === undefined) return undefined;
  let parsed: unknown;
  if (typeof policy === 'string') {
    try {
      parsed = JSON.parse(policy);
    } catch {
      // JSON.parse's own message quotes the text, which may be a secret read from the wrong file: say only where.
      const where = jsonErrorLocation(policy);
      throw new StsValidationError(`policy is not valid JSON${where === undefined ? '' : ` (at ${where})`}`, { field: 'policy', context });
    }
  } else {
    parsed = policy;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StsValidationError('policy must be a JSON object', { field: 'policy', context });
  }
  try {
    return JSON.stringify(parsed);
  } catch {
    // A cyclic object, a BigInt, or nesting deeper than the stack allows.
    throw new StsValidationError('policy cannot be written as JSON (a cycle, a BigInt, or nesting too deep)', { field: 'policy', context });
  }
}

/** Parses and checks an endpoint: an http(s) URL with no credentials, query or fragment. */
export function parseEndpoint(endpoint: string | URL, context: StsCallContext = {}): URL {
  let url: URL;
  try {
    url = new URL(String(endpoint));
  } catch {
    throw new StsValidationError(`endpoint is not a URL: ${quoteText(redactUrlish(String(endpoint)))}`, { field: 'endpoint', context });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StsValidationError(`endpoint must be an http:// or https:// URL, got ${url.protocol}`, { field: 'endpoint', context });
  }
  if (url.username || url.password) {
    throw new StsValidationError('endpoint must not contain a user name or password', { field: 'endpoint', context });
  }
  if (url.search || url.hash) {
    throw new StsValidationError('endpoint must not contain a query string or fragment', { field: 'endpoint', context });
  }
  return url;
}

/** A SigV4 region as this client takes it: 1 to 64 letters, digits, dots, dashes or underscores. Pure. */
export function isValidRegion(region: string): boolean {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(region);
}

/**
 * An access key id that can travel in the `Authorization` header's `Credential=` field: printable ASCII
 * without spaces (HTTP forbids control and non-ASCII characters; a space would split the field). Pure.
 */
export function isValidAccessKeyId(id: string): boolean {
  return /^[\x21-\x7e]+$/.test(id);
}

/** Checks that a required string option is present and non-empty. */
export function requireString(value: unknown, field: string, context: StsCallContext): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new StsValidationError(`${field} is required`, { field, context });
  }
  return value;
}

function formatValue(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}

/** Hides any user-info part (up to the last `@` of the authority, since a password may contain `@`), then shortens. */
export function redactUrlish(text: string): string {
  const hidden = escapeControl(text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/]*@/i, (_m, scheme: string | undefined) => `${scheme ?? ''}***@`));
  return hidden.length > 60 ? `${hidden.slice(0, 60)}…` : hidden;
}
