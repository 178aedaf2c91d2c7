import type { KeyringKind, KeyringSecret } from '../../keyring/keyring-secret.js';
import { quoteText } from '../../text/quote-text.js';
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { PasswordFlags, TokenFlags } from '../options.js';
import { promptHidden } from '../prompt.js';
import type { Redactor } from '../redact.js';
import { ENV, envValue } from './environment.js';
import { SECRET_LIMIT, readInputText, type InputSource } from './files.js';
import { citing, fromEnv, type Sourced } from './settings.js';

/**
 * A secret read (or asked for at the terminal) only when a request is about to be sent, so a cache
 * hit needs none.
 */
export type LateSecret = (() => Promise<string>) & {
  /**
   * The secret, when the run was given it outright (`-p`, a variable, a profile's secret key): a cache
   * entry then answers only if it was made with this one. Unset for a file, stdin or a prompt, which
   * a cache hit must not have to read.
   */
  known?: string | undefined;
};

/** A late secret that is already known. */
export function knownSecret(value: string): LateSecret {
  return Object.assign(() => Promise.resolve(value), { known: value });
}

/** Where the secrets of a run go as soon as they are known, so no message can show them. */
type SecretSink = Pick<Redactor, 'add'>;

/** Fails when more than one of the given sources was used. */
function exclusive(sources: Record<string, unknown>): void {
  const used = Object.entries(sources)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k]) => k);
  if (used.length > 1) throw new CliUsageError(`use only one of ${used.join(', ')}`);
}

/** Strips one trailing newline (what `echo` and most editors add to files and pipes). */
function chompLine(text: string): string {
  return text.replace(/\r?\n$/, '');
}

function pipedStdin(io: CliIo, flag: string, what: string): InputSource {
  if (io.stdin.isTTY) throw new CliUsageError(`${flag} needs the ${what} piped in, not a terminal`);
  return { stdin: io.stdin };
}

function namedVariable(io: CliIo, flag: string, name: string): string {
  const value = envValue(io.env, name);
  if (!value) throw new CliUsageError(`${flag}: the environment variable ${name} is not set or empty`);
  return value;
}

/** Fails when more than one way of giving the password was used. */
function checkPasswordSources(opts: PasswordFlags): void {
  exclusive({
    '--keyring': opts.keyring,
    '-p/--password': opts.password,
    '--password-stdin': opts.passwordStdin,
    '--password-file': opts.passwordFile,
    '--password-env': opts.passwordEnv,
  });
}

/**
 * The password (assume-role, ldap): `-p`, `--password-stdin`, `--password-file`, `--password-env`,
 * `$STS_CREDS_PASSWORD`, else a no-echo prompt on the controlling terminal. Only the choice of source
 * is checked now; the password is read when a request needs it, so a cache hit needs neither the
 * file nor the variable (a `credential_process` keeps working after the password file is gone).
 * Never hangs: with no source and no controlling terminal it fails at once.
 * @param prompt - the question shown on the terminal
 */
export function resolvePassword(opts: PasswordFlags, prompt: string, io: CliIo, sink: SecretSink): LateSecret {
  checkPasswordSources(opts);
  // Read once: `exec --server` refreshes with the same password, and must not prompt again mid-command.
  let read: Promise<string> | undefined;
  const late: LateSecret = () => (read ??= readPassword(opts, prompt, io, sink));
  if (opts.password !== undefined) late.known = opts.password;
  else if (opts.passwordEnv) late.known = envValue(io.env, opts.passwordEnv) || undefined;
  else if (!opts.passwordStdin && !opts.passwordFile) late.known = envValue(io.env, ENV.password) || undefined;
  return late;
}

async function readPassword(opts: PasswordFlags, prompt: string, io: CliIo, sink: SecretSink): Promise<string> {
  let password: string | undefined = opts.password;
  if (opts.passwordStdin) password = chompLine(await readInputText('--password-stdin', pipedStdin(io, '--password-stdin', 'password'), SECRET_LIMIT));
  else if (opts.passwordFile) password = chompLine(await readInputText('password file', { path: opts.passwordFile }, SECRET_LIMIT));
  else if (opts.passwordEnv) password = namedVariable(io, '--password-env', opts.passwordEnv);
  else if (password === undefined) password = envValue(io.env, ENV.password);
  if (password === undefined) {
    const terminal = io.openTerminal?.();
    if (!terminal) throw new CliUsageError(`no password: use -p, --password-stdin, --password-file, --password-env, or set ${ENV.password}`);
    password = await promptHidden(terminal, prompt);
  }
  sink.add(password);
  if (!password) throw new CliUsageError('the password is empty');
  return password;
}

