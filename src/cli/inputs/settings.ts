/**
 * The run's settings, each resolved from an ordered list of named sources (a flag, an `STS_CREDS_*`
 * variable, the profile or alias the run names, an `AWS_*` variable, a default), keeping where the value
 * came from: every message about a value names the place the user wrote it (`--duration`,
 * `duration_seconds in AWS profile "x" of ~/.aws/config`, `MC_HOST_x`, `AWS_REGION`), or says it is a default.
 *
 * Adding a setting:
 * 1. If a profile key or an alias field gives it, add the field to {@link ConfiguredSettings} and read it in
 *    `resolveConfigured` (configured.ts), with the place it came from.
 * 2. Add one entry to {@link SETTINGS}: its sources, first wins (`fromFlag`, `fromEnv`, `fromConfigured`,
 *    `byDefault`).
 * 3. Read it with `settings.get('name')` (a {@link Sourced} value or undefined), and name
 *    `value.origin.label` in any message about it (`parseSourcedDuration` shows the way).
 * `doctor` and the credential commands both read {@link RunSettings}, so a setting is honoured by both.
 */
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { OptionSpec } from '../options.js';
import { parseDuration } from '../parse-duration.js';
import type { ConfiguredField, ConfiguredSettings } from './configured.js';
import { DEFAULT_ENDPOINT, ENV, hasPath } from './environment.js';

/** Where a value came from. */
export interface Origin {
  readonly kind: 'flag' | 'env' | 'configured' | 'default';
  /** As the user wrote it: `--duration`, `AWS_REGION`, `role_arn in AWS profile "x" of ~/.aws/config`, `the default`. */
  readonly label: string;
}

/** A value and where it came from. */
export interface Sourced<T = string> {
  readonly value: T;
  readonly origin: Origin;
}

/** What the sources read: the parsed flags, the environment, the profile or alias, and the command's option table. */
export interface SettingInputs {
  /** The parsed options, by commander key. */
  readonly flags: object;
  readonly env: CliIo['env'];
  readonly configured: ConfiguredSettings | undefined;
  /** The options the command takes: flag labels are derived from them (`-e/--duration`). */
  readonly specs: readonly OptionSpec[];
  /** Flags given under another name (`--sts-ep` for `endpoint`), by option key. */
  readonly writtenAs?: Readonly<Record<string, string>> | undefined;
}

/** One named source of a setting: its value, or undefined when it gives none. */
export type Source = (inputs: SettingInputs) => Sourced | undefined;


