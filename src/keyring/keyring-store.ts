/**
 * sts-creds' entries in the OS keyring: read one of a given kind, add, remove, list. This is the seam
 * the CLI (`keyring add|list|remove`, `--keyring NAME`), profiles (`sts_creds_keyring = NAME`) and the
 * library's {@link fromKeyring} all use; none of them knows how the keyring is reached.
 */
import { KeyringError } from './keyring-error.js';
import { KIND_NOUN, decodeKeyringSecret, encodeKeyringSecret, validateKeyringName, type KeyringKind, type KeyringSecret } from './keyring-secret.js';
import { osKeyring, type OsKeyringOptions } from './os-keyring.js';

/** Options of the keyring functions: how to reach the OS keyring. */
export type KeyringOptions = OsKeyringOptions;

/** One entry as {@link listKeyringSecrets} shows it: never the secret. */
export interface KeyringListing {
  name: string;
  /** Undefined for an entry sts-creds did not write (or cannot read). */
  kind: KeyringKind | undefined;
  /** The access key id or user name, when the entry has one. */
  id: string | undefined;
}

/**
 * The secret stored as `name`, checked to be of `kind`.
 *
 * @example
 * ```ts
 * const { id, secret } = await readKeyringSecret('minio', 'keys'); // id: the access key id, secret: the secret key
 * ```
 * @throws {@link KeyringError}: `not-found` when there is no such entry, `wrong-kind` when it holds another
 * kind, `invalid-entry` when sts-creds did not write it, and the keyring's own failures (`unavailable`,
 * `locked`, `timeout`, `not-installed`, `failed`)
 */
export async function readKeyringSecret(name: string, kind: KeyringKind, options: KeyringOptions = {}): Promise<KeyringSecret> {
  validateKeyringName(name);
  const text = await osKeyring(options).get(name);
  if (text === undefined) {
    throw new KeyringError(`no keyring entry '${name}': add it with \`sts-creds keyring add ${name}${kind === 'keys' ? '' : ` --kind ${kind}`}\``, {
      reason: 'not-found',
      entry: name,
    });
  }
  const value = decodeKeyringSecret(text);
  if (!value) {
    throw new KeyringError(`keyring entry '${name}' was not written by sts-creds (or is damaged): replace it with \`sts-creds keyring add ${name}\``, {
      reason: 'invalid-entry',
      entry: name,
    });
  }
  if (value.kind !== kind) {
    throw new KeyringError(`keyring entry '${name}' holds ${KIND_NOUN[value.kind]}, not ${KIND_NOUN[kind]}`, { reason: 'wrong-kind', entry: name });
  }
  return value;
}

/**
 * Stores `value` as `name`, replacing an entry of that name.
 * @throws {@link KeyringError}
 */
export async function writeKeyringSecret(name: string, value: KeyringSecret, options: KeyringOptions = {}): Promise<void> {
  validateKeyringName(name);
  await osKeyring(options).set(name, encodeKeyringSecret(value));
}

/**
 * Deletes the entry `name`.
 * @throws {@link KeyringError} (`not-found` when there is no such entry)
 */
export async function removeKeyringSecret(name: string, options: KeyringOptions = {}): Promise<void> {
  validateKeyringName(name);
  if (!(await osKeyring(options).remove(name))) throw new KeyringError(`no keyring entry '${name}' to remove`, { reason: 'not-found', entry: name });
}

/**
 * Every sts-creds entry, sorted by name, with its kind and id; never a secret.
 * @throws {@link KeyringError}
 */
export async function listKeyringSecrets(options: KeyringOptions = {}): Promise<KeyringListing[]> {
  const items = await osKeyring(options).list();
  return items
    .map(({ account, value }) => {
      const decoded = decodeKeyringSecret(value);
      return { name: account, kind: decoded?.kind, id: decoded?.id };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