/**
 * The token (custom-token, web-identity, client-grants): `-t`, `--token-file`, `--token-stdin`,
 * `--token-env`, `--keyring`, `$STS_CREDS_TOKEN`, then the token file the profile names, then, when
 * `awsTokenFile` (web-identity), the file named by `$AWS_WEB_IDENTITY_TOKEN_FILE`. Surrounding whitespace is dropped.
 * @param configuredFile - the profile's token file (`sts_creds_token_file`, `web_identity_token_file`)
 */
export async function resolveToken(opts: TokenFlags, io: CliIo, sink: SecretSink, configuredFile: Sourced | undefined, awsTokenFile = false): Promise<string> {
  exclusive({ '--keyring': opts.keyring, '-t/--token': opts.token, '--token-file': opts.tokenFile, '--token-stdin': opts.tokenStdin, '--token-env': opts.tokenEnv });
  if (opts.keyring !== undefined) return (await readKeyringEntry(opts.keyring, 'token', io, sink)).secret;
  let token = opts.token;
  if (opts.tokenFile) token = (await readInputText('token file', { path: opts.tokenFile }, SECRET_LIMIT)).trim();
  else if (opts.tokenEnv) token = namedVariable(io, '--token-env', opts.tokenEnv);
  else if (opts.tokenStdin) token = (await readInputText('--token-stdin', pipedStdin(io, '--token-stdin', 'token'), SECRET_LIMIT)).trim();
  else if (token === undefined) {
    token = envValue(io.env, ENV.token);
    const file = token === undefined ? (configuredFile ?? (awsTokenFile ? fromEnv(ENV.webIdentityTokenFile)({ env: io.env }) : undefined)) : undefined;
    if (file) token = await citing(file, async () => (await readInputText('token file', { path: file.value }, SECRET_LIMIT)).trim());
  }
  if (!token) {
    throw new CliUsageError(
      `no token: use -t/--token, --token-file, --token-stdin, --token-env, or set ${ENV.token}${awsTokenFile ? ` or ${ENV.webIdentityTokenFile}` : ''}`,
    );
  }
  sink.add(token);
  return token;
}

/**
 * A token as a run uses it: `token`, read now (the cache keys on it), and `forCall`, the token for each STS
 * call. A token from a file (`--token-file`, a profile's `web_identity_token_file`, `$AWS_WEB_IDENTITY_TOKEN_FILE`)
 * is read again for every call after the first, because such files rotate (Kubernetes rewrites a projected
 * service-account token about hourly): `exec --server` refreshes with the current one. A file that cannot be
 * read then fails that call, not the run.
 */
export interface TokenSource {
  token: string;
  forCall: () => Promise<string>;
}

/** The file the token comes from, when it comes from one; the same order as {@link resolveToken}. */
function tokenFilePath(opts: TokenFlags, io: CliIo, configuredFile: Sourced | undefined, awsTokenFile: boolean): string | undefined {
  if (opts.keyring !== undefined || opts.token !== undefined || opts.tokenEnv || opts.tokenStdin) return undefined;
  if (opts.tokenFile) return opts.tokenFile;
  if (envValue(io.env, ENV.token) !== undefined) return undefined;
  return configuredFile?.value || (awsTokenFile ? envValue(io.env, ENV.webIdentityTokenFile) : undefined);
}

