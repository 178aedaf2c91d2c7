/** PKCE (RFC 7636, S256) and the random `state` and `nonce` of an authorization request. */
import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair: the verifier stays here, the challenge goes in the authorization URL. */
export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** 32 random bytes as base64url (43 characters): a verifier, state or nonce no one can guess. */
export function randomUrlToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). Pure. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh PKCE pair. */
export function createPkce(): Pkce {
  const verifier = randomUrlToken(32);
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}
