/**
 * An alias of MinIO's client, `mc`: what `mc alias set NAME URL ACCESS SECRET` wrote to
 * `$MC_CONFIG_DIR/config.json` (default ~/.mc/config.json), or, as mc itself prefers it, the
 * variable `MC_HOST_<NAME>=https://ACCESS:SECRET@host`. sts-creds never writes mc's files.
 */
import { CliUsageError } from '../errors.js';
import { quoteText } from '../../text/quote-text.js';
import type { CliIo } from '../io.js';
import { ENV, envValue, shownPath } from './environment.js';
import { readConfigFile } from './files.js';
import { jsonErrorOffset } from '../../text/json-error-offset.js';

/** One mc alias: the server's URL and the keys that sign requests to it. */
export interface McAlias {
  name: string;
  url: string;
  accessKey: string | undefined;
  secretKey: string | undefined;
  /** `MC_HOST_<NAME>` only. */
  sessionToken: string | undefined;
  /** Where it came from, for messages: `MC_HOST_x`, `mc alias "x"`. */
  origin: string;
  /** Where a field (`url`, `accessKey`) is written, for messages: `MC_HOST_x`, `url of mc alias "x" in ~/.mc/config.json`. */
  where(field: string): string;
}

/** mc's config.json path. Pure. */
export function mcConfigPath(env: CliIo['env'], homedir: string): string {
  const dir = envValue(env, ENV.mcConfigDir) ?? `${envValue(env, 'HOME') ?? homedir}/.mc`;
  return `${dir.replace(/\/+$/, '')}/config.json`;
}

/** `MC_HOST_<NAME>` (`scheme://ACCESS:SECRET[:TOKEN]@host[:port]`), as mc reads it. Pure. */
export function parseMcHost(name: string, value: string): McAlias {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliUsageError(`MC_HOST_${name} is not a URL (scheme://ACCESS:SECRET@host:port)`);
  }
  let parts: Array<string | undefined>;
  try {
    parts = [url.username, ...url.password.split(':')].map((part) => (part ? decodeURIComponent(part) : undefined));
  } catch {
    // decodeURIComponent's own message ("URI malformed") names neither the variable nor the problem.
    throw new CliUsageError(`MC_HOST_${name} has a malformed %-escape in its keys (write % as %25)`);
  }
  const [accessKey, secretKey, sessionToken] = parts;
  url.username = '';
  url.password = '';
  const origin = `MC_HOST_${name}`;
  return { name, url: url.href.replace(/\/$/, ''), accessKey, secretKey, sessionToken, origin, where: () => origin };
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Alias `name`: `MC_HOST_<name>` when set (as mc does), else the entry of mc's config.json.
 * @throws {@link CliUsageError} when there is no such alias or the file cannot be read or parsed
 */
export async function loadMcAlias(name: string, env: CliIo['env'], homedir: string): Promise<McAlias> {
  const fromEnv = envValue(env, `MC_HOST_${name}`);
  if (fromEnv) return parseMcHost(name, fromEnv);
  const path = mcConfigPath(env, homedir);
  const text = await readConfigFile('mc config file', path);
  if (text === undefined) throw new CliUsageError(`no mc config file ${quoteText(path)}: create the alias with mc alias set ${quoteText(name)} URL ACCESS-KEY SECRET-KEY`);
  const offset = jsonErrorOffset(text);
  if (offset !== undefined) throw new CliUsageError(`mc config file ${quoteText(path)} is not valid JSON (at offset ${offset})`);
  const aliases = (JSON.parse(text) as { aliases?: unknown } | null)?.aliases;
  const entry = aliases && typeof aliases === 'object' && Object.hasOwn(aliases, name) ? (aliases as Record<string, unknown>)[name] : undefined;
  if (!entry || typeof entry !== 'object') {
    const known = aliases && typeof aliases === 'object' ? Object.keys(aliases).sort().map(quoteText).join(', ') : '';
    throw new CliUsageError(`mc alias ${quoteText(name)} not found in ${quoteText(path)}${known ? ` (it has: ${known})` : ''}`);
  }
  const fields = entry as Record<string, unknown>;
  const url = asString(fields.url);
  if (!url) throw new CliUsageError(`mc alias ${quoteText(name)} in ${quoteText(path)} has no url`);
  const home = envValue(env, 'HOME') ?? homedir;
  return {
    name,
    url,
    accessKey: asString(fields.accessKey),
    secretKey: asString(fields.secretKey),
    sessionToken: asString(fields.sessionToken),
    origin: `mc alias ${quoteText(name)}`,
    where: (field) => `${field} of mc alias ${quoteText(name)} in ${shownPath(path, home)}`,
  };
}

/**
 * mc's STS settings of alias `name`, from mc's own variables: `MC_STS_ENDPOINT_<name>` (where mc gets web
 * identity credentials for the alias), `MC_WEB_IDENTITY_TOKEN_FILE_<name>`, `MC_ROLE_ARN_<name>` and
 * `MC_ROLE_SESSION_NAME_<name>` (which mc uses only with the token file). Undefined when
 * `MC_STS_ENDPOINT_<name>` is unset or empty, as mc ignores the others then. Pure.
 */
export interface McAliasSts {
  /** `MC_STS_ENDPOINT_<name>`: the STS endpoint, e.g. `https://sts.minio-operator.svc.cluster.local:4223/sts/tenant-ns`. */
  stsEndpoint: string;
  /** `MC_WEB_IDENTITY_TOKEN_FILE_<name>`. */
  tokenFile: string | undefined;
  /** `MC_ROLE_ARN_<name>` (with the token file only). */
  roleArn: string | undefined;
  /** `MC_ROLE_SESSION_NAME_<name>` (with the token file only). */
  roleSessionName: string | undefined;
  /** The variable that set the endpoint, for messages. */
  origin: string;
}

/** See {@link McAliasSts}. Pure. */
export function mcAliasSts(name: string, env: CliIo['env']): McAliasSts | undefined {
  const origin = `MC_STS_ENDPOINT_${name}`;
  const stsEndpoint = envValue(env, origin);
  if (!stsEndpoint) return undefined;
  const tokenFile = envValue(env, `MC_WEB_IDENTITY_TOKEN_FILE_${name}`);
  return {
    stsEndpoint,
    tokenFile,
    roleArn: tokenFile ? envValue(env, `MC_ROLE_ARN_${name}`) : undefined,
    roleSessionName: tokenFile ? envValue(env, `MC_ROLE_SESSION_NAME_${name}`) : undefined,
    origin,
  };
}
