/**
 * Where sign-ins are kept, by name (the profile's): the OS keyring when one answers, else a private file.
 * Every store offers the same three operations, so the token source and the CLI never know which one
 * they have, and tests inject their own.
 */
import { join } from 'node:path';
import { errorCode, preparePrivateDir, readPrivateFile, replacePrivateFile } from '../cache/private-files.js';
import { readdir, unlink } from '../fs/promised-fs.js';
import { isKeyringError } from '../keyring/keyring-error.js';
import { decodeKeyringSecret, encodeKeyringSecret, validateKeyringName } from '../keyring/keyring-secret.js';
import { osKeyring, type OsKeyring, type OsKeyringOptions } from '../keyring/os-keyring.js';
import { OidcError } from './oidc-error.js';
import { decodeStoredLogin, encodeStoredLogin, type StoredLogin } from './stored-login.js';

/** Keeps sign-ins by name. */
export interface LoginStore {
  /** A short description for messages: `the OS keyring` or the file's directory. */
  readonly label: string;
  read(name: string): Promise<StoredLogin | undefined>;
  write(name: string, login: StoredLogin): Promise<void>;
  /** False when there was nothing to remove. */
  remove(name: string): Promise<boolean>;
  /** The names of every kept login, sorted (for `login --status`); absent when the store cannot list. */
  list?(): Promise<string[]>;
}

/** Largest login file read, in bytes (tokens are a few kilobytes). */
const MAX_FILE_BYTES = 64 * 1024;

/** A login's name: a profile name, plain enough to be a file name and a keyring entry. Pure. @throws {@link OidcError} (`storage`) */
export function validateLoginName(name: string): string {
  try {
    return validateKeyringName(name);
  } catch {
    throw new OidcError('invalid login name: use a letter or digit, then letters, digits and . _ @ + - (at most 128 characters)', { reason: 'storage' });
  }
}

/**
 * Logins as files `<dir>/<name>.json`, mode 0600 in a 0700 directory owned by `uid`, replaced atomically and
 * never written or read through a link (the credential cache's rules). A directory or file another user
 * could have written is refused.
 */
export function fileLoginStore(dir: string, uid: number): LoginStore {
  const ready = async (): Promise<void> => {
    const why = await preparePrivateDir(dir, uid);
    if (why) throw new OidcError(`cannot keep the login in ${dir}: ${why}`, { reason: 'storage' });
  };
  const file = (name: string): string => `${validateLoginName(name)}.json`;
  return {
    label: dir,
    async read(name) {
      const path = join(dir, file(name));
      const read = await readPrivateFile(path, uid, MAX_FILE_BYTES);
      if (!read.ok) {
        if (read.missing) return undefined;
        throw new OidcError(`the login file ${path} is not a private regular file of this user (mode 0600): remove it and log in again`, { reason: 'storage' });
      }
      const login = decodeStoredLogin(read.text);
      if (!login) throw new OidcError(`the login file ${path} is damaged: remove it and log in again`, { reason: 'storage' });
      return login;
    },
    async write(name, login) {
      const base = file(name);
      await ready();
      try {
        await replacePrivateFile(dir, base, encodeStoredLogin(login));
      } catch (error) {
        throw new OidcError(`cannot write the login file in ${dir} (${errorCode(error)})`, { reason: 'storage', cause: error });
      }
    },
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return [];
        throw new OidcError(`cannot list the logins in ${dir} (${errorCode(error)})`, { reason: 'storage', cause: error });
      }
      return names
        .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
        .map((n) => n.slice(0, -'.json'.length))
        .sort();
    },
    async remove(name) {
      const path = join(dir, file(name));
      try {
        await unlink(path);
        return true;
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return false;
        throw new OidcError(`cannot remove the login file ${path} (${errorCode(error)})`, { reason: 'storage', cause: error });
      }
    },
  };
}

/** The keyring entry of a login: `login@<name>`, kind `token` with id `oidc-login`, so `keyring list` shows what it is. */
export function loginEntryName(name: string): string {
  return `login@${validateLoginName(name)}`.slice(0, 128);
}

/** Logins in the OS keyring, one entry each. Every operation may throw {@link KeyringError}. */
export function keyringLoginStore(options: OsKeyringOptions = {}, keyring: OsKeyring = osKeyring(options)): LoginStore {
  return {
    label: 'the OS keyring',
    async read(name) {
      const text = await keyring.get(loginEntryName(name));
      if (text === undefined) return undefined;
      const entry = decodeKeyringSecret(text);
      const login = entry?.kind === 'token' && entry.id === 'oidc-login' ? decodeStoredLogin(entry.secret) : undefined;
      if (!login) throw new OidcError(`the keyring entry ${loginEntryName(name)} is not a login sts-creds wrote: remove it and log in again`, { reason: 'storage' });
      return login;
    },
    async write(name, login) {
      await keyring.set(loginEntryName(name), encodeKeyringSecret({ kind: 'token', id: 'oidc-login', secret: encodeStoredLogin(login) }));
    },
    async remove(name) {
      return keyring.remove(loginEntryName(name));
    },
    async list() {
      return (await keyring.list())
        .map((item) => item.account)
        .filter((account) => account.startsWith('login@'))
        .map((account) => account.slice('login@'.length))
        .sort();
    },
  };
}

/** Keyring failures that mean "there is no keyring here", as opposed to one that is locked or broken. */
const NO_KEYRING = new Set(['unavailable', 'not-installed']);

/**
 * The OS keyring when one is there, else the file store: decided once, on first use. A keyring that exists
 * but fails (locked, frozen) is reported rather than quietly replaced by a file.
 */
export function autoLoginStore(keyring: LoginStore, file: LoginStore): LoginStore {
  let store: LoginStore | undefined;
  const use = async <T>(run: (s: LoginStore) => Promise<T>): Promise<T> => {
    if (store) return run(store);
    try {
      const value = await run(keyring);
      store = keyring;
      return value;
    } catch (error) {
      if (!(isKeyringError(error) && NO_KEYRING.has(error.reason))) throw error;
      store = file;
      return run(file);
    }
  };
  return {
    get label() {
      return store?.label ?? 'the OS keyring or a private file';
    },
    read: (name) => use((s) => s.read(name)),
    write: (name, login) => use((s) => s.write(name, login)),
    remove: (name) => use((s) => s.remove(name)),
    list: () => use(async (s) => (s.list ? s.list() : [])),
  };
}
