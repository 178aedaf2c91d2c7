import { join } from 'node:path';

/**
 * A path from a configuration file with a leading `~` or `~/` made the home directory, as a shell
 * would have done had the user typed it (no shell runs between a profile and us, for example inside
 * `credential_process`). `~user` and every other path are left as written. Pure.
 */
export function expandHome(path: string | undefined, homedir: string): string | undefined {
  if (path === undefined) return undefined;
  if (path === '~') return homedir;
  if (path.startsWith('~/')) return join(homedir, path.slice(2));
  return path;
}
