/**
 * What sts-creds keeps of a sign-in: the refresh token (and the ID token while it is valid) with who signed in
 * where. Its text form is JSON, checked field by field when read back, because a store's content is only
 * trusted as far as it parses. Pure.
 */

/** One kept sign-in. Every token in it is a secret. */
export interface StoredLogin {
  issuer: string;
  clientId: string;
  /** The refresh token; absent when the provider issued none (then the login lasts as long as the ID token). */
  refreshToken: string | undefined;
  idToken: string | undefined;
  /** The ID token's `exp`, in milliseconds since the epoch. */
  idTokenExpiresAt: number | undefined;
  /** Who signed in (escaped), for `login --status`. */
  subject: string;
  /** When the person signed in, in milliseconds since the epoch. */
  loggedInAt: number;
}

const VERSION = 1;

/** The text kept for `login`. Pure. */
export function encodeStoredLogin(login: StoredLogin): string {
  return JSON.stringify({ v: VERSION, ...login });
}

/** Reads kept text back; undefined when it is not a login sts-creds wrote (or is damaged). Pure. */
export function decodeStoredLogin(text: string): StoredLogin | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = doc as Record<string, unknown>;
  const optText = (v: unknown): v is string | undefined => v === undefined || (typeof v === 'string' && v !== '');
  const optNumber = (v: unknown): v is number | undefined => v === undefined || (typeof v === 'number' && Number.isFinite(v));
  if (d.v !== VERSION || typeof d.issuer !== 'string' || typeof d.clientId !== 'string' || typeof d.subject !== 'string') return undefined;
  if (!optText(d.refreshToken) || !optText(d.idToken) || !optNumber(d.idTokenExpiresAt) || typeof d.loggedInAt !== 'number') return undefined;
  return {
    issuer: d.issuer,
    clientId: d.clientId,
    refreshToken: d.refreshToken,
    idToken: d.idToken,
    idTokenExpiresAt: d.idTokenExpiresAt,
    subject: d.subject,
    loggedInAt: d.loggedInAt,
  };
}
