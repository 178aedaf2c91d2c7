/**
 * The OS keyring as a secret source for the library's providers. The keyring code (and with it
 * node:child_process) is loaded on the first read, so importers that never use the keyring never load it.
 */
import type { SigningCredentials } from '../types.js';
import { validateKeyringName } from './keyring-secret.js';
import type { KeyringOptions } from './keyring-store.js';

/**
 * A secret source that reads a password or token from the OS keyring each time a provider asks (before
 * each refresh), so a secret replaced with `sts-creds keyring add` is picked up without a restart.
 * Pass it as `password:` of {@link fromLdapIdentity} or `token:` / `webIdentityToken:` of the token providers.
 *
 * @param name - the entry's name, as given to `sts-creds keyring add NAME --kind password|token`
 * @param kind - `password` or `token`; an entry of another kind is refused
 * @example
 * ```ts
 * import { fromLdapIdentity, fromKeyring } from 'sts-creds';
 *
 * const credentials = fromLdapIdentity({ endpoint: 'https://minio.example.com', username: 'alice', password: fromKeyring('corp-ldap', 'password') });
 * ```
 * @throws {@link KeyringError} synchronously for an invalid name; the returned function rejects with a
 * {@link KeyringError} when the entry is missing, of another kind, or the keyring is unavailable, locked or frozen
 */
export function fromKeyring(name: string, kind: 'password' | 'token', options: KeyringOptions = {}): () => Promise<string> {
  validateKeyringName(name);
  return async () => {
    const { readKeyringSecret } = await import('./keyring-store.js');
    return (await readKeyringSecret(name, kind, options)).secret;
  };
}

/**
 * The access key and secret key stored as `name` (kind `keys`), to sign AssumeRole with.
 *
 * @example
 * ```ts
 * import { fromAssumeRole, readKeyringCredentials } from 'sts-creds';
 *
 * const provider = fromAssumeRole({ endpoint: 'http://localhost:9000', credentials: await readKeyringCredentials('minio') });
 * ```
 * @throws {@link KeyringError} when the entry is missing, of another kind, or the keyring is unavailable, locked or frozen
 */
export async function readKeyringCredentials(name: string, options: KeyringOptions = {}): Promise<SigningCredentials> {
  const { readKeyringSecret } = await import('./keyring-store.js');
  const { id, secret } = await readKeyringSecret(name, 'keys', options);
  return { accessKeyId: id ?? '', secretAccessKey: secret };
}
