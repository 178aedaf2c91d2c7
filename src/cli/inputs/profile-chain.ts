/**
 * AWS profiles chained by `source_profile`, as the AWS CLI, aws-vault and granted follow them: the named
 * profile's keys come from its source profile, whose own may come from another, down to a root that
 * holds long-term keys (in the credentials file, or in the OS keyring). Each profile on the way that
 * has a `role_arn` is one AssumeRole, signed with what the profile below it yields. Pure: it works on
 * the files as the SDK's loader parsed them.
 */
import { quoteText } from '../../text/quote-text.js';
import { CliUsageError } from '../errors.js';

/** The two AWS files as parsed: profile name to settings (`[profile x]` in config is `x`). */
export interface ParsedAwsFiles {
  configFile: Readonly<Record<string, Readonly<Record<string, string | undefined>>>>;
  credentialsFile: Readonly<Record<string, Readonly<Record<string, string | undefined>>>>;
  /** The paths, for messages. */
  configPath: string;
  credentialsPath: string;
}

/** A role taken on the way from the root to the named profile. */
export interface ChainedRole {
  /** The profile that names the role. */
  profile: string;
  roleArn: string;
  roleSessionName: string | undefined;
  externalId: string | undefined;
}

/** Where a chain ends, and the roles between. */
export interface ProfileChain {
  /** The profiles from the named one to the root, e.g. `['app', 'admin', 'base']`. */
  names: string[];
  /** The root profile's settings: its keys (or `sts_creds_keyring`) sign the first call. */
  root: Readonly<Record<string, string>>;
  /** The root's name. */
  rootName: string;
  /**
   * The roles of the profiles strictly between the root and the named profile, root side first: each one
   * is an AssumeRole whose credentials sign the next (the named profile's own `role_arn` is the run's call).
   */
  between: ChainedRole[];
  /** Every profile on the chain, for settings the named profile leaves unset (endpoint, region, CA bundle). */
  settings: ReadonlyArray<Readonly<Record<string, string>>>;
}

/** Keys that get credentials some way sts-creds does not chain from: refused by name, never ignored. */
const UNSUPPORTED: ReadonlyArray<readonly [string, string]> = [
  ['credential_source', 'name a source_profile that holds keys instead'],
  ['sso_session', 'AWS IAM Identity Center (SSO) profiles are not supported'],
  ['sso_start_url', 'AWS IAM Identity Center (SSO) profiles are not supported'],
  ['credential_process', 'a source profile must hold keys, not run a credential_process'],
  ['web_identity_token_file', 'a source profile must hold keys; use web-identity with that profile directly'],
];

/** What the named profile itself may not use: it may run sts-creds as its credential_process, or hold a token file for web-identity. */
const TARGET_UNSUPPORTED = ['credential_source', 'sso_session', 'sso_start_url'];

/** One profile's settings, the credentials file's over the config file's (as the SDK merges them); undefined when neither has it. */
function profileSettings(files: ParsedAwsFiles, name: string): Record<string, string> | undefined {
  const own = <T>(record: Readonly<Record<string, T>>): T | undefined => (Object.hasOwn(record, name) ? record[name] : undefined);
  const fromConfig = own(files.configFile);
  const fromCredentials = own(files.credentialsFile);
  if (!fromConfig && !fromCredentials) return undefined;
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...fromConfig, ...fromCredentials })) if (typeof value === 'string') settings[key] = value;
  return settings;
}

const quote = (name: string): string => quoteText(name);

/**
 * Follows `source_profile` from profile `name` (whose settings are `start`) to the root. A profile that
 * names itself and holds keys is a root, as in the AWS CLI.
 * @param named - false for a profile named only by `$AWS_PROFILE`
 * @returns undefined when `start` has no `source_profile`
 * @throws {@link CliUsageError} for a missing source, a cycle, a root without keys, or a key sts-creds does not follow
 */
export function resolveProfileChain(name: string, start: Readonly<Record<string, string>>, files: ParsedAwsFiles, named = true): ProfileChain | undefined {
  if (start.source_profile === undefined) {
    // A profile named only by $AWS_PROFILE (set for other tools) lends its endpoint and region; its credential source is not refused.
    if (named) refuseUnsupported(name, start, files, TARGET_UNSUPPORTED);
    return undefined;
  }
  const names = [name];
  const settings: Array<Readonly<Record<string, string>>> = [start];
  let current = start;
  let currentName = name;
  for (;;) {
    const unsupported = currentName === name ? TARGET_UNSUPPORTED : UNSUPPORTED.map(([key]) => key);
    refuseUnsupported(currentName, current, files, unsupported);
    const source = current.source_profile;
    if (source === undefined || (source === currentName && hasKeys(current))) break;
    if (source === '') throw new CliUsageError(`source_profile in AWS profile ${quote(currentName)} of ${quote(files.configPath)} is empty`);
    if (names.includes(source)) {
      throw new CliUsageError(`AWS profiles ${[...names, source].map(quote).join(' -> ')} form a cycle through source_profile (in ${quote(files.configPath)})`);
    }
    const next = profileSettings(files, source);
    if (!next) {
      throw new CliUsageError(
        `source_profile ${quote(source)} of AWS profile ${quote(currentName)} is not in ${quote(files.configPath)} or ${quote(files.credentialsPath)}`,
      );
    }
    names.push(source);
    settings.push(next);
    current = next;
    currentName = source;
  }
  if (!hasKeys(current) && current.sts_creds_keyring === undefined) {
    throw new CliUsageError(
      `AWS profile ${quote(currentName)} (the source_profile of ${quote(names[names.length - 2] ?? name)}) holds no keys: ` +
        `give it aws_access_key_id and aws_secret_access_key (in ${quote(files.credentialsPath)}) or sts_creds_keyring`,
    );
  }
  const between: ChainedRole[] = [];
  // From the profile just above the root up to (not including) the named one.
  for (let i = settings.length - 2; i >= 1; i--) {
    const link = settings[i]!;
    if (link.role_arn) between.push({ profile: names[i]!, roleArn: link.role_arn, roleSessionName: link.role_session_name, externalId: link.external_id });
  }
  return { names, root: current, rootName: currentName, between, settings };
}

function hasKeys(settings: Readonly<Record<string, string>>): boolean {
  return Boolean(settings.aws_access_key_id && settings.aws_secret_access_key);
}

function refuseUnsupported(name: string, settings: Readonly<Record<string, string>>, files: ParsedAwsFiles, keys: readonly string[]): void {
  for (const [key, why] of UNSUPPORTED) {
    if (keys.includes(key) && settings[key] !== undefined) {
      throw new CliUsageError(`${key} in AWS profile ${quote(name)} of ${quote(files.configPath)} is not supported by sts-creds: ${why}`);
    }
  }
}
