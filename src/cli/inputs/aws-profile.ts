/**
 * A named profile of the AWS shared config and credentials files, read with the AWS SDK's own
 * loader so that sts-creds understands the files exactly as the AWS CLI and SDKs do (`[profile x]`
 * sections, comments, `services` sub-sections). The only importer of `@smithy/shared-ini-file-loader`.
 * sts-creds never writes these files.
 */
import { CliUsageError } from '../errors.js';
import { quoteText } from '../../text/quote-text.js';
import type { CliIo } from '../io.js';
import { ENV, envValue, shownPath } from './environment.js';
import { readConfigFile } from './files.js';
import { resolveProfileChain, type ProfileChain } from './profile-chain.js';

/** One profile's settings, as the AWS tools would read them. */
export interface AwsProfile {
  name: string;
  /**
   * Every setting of the profile, keys as written (the credentials file's over the config file's, as
   * the SDK merges them): for sources sts-creds itself does not read (`sts_creds_keyring`).
   */
  settings: Readonly<Record<string, string>>;
  /** The STS endpoint: the `sts` entry of the profile's `services` section, else its `endpoint_url`. */
  stsEndpoint: string | undefined;
  /** Where {@link AwsProfile.stsEndpoint} is written, for messages: `endpoint_url in AWS profile "x" of ~/.aws/config`. */
  stsEndpointWhere: string | undefined;
  /** The S3 endpoint: the `s3` entry of the profile's `services` section. */
  s3Endpoint: string | undefined;
  s3EndpointWhere: string | undefined;
  /**
   * With `source_profile`: the chain down to the profile whose keys sign. That profile's keys (and
   * `sts_creds_keyring`) stand in {@link AwsProfile.settings} for the named profile's.
   */
  chain?: ProfileChain | undefined;
  /** Where a key of {@link AwsProfile.settings} is written, for messages: `region in AWS profile "x" of ~/.aws/config`. */
  where(key: string): string;
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
    throw new CliUsageError(`cannot use the AWS config files ${quoteText(configFile)} and ${quoteText(credentialsFile)}: a forbidden section name`);
  }
  const own = <T>(record: Record<string, T>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);
  const fromConfig = own(files.configFile, name);
  const fromCredentials = own(files.credentialsFile, name);
  if (!fromConfig && !fromCredentials) {
    if (!required) return undefined;
    throw new CliUsageError(
      `AWS profile ${quoteText(name)} not found in ${quoteText(configFile)} or ${quoteText(credentialsFile)}` +
        ' (create it with aws configure --profile NAME; -o ini takes its section name from --ini-section)',
    );
  }
  const home = envValue(env, 'HOME') ?? homedir;
  const read = (profileName: string): { settings: Record<string, string>; where: (key: string) => string } => {
    const settings: Record<string, string> = {};
    const fileOf: Record<string, string> = {};
    for (const [file, section] of [[configFile, own(files.configFile, profileName)], [credentialsFile, own(files.credentialsFile, profileName)]] as const) {
      for (const [key, value] of Object.entries(section ?? {})) {
        if (typeof value !== 'string') continue;
        settings[key] = value;
        fileOf[key] = file;
      }
    }
    return { settings, where: (key) => `${key} in AWS profile ${quoteText(profileName)} of ${shownPath(fileOf[key] ?? configFile, home)}` };
  };
  const named = read(name);
  const settings = { ...named.settings };
  let where = named.where;
  const chain = resolveProfileChain(name, named.settings, { ...files, configPath: shownPath(configFile, home), credentialsPath: shownPath(credentialsFile, home) }, required);
  // A chained profile signs with its root's keys; where it leaves the endpoints, region or CA bundle unset,
  // the nearest profile down the chain that sets them speaks for it (they all talk to one server).
  const links = (chain?.names ?? [name]).map(read);
  const first = <T>(pick: (link: (typeof links)[number]) => T | undefined): T | undefined => {
    for (const link of links) {
      const value = pick(link);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const endpointOf = (service: 'sts' | 's3') => (link: (typeof links)[number]): { url: string; where: string } | undefined => {
    const p = link.settings;
    if (p.ignore_configured_endpoint_urls?.toLowerCase() === 'true') return undefined;
    const fromServices = p.services ? own(files.configFile, `services.${p.services}`)?.[`${service}.endpoint_url`] : undefined;
    if (fromServices) return { url: fromServices, where: `${service} endpoint_url in services ${quoteText(String(p.services))} of ${shownPath(configFile, home)}` };
    return service === 'sts' && p.endpoint_url ? { url: p.endpoint_url, where: link.where('endpoint_url') } : undefined;
  };
  if (chain) {
    const root = links[links.length - 1]!;
    const borrowed = new Map<string, (key: string) => string>();
    for (const key of KEY_SETTINGS) {
      delete settings[key];
      if (root.settings[key] !== undefined) {
        settings[key] = root.settings[key];
        borrowed.set(key, root.where);
      }
    }
    for (const key of ['region', 'ca_bundle']) {
      const link = first((l) => (l.settings[key] !== undefined ? l : undefined));
      if (link && settings[key] === undefined) {
        settings[key] = link.settings[key]!;
        borrowed.set(key, link.where);
      }
    }
    where = (key) => (borrowed.get(key) ?? named.where)(key);
  }
  const sts = first(endpointOf('sts'));
  const s3 = first(endpointOf('s3'));
  return {
    name,
    settings,
    stsEndpoint: sts?.url,
    stsEndpointWhere: sts?.where,
    s3Endpoint: s3?.url,
    s3EndpointWhere: s3?.where,
    chain,
    where,
    configFile,
    credentialsFile,
  };
}

/** What a chain's root lends the named profile: the keys that sign. */
const KEY_SETTINGS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'sts_creds_keyring'] as const;
