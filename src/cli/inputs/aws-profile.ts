/**
 * A named profile of the AWS shared config and credentials files, read with the AWS SDK's own
 * loader so that sts-creds understands the files exactly as the AWS CLI and SDKs do (`[profile x]`
 * sections, comments, `services` sub-sections). The only importer of `@smithy/shared-ini-file-loader`.
 * sts-creds never writes these files.
 */
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { ENV, envValue } from './environment.js';
import { readConfigFile } from './files.js';
import { resolveProfileChain, type ProfileChain } from './profile-chain.js';

/** An endpoint a configuration file or variable gives, and where it was written (for messages and `doctor`). */
export interface ConfiguredEndpoint {
  url: string;
  /** e.g. `endpoint_url in AWS profile "minio" of "/home/me/.aws/config"`, `MC_STS_ENDPOINT_myminio`. */
  origin: string;
}

/** One profile's settings, as the AWS tools would read them. */
export interface AwsProfile {
  name: string;
  /**
   * Every setting of the profile, keys as written (the credentials file's over the config file's, as
   * the SDK merges them): for sources sts-creds itself does not read (`sts_creds_keyring`).
   */
  settings: Readonly<Record<string, string>>;
  /** The STS endpoint: the `sts` entry of the profile's `services` section, else its `endpoint_url`. */
  stsEndpoint: ConfiguredEndpoint | undefined;
  /** The S3 endpoint: the `s3` entry of the profile's `services` section. */
  s3Endpoint: ConfiguredEndpoint | undefined;
  /**
   * With `source_profile`: the chain down to the profile whose keys sign (its keys, and `sts_creds_keyring`,
   * replace the named profile's in {@link AwsProfile.settings}).
   */
  chain?: ProfileChain | undefined;
  /** The two files, for messages. */
  configFile: string;
  credentialsFile: string;
}

function expandHome(path: string, home: string): string {
  return path.startsWith('~/') ? `${home}/${path.slice(2)}` : path;
}

/** Where the AWS files are: `$AWS_CONFIG_FILE` and `$AWS_SHARED_CREDENTIALS_FILE`, else ~/.aws/config and ~/.aws/credentials. Pure. */
export function awsFilePaths(env: CliIo['env'], homedir: string): { configFile: string; credentialsFile: string } {
  const home = envValue(env, 'HOME') ?? homedir;
  return {
    configFile: expandHome(envValue(env, ENV.awsConfigFile) ?? '~/.aws/config', home),
    credentialsFile: expandHome(envValue(env, ENV.awsCredentialsFile) ?? '~/.aws/credentials', home),
  };
}

/**
 * Loads profile `name`. Both files are read through the CLI's bounded reader (a file others may
 * write is refused) and handed to the SDK's parser, which never reads them itself.
 * @param required - false for a profile named only by `$AWS_PROFILE`, which other tools set too: a missing one is no error
 * @returns undefined when neither file has the profile and it was not required
 * @throws {@link CliUsageError} when neither file has a required profile, or a file cannot be read or parsed
 */
export async function loadAwsProfile(name: string, env: CliIo['env'], homedir: string, required = true): Promise<AwsProfile | undefined> {
  const { configFile, credentialsFile } = awsFilePaths(env, homedir);
  const [configText, credentialsText] = await Promise.all([
    readConfigFile('AWS config file', configFile),
    readConfigFile('AWS credentials file', credentialsFile),
  ]);
  // Loaded here, not at start-up: the loader brings node:fs/promises, about 2 ms that runs without a
  // profile would pay for nothing.
  const { externalDataInterceptor, loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
  // The SDK's loader takes file contents from its interceptor before it would read the disk.
  externalDataInterceptor.interceptFile(configFile, configText ?? '');
  externalDataInterceptor.interceptFile(credentialsFile, credentialsText ?? '');
  let files: Awaited<ReturnType<typeof loadSharedConfigFiles>>;
  try {
    files = await loadSharedConfigFiles({ filepath: credentialsFile, configFilepath: configFile, ignoreCache: true });
  } catch {
    // The parser refuses only names such as `__proto__`; its message is not needed.
    throw new CliUsageError(`cannot use the AWS config files ${JSON.stringify(configFile)} and ${JSON.stringify(credentialsFile)}: a forbidden section name`);
  }
  const own = <T>(record: Record<string, T>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);
  const fromConfig = own(files.configFile, name);
  const fromCredentials = own(files.credentialsFile, name);
  if (!fromConfig && !fromCredentials) {
    if (!required) return undefined;
    throw new CliUsageError(
      `AWS profile ${JSON.stringify(name)} not found in ${JSON.stringify(configFile)} or ${JSON.stringify(credentialsFile)}` +
        ' (create it with aws configure --profile NAME; -o ini takes its section name from --ini-section)',
    );
  }
  let settings: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...fromConfig, ...fromCredentials })) if (typeof value === 'string') settings[key] = value;
  const chain = resolveProfileChain(name, settings, { ...files, configPath: configFile, credentialsPath: credentialsFile }, required);
  // A chained profile signs with its root's keys; where it leaves the endpoints, region or CA bundle unset,
  // the nearest profile down the chain that sets them speaks for it (they all talk to one server).
  const links = chain?.settings ?? [settings];
  const linkNames = chain?.names ?? [name];
  const first = <T>(pick: (profile: Readonly<Record<string, string>>, profileName: string) => T | undefined): T | undefined => {
    for (const [i, link] of links.entries()) {
      const value = pick(link, linkNames[i] ?? name);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const endpointOf = (service: 'sts' | 's3') => (profile: Readonly<Record<string, string>>, profileName: string): ConfiguredEndpoint | undefined => {
    if (profile.ignore_configured_endpoint_urls?.toLowerCase() === 'true') return undefined;
    const where = `AWS profile ${JSON.stringify(profileName)} of ${JSON.stringify(configFile)}`;
    const section = profile.services;
    const fromServices = section ? own(files.configFile, `services.${section}`)?.[`${service}.endpoint_url`] : undefined;
    if (fromServices) return { url: fromServices, origin: `${service} endpoint_url of [services ${section}] (${where})` };
    if (service === 'sts' && profile.endpoint_url) return { url: profile.endpoint_url, origin: `endpoint_url in ${where}` };
    return undefined;
  };
  if (chain) {
    settings = { ...settings };
    for (const key of KEY_SETTINGS) {
      const value = chain.root[key];
      if (value === undefined) delete settings[key];
      else settings[key] = value;
    }
    for (const key of ['region', 'ca_bundle']) {
      const value = first((p) => p[key]);
      if (value !== undefined) settings[key] = value;
    }
  }
  return {
    name,
    settings,
    stsEndpoint: first(endpointOf('sts')),
    s3Endpoint: first(endpointOf('s3')),
    chain,
    configFile,
    credentialsFile,
  };
}

/** What a chain's root lends the named profile: the keys that sign. */
const KEY_SETTINGS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'sts_creds_keyring'] as const;
