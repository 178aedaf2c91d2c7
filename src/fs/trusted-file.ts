/**
 * Whether a file someone else could have written may be trusted, as OpenSSH's `StrictModes` decides
 * for `authorized_keys`: the file and every directory above it must belong to the user or to root,
 * and none may be writable by group or others, except a directory with the sticky bit (such as
 * /tmp), where others may add entries but not replace ours.
 */
import type { Stats } from 'node:fs';
import { dirname } from 'node:path';
import { quoteText } from '../text/quote-text.js';
import { lstat, realpath } from './promised-fs.js';

/** What {@link whyUntrusted} looks at. */
export type OwnerAndMode = Pick<Stats, 'uid' | 'mode'>;

const STICKY = 0o1000;

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/**
 * Why user `uid` must not trust a file (or, with `directory`, a directory) with this owner and mode,
 * or `undefined` when it may. Pure.
 */
export function whyUntrusted(info: OwnerAndMode, uid: number, directory = false): string | undefined {
  if (info.uid !== uid && info.uid !== 0) return `it is owned by uid ${info.uid}, not by you (uid ${uid}) or root`;
  if ((info.mode & 0o022) === 0 || (directory && (info.mode & STICKY) !== 0)) return undefined;
  const who = (info.mode & 0o020) !== 0 ? ((info.mode & 0o002) !== 0 ? 'group and others' : 'group') : 'others';
  return `${who} can write to it (mode ${octal(info.mode)})`;
}

/**
 * Why the file at `path`, already opened and found to be `opened` (its `fstat`, so the checks are of
 * the file read, not of whatever the name points to later), must not be trusted by user `uid`;
 * `undefined` when it may. A pipe or other non-regular file (`--password-file <(...)`) is judged by its
 * owner alone. Directories are checked from the file's real location up to `/`.
 * @returns the reason, naming the file or directory at fault
 */
export async function whyFileUntrusted(path: string, opened: Stats, uid: number): Promise<string | undefined> {
  const own = whyUntrusted(opened, uid);
  if (!opened.isFile()) return opened.uid === uid || opened.uid === 0 ? undefined : own;
  if (own) return own;
  let dir: string;
  try {
    dir = dirname(await realpath(path));
  } catch {
    return 'its real location cannot be resolved';
  }
  for (;;) {
    let info: Stats;
    try {
      info = await lstat(dir);
    } catch {
      return `its directory ${quoteText(dir)} cannot be examined`;
    }
    const why = whyUntrusted(info, uid, true);
    if (why) return `its directory ${quoteText(dir)} is not safe: ${why}`;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
