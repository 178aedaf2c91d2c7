import { StsCredsError, type StsErrorInit } from '../errors.js';

/**
 * Why the OS keyring could not give or take a secret:
 * - `unavailable`: no keyring service (on Linux: no Secret Service on the D-Bus session bus);
 * - `locked`: the keyring is locked and could not be unlocked without a prompt;
 * - `timeout`: the keyring service did not answer in time (a frozen daemon);
 * - `not-found`: there is no entry of that name;
 * - `wrong-kind`: the entry holds another kind of secret (access keys where a token was wanted);
 * - `invalid-entry`: the entry was not written by sts-creds, or is damaged;
 * - `invalid-name`: the entry name is not one sts-creds accepts;
 * - `not-installed`: the optional package `@napi-rs/keyring` (or its build for this platform) is missing;
 * - `failed`: any other failure of the keyring.
 */
export type KeyringFailure = 'unavailable' | 'locked' | 'timeout' | 'not-found' | 'wrong-kind' | 'invalid-entry' | 'invalid-name' | 'not-installed' | 'failed';

/** The OS keyring could not give or take a secret. The message says what is missing and how to fix it; it never holds a secret. */
export class KeyringError extends StsCredsError {
  override name = 'KeyringError' as const;
  /** What went wrong, for code that reacts to it. */
  readonly reason: KeyringFailure;
  /** The entry concerned, when there is one. */
  readonly entry: string | undefined;
  constructor(message: string, init: StsErrorInit & { reason: KeyringFailure; entry?: string | undefined }) {
    super('ERR_KEYRING', message, init);
    this.reason = init.reason;
    this.entry = init.entry;
  }
}

/** True when `value` is a {@link KeyringError}, even across module copies. */
export function isKeyringError(value: unknown): value is KeyringError {
  return value instanceof Error && (value as { code?: unknown }).code === 'ERR_KEYRING';
}
