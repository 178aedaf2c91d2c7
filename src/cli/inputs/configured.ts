/**
 * Settings kept in another tool's configuration: an AWS profile (`--profile`, `AWS_PROFILE`) or an
 * mc alias (`--alias`). They rank below flags and `STS_CREDS_*` variables and above the `AWS_*`
 * variables and the defaults; {@link applyConfigured} fills in what the flags left unset.
 */
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { CredentialCliOptions } from '../options.js';
import { loadAwsProfile, type ConfiguredEndpoint } from './aws-profile.js';
import { ENV, envValue } from './environment.js';
import { loadMcAlias, mcAliasSts } from './mc-alias.js';
import type { ChainedRole } from './profile-chain.js';

/** What a profile or an alias says, under sts-creds' names. */
export interface ConfiguredSettings {
  /** `AWS profile "minio"`, `mc alias "myminio"`: for messages. */
  origin: string;
  /** The AWS profile's name (not set for an mc alias): a keyring entry of that name may hold its keys. */
  profileName?: string | undefined;
  /** The STS endpoint. */
  endpoint?: string | undefined;
  /** Where {@link ConfiguredSettings.endpoint} was written, e.g. `MC_STS_ENDPOINT_myminio`. */
  endpointOrigin?: string | undefined;
  /** The S3 endpoint, where the credentials are used: a profile's `services` `s3` entry, the mc alias's URL. */
  s3Endpoint?: ConfiguredEndpoint | undefined;
  /** With `source_profile`: the roles taken between the root's keys and the named profile, root side first. */
  chainRoles?: readonly ChainedRole[] | undefined;
  region?: string | undefined;
  /** `duration_seconds`. */
  duration?: string | undefined;
  /** `sts_creds_method`: the method `env` and `exec` run when none is named. */
  method?: string | undefined;
  /** The access key that signs AssumeRole (`aws_access_key_id`, the alias's `accessKey`). */
  accessKeyId?: string | undefined;
  /** `aws_secret_access_key`, the alias's `secretKey`. */
  secretAccessKey?: string | undefined;
  /** `aws_session_token`. */
  sessionToken?: string | undefined;
  /** `sts_creds_user`: the LDAP user (or the access key when `aws_access_key_id` is absent). */
  user?: string | undefined;
  /** `sts_creds_password_file`. */
  passwordFile?: string | undefined;
  /** `sts_creds_token_file`. */
  tokenFile?: string | undefined;
  /** `web_identity_token_file`. */
  webIdentityTokenFile?: string | undefined;
  roleArn?: string | undefined;
  roleSessionName?: string | undefined;
  externalId?: string | undefined;
  /** `mfa_serial`. */
  serialNumber?: string | undefined;
  /** `ca_bundle`. */
  caBundle?: string | undefined;
  /** Every setting of the profile as written (empty for an alias): other sources, such as `sts_creds_keyring`, read it. */
  raw: Readonly<Record<string, string>>;
}

/**
 * The profile (`--profile`, else `$AWS_PROFILE` unless `--alias` is given) or the alias (`--alias`)
 * the run names; undefined when it names none. Neither ~/.aws nor ~/.mc is read unless named.
 * @throws {@link CliUsageError} when both are named, or the one named cannot be found
 */
