/**
 * What sts-creds keeps in one keyring entry, and its text form. Pure: no keyring is touched here.
 * An entry is small JSON, `{"kind":"keys","id":"AKIA...","secret":"..."}`, so one entry holds the
 * access key id with its secret key (or an LDAP user name with its password), and tools that read the
 * keyring (`secret-tool`, Keychain Access) show a value a person can understand.
 */
import { KeyringError } from './keyring-error.js';

/** The kinds of secret an entry holds. */
export const KEYRING_KINDS = ['keys', 'password', 'token'] as const;

/**
 * The kind of secret an entry holds: `keys` (an access key id and its secret key, for AssumeRole),
 * `password` (an LDAP password, with the user name when known), `token` (a token for custom-token,
 * web-identity or client-grants).
 */
export type KeyringKind = (typeof KEYRING_KINDS)[number];

/** One entry's content. */
export interface KeyringSecret {
  kind: KeyringKind;
  /** The access key id (`keys`), the user name (`password`, optional); absent for `token`. Not secret. */
  id?: string | undefined;
  /** The secret key, password or token. */
  secret: string;
}

/** The service name every entry is stored under; the entry's name is the account. */
export const KEYRING_SERVICE = 'sts-creds';

/** What each kind is called in messages. */
export const KIND_NOUN: Record<KeyringKind, string> = { keys: 'access keys', password: 'a password', token: 'a token' };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

/**
 * Checks an entry name: a letter or digit, then letters, digits and `. _ @ + -`, at most 128 characters
 * (names appear in messages, in `keyring list` and in profiles, so they stay plain). Pure.
 * @throws {@link KeyringError} (`invalid-name`)
 */
export function validateKeyringName(name: string): string {
  if (!NAME.test(name)) {
    throw new KeyringError('invalid keyring entry name: use a letter or digit, then letters, digits and . _ @ + - (at most 128 characters)', {
      reason: 'invalid-name',
    });
  }
  return name;
}

/** The text stored in the keyring for `value`. Pure. */
export function encodeKeyringSecret(value: KeyringSecret): string {
  return JSON.stringify(value.id === undefined ? { kind: value.kind, secret: value.secret } : { kind: value.kind, id: value.id, secret: value.secret });
}

/**
 * Reads an entry's text back into a {@link KeyringSecret}, or undefined when it is not one sts-creds
 * wrote (another program's entry under the same service, or a damaged one). Pure.
 */
export function decodeKeyringSecret(text: string): KeyringSecret | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, id, secret } = value as Record<string, unknown>;
  if (!(KEYRING_KINDS as readonly unknown[]).includes(kind) || typeof secret !== 'string' || secret === '') return undefined;
  if (id !== undefined && typeof id !== 'string') return undefined;
  if (kind === 'keys' && !id) return undefined;
  return id === undefined ? { kind: kind as KeyringKind, secret } : { kind: kind as KeyringKind, id, secret };
}
