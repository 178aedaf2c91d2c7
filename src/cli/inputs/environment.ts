import { escapeControl } from '../../text/server-text.js';
import type { CliIo } from '../io.js';

/** Environment variables the CLI reads (sts-creds' own, and the AWS SDK conventions it follows). */
export const ENV = {
  endpoint: ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL'],
  s3Endpoint: 'AWS_ENDPOINT_URL_S3',
  genericEndpoint: 'AWS_ENDPOINT_URL',
  region: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  user: 'STS_CREDS_USER',
  password: 'STS_CREDS_PASSWORD',
  token: 'STS_CREDS_TOKEN',
  roleArn: 'STS_CREDS_ROLE_ARN',
  caBundle: 'AWS_CA_BUNDLE',
  webIdentityTokenFile: 'AWS_WEB_IDENTITY_TOKEN_FILE',
  awsRoleArn: 'AWS_ROLE_ARN',
  awsRoleSessionName: 'AWS_ROLE_SESSION_NAME',
  cacheDir: 'STS_CREDS_CACHE_DIR',
  awsProfile: 'AWS_PROFILE',
  awsConfigFile: 'AWS_CONFIG_FILE',
  awsCredentialsFile: 'AWS_SHARED_CREDENTIALS_FILE',
  awsAccessKeyId: 'AWS_ACCESS_KEY_ID',
  awsSecretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  awsSessionToken: 'AWS_SESSION_TOKEN',
  mcConfigDir: 'MC_CONFIG_DIR',
} as const;

/** Where `--endpoint` and the variables leave the endpoint unset: MinIO's default address. */
export const DEFAULT_ENDPOINT = 'http://localhost:9000';

/**
 * The first of the named variables that is set to something; an empty variable counts as unset
 * (`AWS_REGION= cmd` is how shells clear one for a single command). Pure.
 */
export function envValue(env: CliIo['env'], ...names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value) return value;
  }
  return undefined;
}

/** sts-creds' directory in the user's cache: `$XDG_CACHE_HOME/sts-creds`, else `~/.cache/sts-creds`. Pure. */
export function userCacheDir(env: CliIo['env'], homedir: string): string {
  return `${envValue(env, 'XDG_CACHE_HOME') ?? `${envValue(env, 'HOME') ?? homedir}/.cache`}/sts-creds`;
}

/** Where cached credentials live: `$STS_CREDS_CACHE_DIR`, else `$XDG_CACHE_HOME/sts-creds/credentials`, else `~/.cache/...`. Pure. */
export function resolveCacheDir(env: CliIo['env'], homedir: string): string {
  return envValue(env, ENV.cacheDir) ?? `${userCacheDir(env, homedir)}/credentials`;
}

/** A path as shown in messages: under the home directory as `~/...`. Pure. */
export function shownPath(path: string, home: string): string {
  return escapeControl(home !== '' && path.startsWith(`${home}/`) ? `~/${path.slice(home.length + 1)}` : path);
}

/** True when the URL has a path beyond `/`, such as the MinIO Operator's STS path `/sts/<namespace>`. Pure. */
export function hasPath(url: string): boolean {
  try {
    const { pathname } = new URL(url);
    return pathname !== '/' && pathname !== '';
  } catch {
    return false;
  }
}