export async function resolveConfigured(opts: Pick<CredentialCliOptions, 'profile' | 'alias'>, env: CliIo['env'], homedir: string): Promise<ConfiguredSettings | undefined> {
  if (opts.profile !== undefined && opts.alias !== undefined) throw new CliUsageError('use either --profile or --alias, not both');
  if (opts.profile === '' || opts.alias === '') throw new CliUsageError(`--${opts.profile === '' ? 'profile' : 'alias'} is empty: give a name, or leave the flag out`);
  if (opts.alias !== undefined) {
    const alias = await loadMcAlias(opts.alias, env, homedir);
    const s3Endpoint = { url: alias.url, origin: alias.origin };
    const sts = mcAliasSts(opts.alias, env);
    if (sts) {
      // mc's own STS variables: web identity against that endpoint; the credentials are for the alias's URL.
      return {
        origin: alias.origin,
        endpoint: sts.stsEndpoint,
        endpointOrigin: sts.origin,
        s3Endpoint,
        method: 'web-identity',
        webIdentityTokenFile: sts.tokenFile,
        roleArn: sts.roleArn,
        roleSessionName: sts.roleSessionName,
        accessKeyId: alias.accessKey,
        secretAccessKey: alias.secretKey,
        sessionToken: alias.sessionToken,
        raw: {},
      };
    }
    return {
      origin: alias.origin,
      endpoint: alias.url,
      endpointOrigin: alias.origin,
      s3Endpoint,
      accessKeyId: alias.accessKey,
      secretAccessKey: alias.secretKey,
      sessionToken: alias.sessionToken,
      raw: {},
    };
  }
  const name = opts.profile ?? envValue(env, ENV.awsProfile);
  if (name === undefined) return undefined;
  // A profile named only by $AWS_PROFILE (set for other tools, perhaps) that the files lack is ignored;
  // one named with --profile must exist.
  const profile = await loadAwsProfile(name, env, homedir, opts.profile !== undefined);
  if (!profile) return undefined;
  const s = profile.settings;
  return {
    origin: `AWS profile ${JSON.stringify(name)}`,
    // The keyring entry named like a profile is the one of the profile whose keys sign (a chain's root).
    profileName: profile.chain?.rootName ?? name,
    endpoint: profile.stsEndpoint?.url,
    endpointOrigin: profile.stsEndpoint?.origin,
    s3Endpoint: profile.s3Endpoint,
    chainRoles: profile.chain?.between,
    region: s.region,
    duration: s.duration_seconds,
    method: s.sts_creds_method,
    accessKeyId: s.aws_access_key_id,
    secretAccessKey: s.aws_secret_access_key,
    sessionToken: s.aws_session_token,
    user: s.sts_creds_user,
    passwordFile: s.sts_creds_password_file,
    tokenFile: s.sts_creds_token_file,
    webIdentityTokenFile: s.web_identity_token_file,
    roleArn: s.role_arn,
    roleSessionName: s.role_session_name,
    externalId: s.external_id,
    serialNumber: s.mfa_serial,
    caBundle: s.ca_bundle,
    raw: s,
  };
}

/**
 * `opts` with the configured endpoint and CA bundle filled in where no flag gave one: what
 * `doctor` takes from a profile or an alias, and the network part of {@link applyConfigured}. Pure.
 */
export function withConfiguredNetwork<T extends { endpoint?: string | undefined; caBundle?: string | undefined }>(opts: T, configured: ConfiguredSettings | undefined): T {
  if (!configured) return opts;
  const out: T = { ...opts };
  fillUnset(out, 'endpoint', configured.endpoint);
  fillUnset(out, 'caBundle', configured.caBundle);
  return out;
}

/** Sets `out[key]` to `value` where no flag gave one and `value` is not empty. */
function fillUnset<T, K extends keyof T>(out: T, key: K, value: T[K] | undefined): void {
  if (out[key] === undefined && value !== undefined && value !== '') out[key] = value;
}

/**
 * The options with the configured settings filled in where neither a flag nor the matching
 * `STS_CREDS_*` variable gave a value. Secrets are left to {@link resolveSigningKeys}. Pure.
 * @param method - the method that runs (only web-identity reads `web_identity_token_file`)
 */
export function applyConfigured(opts: CredentialCliOptions, configured: ConfiguredSettings | undefined, method: string, env: CliIo['env']): CredentialCliOptions {
  if (!configured) return opts;
  const out = withConfiguredNetwork(opts, configured);
  const fill = <K extends keyof CredentialCliOptions>(key: K, value: CredentialCliOptions[K] | undefined): void => fillUnset(out, key, value);
  fill('region', configured.region);
  fill('duration', configured.duration);
  fill('roleSessionName', configured.roleSessionName);
  fill('externalId', configured.externalId);
  fill('serialNumber', configured.serialNumber);
  if (!envValue(env, ENV.roleArn)) fill('roleArn', configured.roleArn);
  const tokenGiven = opts.token !== undefined || opts.tokenFile !== undefined || opts.tokenStdin || opts.tokenEnv !== undefined || envValue(env, ENV.token);
  if (!tokenGiven) fill('tokenFile', configured.tokenFile ?? (method === 'web-identity' ? configured.webIdentityTokenFile : undefined));
  return out;
}
