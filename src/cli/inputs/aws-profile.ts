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
  const settings: Record<string, string> = {};
  const fileOf: Record<string, string> = {};
  for (const [file, section] of [[configFile, fromConfig], [credentialsFile, fromCredentials]] as const) {
    for (const [key, value] of Object.entries(section ?? {})) {
      if (typeof value !== 'string') continue;
      settings[key] = value;
      fileOf[key] = file;
    }
  }
  const home = envValue(env, 'HOME') ?? homedir;
  const where = (key: string): string => `${key} in AWS profile ${quoteText(name)} of ${shownPath(fileOf[key] ?? configFile, home)}`;
  const services = settings.services ? own(files.configFile, `services.${settings.services}`) : undefined;
  const ignoreEndpoints = settings.ignore_configured_endpoint_urls?.toLowerCase() === 'true';
  const fromServices = services?.['sts.endpoint_url'];
  const stsEndpoint = ignoreEndpoints ? undefined : (fromServices ?? settings.endpoint_url) || undefined;
  const stsEndpointWhere =
    fromServices !== undefined
      ? `sts endpoint_url in services ${quoteText(String(settings.services))} of ${shownPath(configFile, home)}`
      : where('endpoint_url');
  return { name, settings, stsEndpoint, stsEndpointWhere: stsEndpoint === undefined ? undefined : stsEndpointWhere, where, configFile, credentialsFile };
}
