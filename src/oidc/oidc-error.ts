import { StsCredsError, type StsErrorInit } from '../errors.js';

/**
 * Why an OpenID Connect step failed:
 * - `discovery`: the provider's `/.well-known/openid-configuration` is missing, unreadable or names another issuer;
 * - `bad-response`: a provider endpoint answered something that is not what the protocol says;
 * - `provider`: the provider answered with an OAuth error (`error`, `error_description`);
 * - `login-required`: the stored login is missing, expired or revoked: sign in again;
 * - `access-denied`: the person refused the sign-in;
 * - `expired`: the device code or the wait for the browser ran out;
 * - `id-token`: the ID token's claims (issuer, audience, expiry, nonce) do not hold;
 * - `unsupported`: the provider lacks what was asked (no device endpoint, no revocation endpoint);
 * - `listener`: the loopback listener for the browser's redirect could not be started;
 * - `storage`: the token store could not be read or written.
 */
export type OidcFailure =
  | 'discovery'
  | 'bad-response'
  | 'provider'
  | 'login-required'
  | 'access-denied'
  | 'expired'
  | 'id-token'
  | 'unsupported'
  | 'listener'
  | 'storage';

/** An OpenID Connect sign-in or token step failed. The message never holds a token, code or client secret. */
export class OidcError extends StsCredsError {
  override name = 'OidcError' as const;
  /** What went wrong, for code that reacts to it. */
  readonly reason: OidcFailure;
  /** The OAuth `error` code the provider sent (escaped), when it sent one. */
  readonly oauthError: string | undefined;
  constructor(message: string, init: StsErrorInit & { reason: OidcFailure; oauthError?: string | undefined }) {
    super('ERR_OIDC', message, init);
    this.reason = init.reason;
    this.oauthError = init.oauthError;
  }
}

/** True when `value` is an {@link OidcError}, even across module copies. */
export function isOidcError(value: unknown): value is OidcError {
  return value instanceof Error && (value as { code?: unknown }).code === 'ERR_OIDC';
}
