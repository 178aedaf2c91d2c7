import type { TemporaryCredentials } from '../types.js';
import { formatIsoUtc } from './iso-time.js';

/** The environment variable names the AWS SDKs and CLI read, in output order. */
export const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
] as const;

/** Variable name to value, in {@link CREDENTIAL_VARIABLES} order. Pure. */
export function credentialVariables(creds: TemporaryCredentials): Array<[string, string]> {
  return [
    ['AWS_ACCESS_KEY_ID', creds.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', creds.secretAccessKey],
    ['AWS_SESSION_TOKEN', creds.sessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', formatIsoUtc(creds.expiration)],
  ];
}
