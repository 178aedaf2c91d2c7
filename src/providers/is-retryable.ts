import { isStsCredsError } from '../errors.js';
import { transientReason } from '../transport/retry-policy.js';

/**
 * Whether asking STS again later could succeed where the last refresh failed. Pure.
 *
 * The same rule the client's own retries follow ({@link transientReason}): no answer, 5xx, throttling and
 * MinIO's "not initialized yet" start-up refusals may pass; other 4xx (AccessDenied, InvalidParameterValue),
 * input errors, TLS verification failures and the identity plugin's refusal (500 `InternalError` from
 * AssumeRoleWithCustomToken) will not. Errors that are not sts-creds errors (thrown by a token or password
 * callback, say) count as retryable: the provider cannot tell, and the backoff bounds the cost.
 */
export function isRetryableStsError(error: unknown): boolean {
  return !isStsCredsError(error) || transientReason(error) !== undefined;
}
