/**
 * The names completion offers after `--profile` and `--alias`: the profiles of the AWS files and the mc
 * aliases (config.json and `MC_HOST_*`). Read for a Tab press, so: section headers by a line pattern
 * (no INI loader), no keyring (its child process is too slow for a key press), and any problem is
 * simply no names. Only plain words are offered: a name a shell would have to quote is left out.
 */
import type { NameKind } from './completion.js';
import { awsFilePaths } from './inputs/aws-profile.js';
import { readConfigFile } from './inputs/files.js';
import { mcConfigPath } from './inputs/mc-alias.js';
import type { CliIo } from './io.js';


const PLAIN = /^[\w.@+:-]+$/;

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

/** The names of `kind`, sorted, unique, plain words only. */
export async function completionNames(kind: NameKind, env: CliIo['env'], homedir: string): Promise<string[]> {
  let names: string[];
  if (kind === 'profile') {
    const { configFile, credentialsFile } = awsFilePaths(env, homedir);
    names = [...profileNames(await readOrNothing('AWS config file', configFile), true), ...profileNames(await readOrNothing('AWS credentials file', credentialsFile), false)];
  } else {
    const fromEnv = Object.keys(env).flatMap((name) => (name.startsWith('MC_HOST_') && env[name] ? [name.slice('MC_HOST_'.length)] : []));
    names = [...fromEnv, ...aliasNames(await readOrNothing('mc config file', mcConfigPath(env, homedir)))];
  }
  return [...new Set(names.filter((name) => PLAIN.test(name)))].sort();
}
