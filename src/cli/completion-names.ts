/**
 * The names completion offers after `--profile`, `--alias` and `--keyring`: the profiles of the AWS
 * files, the mc aliases (config.json and `MC_HOST_*`), and the OS keyring's sts-creds entries. Read for
 * a Tab press, so: section headers by a line pattern (no INI loader); the keyring, whose helper process
 * costs a Node start-up and a D-Bus round trip, is asked only for `keyring` names (the scripts ask for
 * those only after `--keyring` and `keyring remove`) and given {@link KEYRING_COMPLETION_TIMEOUT_MS};
 * any problem (no keyring, a locked or frozen one) is simply no names. Only plain words are offered: a
 * name a shell would have to quote is left out.
 */
import type { NameKind } from './completion.js';
import { awsFilePaths } from './inputs/aws-profile.js';
import { readConfigFile } from './inputs/files.js';
import { mcConfigPath } from './inputs/mc-alias.js';
import type { CliIo } from './io.js';


const PLAIN = /^[\w.@+:-]+$/;

/**
 * Time the keyring gets to list its entries for a Tab press, in milliseconds: enough for the helper's
 * Node start-up and one D-Bus call, short enough that a frozen daemon or an unlock prompt nobody answers
 * costs one short pause instead of the 3 s of `keyring list`.
 */
export const KEYRING_COMPLETION_TIMEOUT_MS = 1500;

async function readOrNothing(what: string, path: string): Promise<string> {
  try {
    return (await readConfigFile(what, path)) ?? '';
  } catch {
    return '';
  }
}

/** Profile names in AWS config text (`[profile x]`, `[default]`) or credentials text (`[x]`). Pure. */
export function profileNames(text: string, isConfig: boolean): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/^[ \t]*\[[ \t]*([^\]\r\n]+?)[ \t]*\][ \t]*(?:[#;].*)?$/gm)) {
    const header = match[1]!;
    if (!isConfig) names.push(header);
    else if (header === 'default') names.push(header);
    else if (/^profile[ \t]+/.test(header)) names.push(header.replace(/^profile[ \t]+/, ''));
  }
  return names;
}

/** mc alias names in config.json text. Pure. */
export function aliasNames(text: string): string[] {
  try {
    const aliases = (JSON.parse(text) as { aliases?: unknown } | null)?.aliases;
    return aliases && typeof aliases === 'object' ? Object.keys(aliases) : [];
  } catch {
    return [];
  }
}

/** The OS keyring's sts-creds entry names, or none when the keyring does not answer in time. */
async function keyringNames(env: CliIo['env']): Promise<string[]> {
  try {
    // Loaded here only: a Tab after --profile or --alias never loads the keyring code.
    const { listKeyringSecrets } = await import('../keyring/keyring-store.js');
    return (await listKeyringSecrets({ env, timeoutMs: KEYRING_COMPLETION_TIMEOUT_MS })).map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** The names of `kind`, sorted, unique, plain words only. */
export async function completionNames(kind: NameKind, env: CliIo['env'], homedir: string): Promise<string[]> {
  let names: string[];
  if (kind === 'keyring') {
    names = await keyringNames(env);
  } else if (kind === 'profile') {
    const { configFile, credentialsFile } = awsFilePaths(env, homedir);
    names = [...profileNames(await readOrNothing('AWS config file', configFile), true), ...profileNames(await readOrNothing('AWS credentials file', credentialsFile), false)];
  } else {
    const fromEnv = Object.keys(env).flatMap((name) => (name.startsWith('MC_HOST_') && env[name] ? [name.slice('MC_HOST_'.length)] : []));
    names = [...fromEnv, ...aliasNames(await readOrNothing('mc config file', mcConfigPath(env, homedir)))];
  }
  return [...new Set(names.filter((name) => PLAIN.test(name)))].sort();
}
