/**
 * The user and the secret of the methods that take them (assume-role: an access key and its
 * secret key; ldap: a user name and its password), from the first source that names a user:
 * `-u`/`$STS_CREDS_USER`, then the profile or alias, then (assume-role) `$AWS_ACCESS_KEY_ID`.
 * A secret stays with its own user: a profile's secret key never signs for the `-u` user, and
 * `$STS_CREDS_PASSWORD` is not used when the profile has a secret. An explicit password flag wins.
 */
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { Redactor } from '../redact.js';
import type { ConfiguredSettings } from './configured.js';
import { ENV, envValue } from './environment.js';
import { SECRET_LIMIT, readInputText } from './files.js';
import { isKeyringError } from '../../keyring/keyring-error.js';
import type { PasswordFlags } from '../options.js';
import { readKeyringEntry, resolveKeyringEntry, resolvePassword, type LateSecret } from './secrets.js';

/** The user, the secret (read when a request needs it) and the session token that goes with it. */
export interface SigningKeys {
  user: string;
  secret: LateSecret;
  sessionToken: string | undefined;
}

/**
 * A way of finding the secret of a configured user, tried in order: the profile's or alias's secret
 * key, then `sts_creds_password_file`. Another source (an OS keyring named by the profile's
 * `sts_creds_keyring`, read from `configured.raw`) is one more entry of {@link CONFIGURED_SECRET_SOURCES}.
 */
export type ConfiguredSecretSource = (configured: ConfiguredSettings, io: CliIo) => { secret: LateSecret; sessionToken?: string | undefined } | undefined;

/** The sources of a configured user's secret, in order. */
export const CONFIGURED_SECRET_SOURCES: ConfiguredSecretSource[] = [
  (c) => (c.secretAccessKey ? { secret: () => Promise.resolve(c.secretAccessKey!), sessionToken: c.sessionToken } : undefined),
  (c) =>
    c.passwordFile
      ? { secret: async () => (await readInputText('password file', { path: c.passwordFile! }, SECRET_LIMIT)).replace(/\r?\n$/, '') }
      : undefined,
];

function passwordFlagGiven(opts: PasswordFlags): boolean {
  return opts.password !== undefined || opts.passwordStdin === true || opts.passwordFile !== undefined || opts.passwordEnv !== undefined;
}

/** Registers a late secret with the redactor as soon as it is read, and refuses an empty one. */
function guarded(secret: LateSecret, sink: Pick<Redactor, 'add'>): LateSecret {
  return async () => {
    const value = await secret();
    sink.add(value);
    if (!value) throw new CliUsageError('the password is empty');
    return value;
  };
}

/**
 * Resolves who signs (assume-role, `kind: 'access-key'`) or logs in (ldap, `kind: 'ldap'`), and with what.
 * @param prompt - the question shown when the secret is asked at the terminal; given the user
 * @throws {@link CliUsageError} when no source names a user
 */
export function resolveSigningKeys(
  opts: PasswordFlags & { user?: string | undefined },
  configured: ConfiguredSettings | undefined,
  kind: 'access-key' | 'ldap',
  prompt: (user: string) => string,
  io: CliIo,
  sink: Pick<Redactor, 'add'>,
): SigningKeys {
  const own = (user: string): SigningKeys => ({ user, secret: resolvePassword(opts, prompt(user), io, sink), sessionToken: undefined });
  const flagOrEnv = opts.user || envValue(io.env, ENV.user);
  if (flagOrEnv) return own(flagOrEnv);
  const configuredUser = kind === 'access-key' ? (configured?.accessKeyId ?? configured?.user) : configured?.user;
  if (configured && configuredUser) {
    if (passwordFlagGiven(opts)) return own(configuredUser);
    for (const source of CONFIGURED_SECRET_SOURCES) {
      const found = source(configured, io);
      if (found) return { user: configuredUser, secret: guarded(found.secret, sink), sessionToken: found.sessionToken };
    }
    return own(configuredUser);
  }
  const awsKey = kind === 'access-key' ? envValue(io.env, ENV.awsAccessKeyId) : undefined;
  if (awsKey) {
    const awsSecret = envValue(io.env, ENV.awsSecretAccessKey);
    if (passwordFlagGiven(opts) || !awsSecret) return own(awsKey);
    return { user: awsKey, secret: guarded(() => Promise.resolve(awsSecret), sink), sessionToken: envValue(io.env, ENV.awsSessionToken) };
  }
  const more = kind === 'access-key' ? `, --profile, --alias, or set ${ENV.awsAccessKeyId}` : ' or --profile (sts_creds_user)';
  throw new CliUsageError(`no user: use -u/--user, set ${ENV.user}${more}`);
}

/**
 * The keyring entry a run signs (or logs in) with, when one applies: `--keyring NAME`; else the profile's
 * `sts_creds_keyring`; else, as aws-vault does, an entry named like the profile when the profile holds no
 * keys, user or password file and no password flag is given (an absent entry or keyring is then no error:
 * the other sources follow). Undefined when none applies.
 * @throws {@link CliUsageError} | KeyringError from the keyring
 */
export async function keyringSigningKeys(
  opts: PasswordFlags & { user?: string | undefined },
  configured: ConfiguredSettings | undefined,
  kind: 'access-key' | 'ldap',
  io: CliIo,
  sink: Pick<Redactor, 'add'>,
): Promise<SigningKeys | undefined> {
  const entryKind = kind === 'access-key' ? 'keys' : 'password';
  let stored;
  if (opts.keyring !== undefined) {
    stored = (await resolveKeyringEntry(opts, entryKind, io, sink))!;
  } else if (configured?.raw.sts_creds_keyring !== undefined) {
    // A password flag is explicit and wins over what the profile names.
    if (passwordFlagGiven(opts)) return undefined;
    stored = await readKeyringEntry(configured.raw.sts_creds_keyring, entryKind, io, sink);
  } else {
    const bare = configured?.profileName !== undefined && !configured.accessKeyId && !configured.secretAccessKey && !configured.user && !configured.passwordFile;
    if (!bare || passwordFlagGiven(opts) || opts.user || envValue(io.env, ENV.user)) return undefined;
    try {
      stored = await readKeyringEntry(configured.profileName!, entryKind, io, sink);
    } catch (error) {
      if (isKeyringError(error) && (error.reason === 'not-found' || error.reason === 'unavailable' || error.reason === 'not-installed')) return undefined;
      throw error;
    }
  }
  const user = stored.id ?? opts.user ?? envValue(io.env, ENV.user) ?? configured?.user;
  if (!user) throw new CliUsageError(`no user: the keyring entry holds none; use -u/--user or set ${ENV.user}`);
  const secret = stored.secret;
  return { user, secret: () => Promise.resolve(secret), sessionToken: undefined };
}
