/**
 * The checks an OpenID client makes of an ID token before handing it on (OpenID Connect Core 1.0, 3.1.3.7):
 * issuer, audience (and `azp`), expiry and, after an authorization request, the nonce. The signature is left
 * to the relying party that accepts the token (MinIO verifies it against the provider's keys). Pure.
 */
import { timingSafeEqual } from 'node:crypto';
import { serverText } from '../text/server-text.js';
import { OidcError } from './oidc-error.js';

/** The claims sts-creds reads from an ID token. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
  /** A name to show: `preferred_username`, else `email`, else `name`, else `sub` (escaped). */
  displayName: string;
}

/** What the token must satisfy. */
export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** The nonce sent in the authorization request; absent after a refresh or a device grant. */
  nonce?: string | undefined;
  /** Now, in milliseconds since the epoch. */
  nowMs: number;
}

const fail = (message: string): OidcError => new OidcError(`the ID token ${message}`, { reason: 'id-token' });

/** The payload of a compact JWS, unverified. @throws {@link OidcError} (`id-token`) */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[1]) throw fail('is not a signed JWT');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw fail('payload is not JSON');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw fail('payload is not a JSON object');
  return payload as Record<string, unknown>;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks the claims and returns those sts-creds uses.
 * @throws {@link OidcError} (`id-token`) naming the claim that failed (never the token)
 */
export function checkIdTokenClaims(token: string, expect: IdTokenExpectations): IdTokenClaims {
  const claims = decodeJwtPayload(token);
  const { iss, sub, aud, azp, exp, nonce } = claims;
  if (typeof iss !== 'string' || iss !== expect.issuer) {
    throw fail(`was issued by ${typeof iss === 'string' ? serverText(iss) : '(no iss)'}, not by ${serverText(expect.issuer)}`);
  }
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  if (!audiences.includes(expect.clientId)) throw fail(`is not meant for client ${serverText(expect.clientId)} (aud)`);
  if (azp !== undefined && azp !== expect.clientId) throw fail(`was issued to another party (azp ${typeof azp === 'string' ? serverText(azp) : '?'})`);
  if (audiences.length > 1 && azp === undefined) throw fail('has several audiences but no azp');
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw fail('has no expiry (exp)');
  if (exp * 1000 <= expect.nowMs) throw fail(`expired at ${new Date(exp * 1000).toISOString()}`);
  if (expect.nonce !== undefined && (typeof nonce !== 'string' || !same(nonce, expect.nonce))) throw fail('does not carry the nonce of this sign-in');
  if (typeof sub !== 'string' || sub === '') throw fail('has no subject (sub)');
  const shown = [claims.preferred_username, claims.email, claims.name, sub].find((v): v is string => typeof v === 'string' && v !== '')!;
  return { iss, sub, exp, displayName: serverText(shown) };
}

/** The `exp` of a token in milliseconds, or undefined when it has none (no checks). Pure. */
export function idTokenExpiryMs(token: string): number | undefined {
  try {
    const exp = decodeJwtPayload(token).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