/** commander's key of a long flag: `--role-arn` is `roleArn`. */
function optionKey(long: string): string {
  return long.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** How a flag is named in messages, from the option table: `-e/--duration`, `--role-arn`; the name written when an alias was used. */
export function flagLabel(key: string, inputs: Pick<SettingInputs, 'specs' | 'writtenAs'>): string {
  const written = inputs.writtenAs?.[key];
  if (written !== undefined) return written;
  for (const spec of inputs.specs) {
    const names = spec.flags.split(/[ ,]+/).filter((part) => part.startsWith('-'));
    const long = names.find((name) => name.startsWith('--'));
    if (long !== undefined && optionKey(long) === key) return names.join('/');
  }
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The flag whose commander key is `key` (an empty value counts: an empty flag is a mistake, not a wish for the default). */
export const fromFlag =
  (key: string): Source =>
  (inputs) => {
    const value = (inputs.flags as Readonly<Record<string, unknown>>)[key];
    return typeof value === 'string' ? { value, origin: { kind: 'flag', label: flagLabel(key, inputs) } } : undefined;
  };

/** The first of the variables that is set and not empty (`AWS_REGION= cmd` clears one for a command). */
export const fromEnv =
  (...names: readonly string[]) =>
  (inputs: Pick<SettingInputs, 'env'>): Sourced | undefined => {
    for (const name of names) {
      const value = inputs.env[name];
      if (value) return { value, origin: { kind: 'env', label: name } };
    }
    return undefined;
  };

/** The profile's or alias's value of `field`, when not empty. */
export const fromConfigured =
  (field: ConfiguredField): Source =>
  (inputs) => {
    const value = inputs.configured?.[field];
    return typeof value === 'string' && value !== '' ? { value, origin: { kind: 'configured', label: inputs.configured!.where(field) } } : undefined;
  };

/** `AWS_ENDPOINT_URL` as the S3 endpoint: every AWS service reads it, S3 too; but an STS path is never an S3 endpoint. */
const fromGenericEndpoint: Source = (inputs) => {
  const found = fromEnv(ENV.genericEndpoint)(inputs);
  return found && !hasPath(found.value) ? found : undefined;
};

/** A fixed value, said to be the default in messages. */
export const byDefault =
  (value: string): Source =>
  () => ({ value, origin: { kind: 'default', label: `the default (${value})` } });

/**
 * Every setting and its sources, first wins: flags, then `STS_CREDS_*`, then the profile or alias, then
 * `AWS_*`, then the default (docs/cli.md, "Profiles, mc aliases and precedence").
 */
export const SETTINGS = {
  endpoint: [fromFlag('endpoint'), fromConfigured('endpoint'), fromEnv(...ENV.endpoint), byDefault(DEFAULT_ENDPOINT)],
  /** Where the credentials are used; with none of these, endpoints.ts takes the STS endpoint when it has no path. */
  s3Endpoint: [fromFlag('s3Endpoint'), fromConfigured('s3Endpoint'), fromEnv(ENV.s3Endpoint), fromGenericEndpoint],
  region: [fromFlag('region'), fromConfigured('region'), fromEnv(...ENV.region)],
  caBundle: [fromFlag('caBundle'), fromConfigured('caBundle'), fromEnv(ENV.caBundle)],
  timeout: [fromFlag('timeout')],
  retries: [fromFlag('retries')],
  duration: [fromFlag('duration'), fromConfigured('duration')],
  /** assume-role and client-grants: `STS_CREDS_ROLE_ARN` is custom-token's, `AWS_ROLE_ARN` web-identity's. */
  roleArn: [fromFlag('roleArn'), fromConfigured('roleArn')],
  customTokenRoleArn: [fromFlag('roleArn'), fromEnv(ENV.roleArn), fromConfigured('roleArn')],
  /** ldap: SeaweedFS requires a role (MinIO ignores it). */
  ldapRoleArn: [fromFlag('roleArn'), fromEnv(ENV.roleArn), fromConfigured('roleArn')],
  webIdentityRoleArn: [fromFlag('roleArn'), fromConfigured('roleArn'), fromEnv(ENV.awsRoleArn)],
  roleSessionName: [fromFlag('roleSessionName'), fromConfigured('roleSessionName')],
  webIdentityRoleSessionName: [fromFlag('roleSessionName'), fromConfigured('roleSessionName'), fromEnv(ENV.awsRoleSessionName)],
  externalId: [fromFlag('externalId'), fromConfigured('externalId')],
  serialNumber: [fromFlag('serialNumber'), fromConfigured('serialNumber')],
  /** The token file a profile names, below every token flag and `STS_CREDS_TOKEN` (secrets.ts reads those). */
  tokenFile: [fromConfigured('tokenFile')],
  webIdentityTokenFile: [fromConfigured('tokenFile'), fromConfigured('webIdentityTokenFile')],
  /** `sts_creds_method`: what `env` and `exec` run when no method is named. */
  method: [fromConfigured('method')],
  refreshBefore: [fromFlag('refreshBefore'), byDefault('5m')],
} as const satisfies Record<string, readonly Source[]>;

/** A setting's name. */
export type SettingName = keyof typeof SETTINGS;

/** The first value `sources` give, with its origin; undefined when none gives one. Pure. */
export function resolveSetting(sources: readonly Source[], inputs: SettingInputs): Sourced | undefined {
  for (const source of sources) {
    const found = source(inputs);
    if (found) return found;
  }
  return undefined;
}

/** The settings that may give each library parameter (or client option), for messages about a value the library refused. */
const SETTINGS_OF_FIELD: Readonly<Record<string, readonly SettingName[]>> = {
  endpoint: ['endpoint'],
  region: ['region'],
  durationSeconds: ['duration'],
  roleArn: ['roleArn', 'customTokenRoleArn', 'webIdentityRoleArn'],
  roleSessionName: ['roleSessionName', 'webIdentityRoleSessionName'],
  externalId: ['externalId'],
  serialNumber: ['serialNumber'],
};

/** The settings of one run: each read through {@link SETTINGS}, once. */
export interface RunSettings {
  get(name: SettingName): Sourced | undefined;
  /**
   * Where the value of a library parameter (`durationSeconds`, `roleArn`) read by this run was written, if a
   * setting gave it: a value the library refuses is reported there, not at a flag the user may not have typed.
   */
  originOf(field: string): Origin | undefined;
  /** The profile or alias the run names (its secrets are read by signing-keys.ts). */
  readonly configured: ConfiguredSettings | undefined;
  readonly inputs: SettingInputs;
}

/** The run's settings over its inputs. Pure. */
export function runSettings(inputs: SettingInputs): RunSettings {
  const memo = new Map<SettingName, Sourced | undefined>();
  return {
    get(name) {
      if (!memo.has(name)) memo.set(name, resolveSetting(SETTINGS[name], inputs));
      return memo.get(name);
    },
    originOf(field) {
      for (const name of SETTINGS_OF_FIELD[field] ?? []) {
        const read = memo.get(name);
        if (read) return read.origin;
      }
      return undefined;
    },
    configured: inputs.configured,
    inputs,
  };
}

/** A duration setting in whole seconds; undefined when absent. @throws {@link CliUsageError} naming where it was written */
export function parseSourcedDuration(setting: Sourced | undefined): number | undefined {
  if (setting === undefined) return undefined;
  const parsed = parseDuration(setting.value);
  if ('error' in parsed) throw new CliUsageError(`invalid ${setting.origin.label}: ${parsed.error}`);
  return parsed.seconds;
}

/** A string setting's value, an empty one as absent. */
export function valueOf(setting: Sourced | undefined): string | undefined {
  return setting?.value || undefined;
}

/**
 * Runs `work` on a setting's value; a usage error it raises names where the value was written, when not a flag
 * (`cannot read CA bundle "/x": ENOENT (ca_bundle in AWS profile "p" of ~/.aws/config)`).
 */
export async function citing<T>(setting: Sourced, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliUsageError && setting.origin.kind !== 'flag') throw new CliUsageError(`${error.message} (${setting.origin.label})`);
    throw error;
  }
}
