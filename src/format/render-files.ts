import type { TemporaryCredentials } from '../types.js';
import { credentialVariables } from './credential-vars.js';
import { formatIsoUtc } from './iso-time.js';
import { UnrepresentableValueError, quotePosixAssignment } from './shell-posix.js';

/** The AWS `credential_process` JSON contract (Version 1). Pure. */
export function renderCredentialProcess(creds: TemporaryCredentials): string {
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken,
    Expiration: formatIsoUtc(creds.expiration),
  })}\n`;
}

/**
 * A dotenv file. Values are single-quoted, which Node's `util.parseEnv`/`--env-file`, the `dotenv`
 * package, python-dotenv and Docker Compose all read literally — as long as the value has no single
 * quote, backslash or line break; such values are refused because loaders disagree about them. Pure.
 */
export function renderDotenv(creds: TemporaryCredentials, destination: ReadonlyArray<readonly [string, string]> = []): string {
  return [...credentialVariables(creds), ...destination]
    .map(([name, value]) => {
      // eslint-disable-next-line no-control-regex -- a NUL cannot be carried in the file format: it must be found
      if (/['\\\r\n\u0000]/.test(value)) {
        throw new UnrepresentableValueError(`the value of ${name} cannot be written to a dotenv file that every loader reads the same way`);
      }
      return `${name}='${value}'\n`;
    })
    .join('');
}

/**
 * An AWS shared-credentials profile section, with the expiration as `x_security_token_expires`
 * (the key other credential helpers use). Pure.
 */
export function renderIni(creds: TemporaryCredentials, profile: string): string {
  if (!/^[A-Za-z0-9_.@+-]+$/.test(profile)) throw new UnrepresentableValueError(`${JSON.stringify(profile)} is not a usable profile name`);
  const entries: Array<[string, string]> = [
    ['aws_access_key_id', creds.accessKeyId],
    ['aws_secret_access_key', creds.secretAccessKey],
    ['aws_session_token', creds.sessionToken],
    ['x_security_token_expires', formatIsoUtc(creds.expiration)],
  ];
  let out = `[${profile}]\n`;
  for (const [key, value] of entries) {
    // eslint-disable-next-line no-control-regex -- control characters are refused: they must be found
    if (/[\u0000-\u001f\u007f]/.test(value) || value !== value.trim()) {
      throw new UnrepresentableValueError(`the value of ${key} cannot be written to an INI file unchanged`);
    }
    out += `${key} = ${value}\n`;
  }
  return out;
}

/**
 * The `MC_HOST_<alias>` URL MinIO's client reads: `scheme://ACCESS:SECRET:TOKEN@host[:port]`.
 * mc splits it with a pattern and does not percent-decode, so values go in raw; an access key or
 * secret key containing `:` cannot be expressed and is refused. Pure.
 */
export function mcHostUrl(creds: TemporaryCredentials, endpoint: URL): string {
  if (creds.accessKeyId.includes(':') || creds.secretAccessKey.includes(':')) {
    throw new UnrepresentableValueError('an access key or secret key containing ":" cannot be written as an MC_HOST URL');
  }
  return `${endpoint.protocol}//${creds.accessKeyId}:${creds.secretAccessKey}:${creds.sessionToken}@${endpoint.host}`;
}

/** Checks an mc alias is usable in a variable name (`MC_HOST_<alias>`). Pure. @throws {@link UnrepresentableValueError} */
export function assertMcAlias(alias: string): void {
  if (!/^[A-Za-z0-9_]+$/.test(alias)) throw new UnrepresentableValueError(`${JSON.stringify(alias)} is not a usable mc alias (letters, digits, _)`);
}

/** `export MC_HOST_<alias>='...';` for a POSIX shell. Pure. */
export function renderMc(creds: TemporaryCredentials, endpoint: URL, alias: string): string {
  assertMcAlias(alias);
  return `export ${quotePosixAssignment(`MC_HOST_${alias}`, mcHostUrl(creds, endpoint))};\n`;
}
