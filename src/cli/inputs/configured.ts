/**
 * Settings kept in another tool's configuration: an AWS profile (`--profile`, `AWS_PROFILE`) or an
 * mc alias (`--alias`), each value with the place it is written. They rank below flags and
 * `STS_CREDS_*` variables and above the `AWS_*` variables and the defaults: settings.ts walks the sources.
 */
import { CliUsageError } from '../errors.js';
import { quoteText } from '../../text/quote-text.js';
import type { CliIo } from '../io.js';
import { loadAwsProfile } from './aws-profile.js';
import { ENV, envValue } from './environment.js';
import { expandHome } from './expand-home.js';
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
  /** The S3 endpoint the credentials are for: a profile's `services` `s3` entry, the mc alias's URL. */
  s3Endpoint?: string | undefined;
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
  /** Where a field is written, for messages: `duration_seconds in AWS profile "x" of ~/.aws/config`, `MC_HOST_x`. */
  where(field: ConfiguredField): string;
}

/** The fields of {@link ConfiguredSettings} that hold one setting's value. */
export type ConfiguredField = {
  [K in keyof ConfiguredSettings]-?: undefined extends ConfiguredSettings[K] ? (K extends 'profileName' | 'chainRoles' ? never : K) : never;
}[keyof ConfiguredSettings];

/** The profile key of each field. */
const PROFILE_KEYS: Record<Exclude<ConfiguredField, 'endpoint' | 's3Endpoint'>, string> = {
  region: 'region',
  duration: 'duration_seconds',
  method: 'sts_creds_method',
  accessKeyId: 'aws_access_key_id',
  secretAccessKey: 'aws_secret_access_key',
  sessionToken: 'aws_session_token',
  user: 'sts_creds_user',
  passwordFile: 'sts_creds_password_file',
  tokenFile: 'sts_creds_token_file',
  webIdentityTokenFile: 'web_identity_token_file',
  roleArn: 'role_arn',
  roleSessionName: 'role_session_name',
  externalId: 'external_id',
  serialNumber: 'mfa_serial',
  caBundle: 'ca_bundle',
};

/** The mc alias field of each field an alias has. */
const ALIAS_FIELDS: Partial<Record<ConfiguredField, string>> = { endpoint: 'url', s3Endpoint: 'url', accessKeyId: 'accessKey', secretAccessKey: 'secretKey', sessionToken: 'sessionToken' };

/**
 * The profile (`--profile`, else `$AWS_PROFILE` unless `--alias` is given) or the alias (`--alias`)
 * the run names; undefined when it names none. Neither ~/.aws nor ~/.mc is read unless named.
 * @throws {@link CliUsageError} when both are named, or the one named cannot be found
 */
export async function resolveConfigured(opts: { profile?: string | undefined; alias?: string | undefined }, env: CliIo['env'], homedir: string): Promise<ConfiguredSettings | undefined> {
  if (opts.profile !== undefined && opts.alias !== undefined) throw new CliUsageError('use either --profile or --alias, not both');
  if (opts.profile === '' || opts.alias === '') throw new CliUsageError(`--${opts.profile === '' ? 'profile' : 'alias'} is empty: give a name, or leave the flag out`);
  if (opts.alias !== undefined) {
    const alias = await loadMcAlias(opts.alias, env, homedir);
    const aliasWhere = (field: ConfiguredField): string => alias.where(ALIAS_FIELDS[field] ?? field);
    const sts = mcAliasSts(opts.alias, env);
    if (sts) {
      // mc's own STS variables: web identity against that endpoint; the credentials are for the alias's URL.
      const stsWhere: Partial<Record<ConfiguredField, string>> = {
        endpoint: sts.origin,
        webIdentityTokenFile: `MC_WEB_IDENTITY_TOKEN_FILE_${opts.alias}`,
        roleArn: `MC_ROLE_ARN_${opts.alias}`,
        roleSessionName: `MC_ROLE_SESSION_NAME_${opts.alias}`,
        method: sts.origin,
      };
      return {
        origin: alias.origin,
        endpoint: sts.stsEndpoint,
        s3Endpoint: alias.url,
        method: 'web-identity',
        webIdentityTokenFile: sts.tokenFile,
        roleArn: sts.roleArn,
        roleSessionName: sts.roleSessionName,
        accessKeyId: alias.accessKey,
        secretAccessKey: alias.secretKey,
        sessionToken: alias.sessionToken,
        raw: {},
        where: (field) => stsWhere[field] ?? aliasWhere(field),
      };
    }
    return {
      origin: alias.origin,
      endpoint: alias.url,
      s3Endpoint: alias.url,
      accessKeyId: alias.accessKey,
      secretAccessKey: alias.secretKey,
      sessionToken: alias.sessionToken,
      raw: {},
      where: aliasWhere,
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
    origin: `AWS profile ${quoteText(name)}`,
    // The keyring entry named like a profile is the one of the profile whose keys sign (a chain's root).
    profileName: profile.chain?.rootName ?? name,
    endpoint: profile.stsEndpoint,
    s3Endpoint: profile.s3Endpoint,
    chainRoles: profile.chain?.between,
    region: s.region,
    duration: s.duration_seconds,
    method: s.sts_creds_method,
    accessKeyId: s.aws_access_key_id,
    secretAccessKey: s.aws_secret_access_key,
    sessionToken: s.aws_session_token,
    user: s.sts_creds_user,
    passwordFile: expandHome(s.sts_creds_password_file, homedir),
    tokenFile: expandHome(s.sts_creds_token_file, homedir),
    webIdentityTokenFile: expandHome(s.web_identity_token_file, homedir),
    roleArn: s.role_arn,
    roleSessionName: s.role_session_name,
    externalId: s.external_id,
    serialNumber: s.mfa_serial,
    caBundle: expandHome(s.ca_bundle, homedir),
    raw: s,
    where: (field) =>
      field === 'endpoint'
        ? (profile.stsEndpointWhere ?? profile.where('endpoint_url'))
        : field === 's3Endpoint'
          ? (profile.s3EndpointWhere ?? 's3 endpoint_url in the services section')
          : profile.where(PROFILE_KEYS[field]),
  };
}
