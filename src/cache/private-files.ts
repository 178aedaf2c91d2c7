/**
 * The cache's only door to the file system: a directory and files only we can have written, opened
 * without following links and without blocking, replaced atomically and never written through.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { link, lstat, mkdir, open, rename, unlink } from '../fs/promised-fs.js';
import { dirname, join } from 'node:path';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;

/** `O_NOFOLLOW`: a planted symbolic link makes the open fail (ELOOP) instead of reaching its target. */
const READ_FLAGS = O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
/** `O_EXCL` never follows a link and never reuses an entry someone else created. */
const CREATE_FLAGS = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

/** The outcome of {@link readPrivateFile}. */
export type PrivateRead = { ok: true; text: string } | { ok: false; missing: boolean };

/** The outcome of {@link readPrivateBytes}. */
export type PrivateBytesRead = { ok: true; bytes: Buffer } | { ok: false; missing: boolean };

/** The `code` of a Node.js system error (`ENOENT`, ...), or `'error'`. Pure. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'error';
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/**
 * Why `info` (an lstat of the cache directory) must not be trusted by user `uid`, or `undefined` when
 * it is a real directory owned by `uid` that neither group nor others can write to. Pure.
 */
export function whyDirUnsafe(info: Pick<Stats, 'isDirectory' | 'isSymbolicLink' | 'uid' | 'mode'>, uid: number): string | undefined {
  if (info.isSymbolicLink()) return 'it is a symbolic link';
  if (!info.isDirectory()) return 'it is not a directory';
  if (info.uid !== uid) return `it is owned by uid ${info.uid}, not by uid ${uid}`;
  if ((info.mode & 0o022) !== 0) return `group or others can write to it (mode ${octal(info.mode)})`;
  return undefined;
}

/**
 * Why the existing directory `dir` must not be read from by user `uid` (see {@link whyDirUnsafe}), or
 * `undefined` when it may; nothing is created. A file in a directory others can write may have been
 * put there by them, however private the file itself looks.
 */
export async function whyExistingDirUnsafe(dir: string, uid: number): Promise<string | undefined> {
  try {
    return whyDirUnsafe(await lstat(dir), uid);
  } catch (error) {
    return `it cannot be examined (${errorCode(error)})`;
  }
}

/**
 * Makes sure `dir` can hold private files: creates it (mode 0700; missing parents get the default mode)
 * when it does not exist, and never changes the mode of one that does.
 * @returns why the directory must not be used, or `undefined` when it may
 */
export async function preparePrivateDir(dir: string, uid: number): Promise<string | undefined> {
  try {
    await mkdir(dirname(dir), { recursive: true });
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') return `it cannot be created (${errorCode(error)})`;
  }
  return whyExistingDirUnsafe(dir, uid);
}

/**
 * Reads a file only if it is a regular file owned by `uid` with mode 0600 and at most `maxBytes` long.
 * A link, FIFO, device, directory, someone else's file or a loosened mode is refused without being
 * followed, waited on or read past the limit.
 */
export async function readPrivateFile(path: string, uid: number, maxBytes: number): Promise<PrivateRead> {
  const read = await readPrivateBytes(path, uid, maxBytes);
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : read;
}

/** {@link readPrivateFile} for binary content: the same checks, the bytes as read. */
export async function readPrivateBytes(path: string, uid: number, maxBytes: number): Promise<PrivateBytesRead> {
  let handle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    return { ok: false, missing: errorCode(error) === 'ENOENT' };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.uid !== uid || (info.mode & 0o7777) !== 0o600 || info.size > maxBytes) return { ok: false, missing: false };
    // The size may change after fstat: read at most one byte past it to notice, and refuse a file
    // that grew while it was read (ours are replaced by rename, never written in place).
    const buffer = Buffer.alloc(info.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) return { ok: false, missing: false };
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch {
    return { ok: false, missing: false };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Creates `path` with mode 0600 and `text` (a string is written as UTF-8), only if nothing (not even a dangling link) is there.
 * @returns false when the path already exists
 * @throws the file system error for any other failure
 */
export async function createPrivateFile(path: string, text: string | Uint8Array): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, CREATE_FLAGS, 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    // The umask may have taken more than group and other bits; the file is new and ours.
    await handle.chmod(0o600);
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    // A half-written file would be read as a truncated entry or an unwritten lock: remove it.
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return true;
}

/**
 * Replaces `dir/name` with a 0600 file holding `text`: written to a new temporary file in `dir`, then
 * renamed over the name, so whatever was there (a link, a FIFO, a stale entry) is replaced, never
 * written through, and readers see the old or the new content, never a part.
 * @throws the file system error when the write or the rename fails
 */
export async function replacePrivateFile(dir: string, name: string, text: string | Uint8Array): Promise<void> {
  const tmp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  await createPrivateFile(tmp, text);
  try {
    await rename(tmp, join(dir, name));
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** When `path` itself (not a link's target) was last modified, in ms since the epoch; `undefined` when it is gone. */
export async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await lstat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Removes `path` only if it still holds what the caller judged (`expected`: its text, or `undefined`
 * for an unreadable file). The file is first renamed aside, so a file someone created in its place
 * meanwhile is recognised and put back instead of being deleted.
 * @returns true when the judged file was removed
 */
export async function removeIfUnchanged(path: string, expected: string | undefined, uid: number, maxBytes: number): Promise<boolean> {
  const aside = `${path}.${randomBytes(6).toString('hex')}.old`;
  try {
    await rename(path, aside);
  } catch {
    return false;
  }
  const now = await readPrivateFile(aside, uid, maxBytes);
  const same = now.ok ? now.text === expected : expected === undefined;
  // Not the file judged: give it back, unless yet another one has taken the name (link never replaces).
  if (!same) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return same;
}