/** {@link resolveToken}, and a token file read again for each later call (see {@link TokenSource}). */
export async function resolveTokenSource(
  opts: TokenFlags,
  io: CliIo,
  sink: SecretSink,
  configuredFile: Sourced | undefined,
  awsTokenFile = false,
): Promise<TokenSource> {
  const token = await resolveToken(opts, io, sink, configuredFile, awsTokenFile);
  const path = tokenFilePath(opts, io, configuredFile, awsTokenFile);
  if (path === undefined) return { token, forCall: () => Promise.resolve(token) };
  let first = true;
  return {
    token,
    forCall: async () => {
      if (first) {
        first = false;
        return token;
      }
      const current = (await readInputText('token file', { path }, SECRET_LIMIT)).trim();
      sink.add(current);
      if (!current) throw new CliUsageError(`the token file ${quoteText(path)} is empty`);
      return current;
    },
  };
}

/**
 * The MFA code (assume-role): `--token-code`, else a no-echo prompt when a serial number is given
 * (`--serial-number`, a profile's `mfa_serial`) and there is a controlling terminal; undefined without a
 * serial number. The pairing is checked here, once; messages name where the serial number was written.
 */
export function resolveMfaCode(serial: Sourced | undefined, tokenCode: string | undefined, io: CliIo): LateSecret | undefined {
  const serialNumber = serial?.value || undefined;
  if (tokenCode !== undefined) {
    if (!serialNumber) throw new CliUsageError('--token-code needs --serial-number (the MFA device)');
    return () => Promise.resolve(tokenCode);
  }
  if (!serialNumber) return undefined;
  return async () => {
    const terminal = io.openTerminal?.();
    if (!terminal) throw new CliUsageError(`${serial!.origin.label} needs --token-code (no terminal to prompt for the MFA code)`);
    const code = (await promptHidden(terminal, `MFA code for ${serialNumber}: `, 'MFA code')).trim();
    if (!code) throw new CliUsageError('the MFA code is empty');
    return code;
  };
}

/** The passphrase of a client key from `--passphrase-env NAME`; undefined without the flag. */
export function resolvePassphrase(passphraseEnv: string | undefined, io: CliIo, sink: SecretSink): string | undefined {
  if (passphraseEnv === undefined) return undefined;
  const passphrase = namedVariable(io, '--passphrase-env', passphraseEnv);
  sink.add(passphrase);
  return passphrase;
}

/**
 * Reads the OS keyring entry `name` of `kind` (loading the keyring code only now) and hands its secret to
 * the sink at once. The CLI's one way to read the keyring (`--keyring NAME`, and profiles naming an entry).
 * @throws {@link KeyringError} (exit 2): missing entry, another kind, no Secret Service, locked, frozen
 */
export async function readKeyringEntry(name: string, kind: KeyringKind, io: CliIo, sink: SecretSink): Promise<KeyringSecret> {
  const { readKeyringSecret } = await import('../../keyring/keyring-store.js');
  const stored = await readKeyringSecret(name, kind, { env: io.env });
  sink.add(stored.secret);
  return stored;
}

/**
 * `--keyring NAME` of assume-role (`keys`) and ldap (`password`): the entry, read now, because its id
 * (the access key or user name) names the principal the cache keys on. Undefined without the flag.
 * @throws {@link CliUsageError} when a password flag is given too; {@link KeyringError} from the keyring
 */
export async function resolveKeyringEntry(opts: PasswordFlags, kind: 'keys' | 'password', io: CliIo, sink: SecretSink): Promise<KeyringSecret | undefined> {
  if (opts.keyring === undefined) return undefined;
  checkPasswordSources(opts);
  return readKeyringEntry(opts.keyring, kind, io, sink);
}

/**
 * The secret of `keyring add`: from standard input with `--secret-key-stdin` (one trailing newline
 * dropped), else a no-echo prompt on the terminal. Never hangs: with neither it fails at once.
 */
export async function readNewSecret(fromStdin: boolean, prompt: string, io: CliIo, sink: SecretSink): Promise<string> {
  let secret: string;
  if (fromStdin) secret = chompLine(await readInputText('--secret-key-stdin', pipedStdin(io, '--secret-key-stdin', 'secret'), SECRET_LIMIT));
  else {
    const terminal = io.openTerminal?.();
    if (!terminal) throw new CliUsageError('no secret: use --secret-key-stdin with the secret piped in (there is no terminal to ask on)');
    secret = await promptHidden(terminal, prompt);
  }
  sink.add(secret);
  if (!secret) throw new CliUsageError('the secret is empty');
  return secret;
}
