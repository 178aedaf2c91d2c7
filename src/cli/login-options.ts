/** `sts-creds login` and `sts-creds logout`: their options and the invocation the parser records. */
import type { OptionSpec } from './options.js';

/** `login`'s and `logout`'s parsed options. */
export interface LoginCliOptions {
  profile?: string | undefined;
  issuer?: string | undefined;
  clientId?: string | undefined;
  clientSecretFile?: string | undefined;
  clientSecretEnv?: string | undefined;
  scopes?: string | undefined;
  device?: boolean | undefined;
  /** false with `--no-browser`. */
  browser?: boolean | undefined;
  redirectPort?: string | undefined;
  status?: boolean | undefined;
  endpoint?: string | undefined;
  roleArn?: string | undefined;
  duration?: string | undefined;
  caBundle?: string | undefined;
  timeout?: string | undefined;
  debug?: boolean | undefined;
}

/** `sts-creds login` / `sts-creds logout`. */
export interface LoginInvocation {
  method: 'login' | 'logout';
  mode: 'login';
  options: LoginCliOptions;
}

const PROVIDER_OPTIONS: readonly OptionSpec[] = [
  { flags: '--profile <name>', description: 'the AWS profile holding the sign-in settings (sts_creds_oidc_*); the login is kept under its name (env AWS_PROFILE)' },
  { flags: '--issuer <url>', description: 'OpenID issuer URL (profile: sts_creds_oidc_issuer)' },
  { flags: '--client-id <id>', description: 'OAuth client id registered at the provider (profile: sts_creds_oidc_client_id)' },
  { flags: '--client-secret-file <file>', description: 'read the client secret of a confidential client from this file (profile: sts_creds_oidc_client_secret_file)' },
  { flags: '--client-secret-env <name>', description: 'read the client secret from this environment variable (profile: sts_creds_oidc_client_secret_env)' },
];

/** `login`'s options, in help order. */
export const LOGIN_OPTIONS: readonly OptionSpec[] = [
  ...PROVIDER_OPTIONS,
  { flags: '--scopes <list>', description: 'scopes, space- or comma-separated (profile: sts_creds_oidc_scopes; default openid, plus offline_access where offered)' },
  { flags: '--device', description: 'sign in with a device code on another device (RFC 8628), for SSH sessions and containers' },
  { flags: '--no-browser', description: 'only print the sign-in URL; do not open a browser' },
  { flags: '--redirect-port <port>', description: 'listen for the browser on this loopback port (for providers that register a fixed one; default a free port)' },
  { flags: '--status', description: 'show who is logged in and until when, for the profile or for every kept login; sign in to nothing' },
  { flags: '--endpoint <url>', description: 'STS endpoint to try the login on (profile: endpoint_url; env AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL)' },
  { flags: '--endpoint-url <url>', description: 'alias of --endpoint', hidden: true },
  { flags: '--role-arn <arn>', description: 'role to assume with the ID token (profile: role_arn)' },
  { flags: '-e, --duration <duration>', description: 'lifetime of the credentials of that try (profile: duration_seconds)' },
  { flags: '--ca-bundle <file>', description: "CA certificates (PEM) to trust for the STS endpoint's certificate (env AWS_CA_BUNDLE)" },
  { flags: '--timeout <seconds>', description: 'time allowed for each request (default 30)' },
  { flags: '--debug', description: 'log each request and answer (secrets redacted) and stack traces on stderr' },
];

/** `logout`'s options. */
export const LOGOUT_OPTIONS: readonly OptionSpec[] = [...PROVIDER_OPTIONS, { flags: '--debug', description: 'stack traces on stderr' }];
