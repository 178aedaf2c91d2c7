/**
 * What `sts-creds login` and a login profile (`sts_creds_method = login`) say about the OpenID provider:
 * issuer, client id, scopes and where the client secret is (a file or a variable, never argv), from flags
 * first, then the profile's `sts_creds_oidc_*` keys; and where kept logins live.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { autoLoginStore, fileLoginStore, keyringLoginStore, validateLoginName, type LoginStore } from '../oidc/login-store.js';
import { isOidcError, OidcError } from '../oidc/oidc-error.js';
import { parseScopes } from '../oidc/login-flows.js';
import { parseIssuer } from '../oidc/discover-provider.js';
import { quoteText } from '../text/quote-text.js';
import { CliUsageError } from './errors.js';
import type { ConfiguredSettings } from './inputs/configured.js';
import { envValue } from './inputs/environment.js';
import { SECRET_LIMIT, readInputText } from './inputs/files.js';
import type { CliIo } from './io.js';
import { LOGIN_KEYS } from './login-profile.js';
import type { Redactor } from './redact.js';

/** The flags that describe the provider (login's own; a profile's keys fill in the rest). */
export interface LoginProviderFlags {
  issuer?: string | undefined;
  clientId?: string | undefined;
  clientSecretFile?: string | undefined;
  clientSecretEnv?: string | undefined;
  scopes?: string | undefined;
}

/** The provider settings of one login. */
export interface LoginSettings {
  /** The login's name: the profile's, else `default`. */
  name: string;
  /** `AWS profile "dev"` or `flags`, for messages. */
  origin: string;
  issuer: string;
  clientId: string;
  /** Reads the client secret when one is configured. */
  clientSecret: (() => Promise<string>) | undefined;
  /** Configured scopes, or undefined for the default (openid, plus offline_access where offered). */
  scopes: string[] | undefined;
}

/**
 * The login settings from flags over the profile's keys.
 * @throws {@link CliUsageError} naming the flag or profile key that is missing or wrong
 */
export function resolveLoginSettings(flags: LoginProviderFlags, configured: ConfiguredSettings | undefined, io: CliIo, redactor: Redactor): LoginSettings {
  const raw = configured?.raw ?? {};
  const where = (flag: string, key: string, fromFlag: boolean): string => (fromFlag || !configured ? flag : `${key} in ${configured.origin}`);
  const issuer = flags.issuer ?? raw[LOGIN_KEYS.issuer];
  const clientId = flags.clientId ?? raw[LOGIN_KEYS.clientId];
  const from = configured ? ` or ${LOGIN_KEYS.issuer} in ${configured.origin}` : ' (or a profile with sts_creds_oidc_issuer)';
  if (!issuer) throw new CliUsageError(`no OpenID issuer: use --issuer URL${from}`);
  if (!clientId) throw new CliUsageError(`no OpenID client id: use --client-id ID${configured ? ` or ${LOGIN_KEYS.clientId} in ${configured.origin}` : ''}`);
  try {
    parseIssuer(issuer);
  } catch (error) {
    throw new CliUsageError(`invalid ${where('--issuer', LOGIN_KEYS.issuer, flags.issuer !== undefined)}: ${(error as Error).message}`);
  }
  if (/\p{Cc}/u.test(clientId)) throw new CliUsageError(`invalid ${where('--client-id', LOGIN_KEYS.clientId, flags.clientId !== undefined)}: control characters`);
  const scopesText = flags.scopes ?? raw[LOGIN_KEYS.scopes];
  const scopes = scopesText === undefined ? undefined : parseScopes(scopesText);
  if (scopes && scopes.length === 0) throw new CliUsageError(`invalid ${where('--scopes', LOGIN_KEYS.scopes, flags.scopes !== undefined)}: no scope`);

  const secretFile = flags.clientSecretFile ?? (flags.clientSecretEnv === undefined ? raw[LOGIN_KEYS.clientSecretFile] : undefined);
  const secretEnv = flags.clientSecretEnv ?? (flags.clientSecretFile === undefined ? raw[LOGIN_KEYS.clientSecretEnv] : undefined);
  if (secretFile && secretEnv) throw new CliUsageError('use only one of --client-secret-file, --client-secret-env');
  let clientSecret: LoginSettings['clientSecret'];
  if (secretFile) {
    const home = envValue(io.env, 'HOME') ?? homedir();
    const path = secretFile.startsWith('~/') ? join(home, secretFile.slice(2)) : secretFile;
    clientSecret = async () => {
      const secret = (await readInputText('client secret file', { path }, SECRET_LIMIT)).trim();
      redactor.add(secret);
      if (!secret) throw new CliUsageError(`the client secret file ${quoteText(secretFile)} is empty`);
      return secret;
    };
  } else if (secretEnv) {
    clientSecret = () => {
      const secret = envValue(io.env, secretEnv);
      if (!secret) return Promise.reject(new CliUsageError(`the variable ${quoteText(secretEnv)} (the client secret) is not set or empty`));
      redactor.add(secret);
      return Promise.resolve(secret);
    };
  }
  const name = configured?.profileName ?? 'default';
  try {
    validateLoginName(name);
  } catch {
    throw new CliUsageError(`the profile name ${quoteText(name)} cannot name a login: use letters, digits and . _ @ + -`);
  }
  return { name, origin: configured?.origin ?? 'flags', issuer, clientId, clientSecret, scopes };
}

/** Where login files live: `$XDG_CONFIG_HOME/sts-creds/logins`, else `~/.config/sts-creds/logins`. Pure. */
export function loginDir(env: CliIo['env'], home: string = homedir()): string {
  const config = envValue(env, 'XDG_CONFIG_HOME') ?? join(envValue(env, 'HOME') ?? home, '.config');
  return join(config, 'sts-creds', 'logins');
}

/** The store of kept logins: the OS keyring when one answers, else 0600 files under {@link loginDir}. */
export function cliLoginStore(io: CliIo): LoginStore {
  const uid = process.getuid?.() ?? 0;
  return autoLoginStore(keyringLoginStore({ env: io.env }), fileLoginStore(loginDir(io.env), uid));
}

/** The line telling the user what to run when a login is needed. Pure. */
export function loginCommandLine(name: string): string {
  return name === 'default' ? 'sts-creds login' : `sts-creds login --profile ${name}`;
}

/** A `login-required` error re-worded with the command to run; other errors unchanged. */
export function withLoginHint(error: unknown, settings: Pick<LoginSettings, 'name'>): unknown {
  if (isOidcError(error) && error.reason === 'login-required') {
    const why =
      error.oauthError === undefined
        ? error.message.replace(/: sign in again \(login [^)]*\)$/, '')
        : `the login ${settings.name} has expired or was revoked (the provider answered ${error.oauthError})`;
    return new OidcError(`${why}: run \`${loginCommandLine(settings.name)}\``, { reason: 'login-required', oauthError: error.oauthError, cause: error });
  }
  return error;
}
