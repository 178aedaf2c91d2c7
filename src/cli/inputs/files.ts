import { open, type FileHandle } from '../../fs/promised-fs.js';
import { quoteText } from '../../text/quote-text.js';
import { whyFileUntrusted } from '../../fs/trusted-file.js';
import { CliUsageError } from '../errors.js';
import { ownUid, type CliIo } from '../io.js';

/** Where an input comes from: a file named on the command line or in the environment, or standard input. */
export type InputSource = { path: string } | { stdin: CliIo['stdin'] };

/** Most bytes read for a password, token or policy (a session policy is at most 2,048 characters on AWS). */
export const SECRET_LIMIT = 64 * 1024;
/** Most bytes read for a CA bundle, client certificate, key or PKCS#12 file (a system bundle is about 200 KiB). */
export const BUNDLE_LIMIT = 4 * 1024 * 1024;

function tooLarge(what: string, source: InputSource, limit: number): CliUsageError {
  const where = 'path' in source ? `${what} ${quoteText(source.path)}` : what;
  return new CliUsageError(`${where} is larger than ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MiB` : `${limit / 1024} KiB`}, the most sts-creds reads`);
}

async function readStream(stream: CliIo['stdin'], limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early destroys the stream: an endless pipe (`yes |`) stops at the limit.
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk);
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Refuses a file that another user could have written or replaced (see {@link whyFileUntrusted}).
 * @throws {@link CliUsageError} naming the file and what is wrong
 */
async function checkTrusted(what: string, path: string, handle: FileHandle, uid: number | undefined): Promise<void> {
  if (uid === undefined) return;
  const why = await whyFileUntrusted(path, await handle.stat(), uid);
  if (why) throw new CliUsageError(`${what} ${quoteText(path)} is refused: ${why}; another user could change what sts-creds reads`);
}

async function readPath(what: string, path: string, limit: number, uid: number | undefined): Promise<Buffer | undefined> {
  const handle = await open(path, 'r');
  try {
    await checkTrusted(what, path, handle, uid);
    return await readHandle(handle, limit);
  } finally {
    await handle.close();
  }
}

async function readHandle(handle: FileHandle, limit: number): Promise<Buffer | undefined> {
  // One byte more than the limit tells "exactly at the limit" from "past it" without reading on.
  const buffer = Buffer.alloc(Math.min(limit + 1, 64 * 1024));
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, limit + 1 - size), null);
    if (bytesRead === 0) return Buffer.concat(chunks);
    size += bytesRead;
    if (size > limit) return undefined;
    chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
  }
}

/** The run's standard input, for a file option given as `-`; and which input has read it already. */
let dashStdin: { stdin: () => CliIo['stdin']; readBy?: string } | undefined;

/**
 * Lets `-` name standard input in every file option of this run. main hands over a getter: process.stdin
 * is built only when something reads it.
 */
export function acceptDashAsStdin(stdin: () => CliIo['stdin']): void {
  dashStdin = { stdin };
}

/** `-` as standard input, once per run, never a terminal; any other source as it is. */
function takeStdin(what: string, source: InputSource): InputSource {
  const dash = 'path' in source && source.path === '-';
  if (!dashStdin || !(dash || 'stdin' in source)) return source;
  const named = dash ? `${what} "-"` : what;
  if (dashStdin.readBy !== undefined) throw new CliUsageError(`${named} and ${dashStdin.readBy} both read standard input: give one of them a file`);
  dashStdin.readBy = named;
  if (!dash) return source;
  const stdin = dashStdin.stdin();
  if (stdin.isTTY) throw new CliUsageError(`${named} reads standard input, which is a terminal: pipe the ${what} in, or name a file`);
  return { stdin };
}

/**
 * The one reader of every input the CLI takes from a file or standard input: password and token
 * files, policy files, CA bundles, client certificates, keys and PKCS#12 bundles. Reads at most
 * `limit` bytes, so `/dev/zero` or an endless pipe ends the run at once instead of filling memory.
 * A file that another user owns or could write (or whose directories they could write) is refused:
 * a profile may name it, and whoever wrote it would choose the token, CA or key sts-creds uses.
 * A path of `-` is standard input (once per run).
 * @param uid - the user whose files are trusted (besides root's); `undefined` skips the check
 * @param what - how the input is named in messages, e.g. `password file`
 * @throws {@link CliUsageError} naming the input when it cannot be read or is larger than `limit`
 */
export async function readInput(what: string, requested: InputSource, limit: number, uid: number | undefined = ownUid()): Promise<Buffer> {
  const source = takeStdin(what, requested);
  let data: Buffer | undefined;
  try {
    data = 'stdin' in source ? await readStream(source.stdin, limit) : await readPath(what, source.path, limit, uid);
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    const where = 'path' in source ? `${what} ${quoteText(source.path)}` : what;
    throw new CliUsageError(`cannot read ${where}: ${(error as { code?: string }).code ?? 'unreadable'}`);
  }
  if (data === undefined) throw tooLarge(what, source, limit);
  return data;
}

/** Most bytes read for a configuration file (the AWS config and credentials files, mc's config.json). */
export const CONFIG_LIMIT = 1024 * 1024;

/**
 * A configuration file another tool wrote (the AWS shared files, mc's config.json), read with the
 * same bound as every other input; undefined when it does not exist. A file that another user owns
 * or may write, or that sits in a directory they may write, is refused (as OpenSSH's StrictModes
 * does): whoever can edit it can switch the method, name a password file (your SSH key, say) and
 * point the endpoint at their own server.
 * @param uid - the user whose files are trusted (besides root's); `undefined` skips the check
 * @throws {@link CliUsageError} when it cannot be read, is too large, or is not trusted
 */
export async function readConfigFile(what: string, path: string, uid: number | undefined = ownUid()): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw new CliUsageError(`cannot read ${what} ${quoteText(path)}: ${(error as { code?: string }).code ?? 'unreadable'}`);
  }
  let data: Buffer | undefined;
  try {
    // The owner and mode of the file read, not of whatever the path names a moment later.
    await checkTrusted(what, path, handle, uid);
    data = await readHandle(handle, CONFIG_LIMIT);
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError(`cannot read ${what} ${quoteText(path)}: ${(error as { code?: string }).code ?? 'unreadable'}`);
  } finally {
    await handle.close();
  }
  if (data === undefined) throw tooLarge(what, { path }, CONFIG_LIMIT);
  return data.toString('utf8');
}

/** {@link readInput} as UTF-8 text. */
export async function readInputText(what: string, source: InputSource, limit: number): Promise<string> {
  return (await readInput(what, source, limit)).toString('utf8');
}
