import { open, type FileHandle } from '../../fs/promised-fs.js';
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';

/** Where an input comes from: a file named on the command line or in the environment, or standard input. */
export type InputSource = { path: string } | { stdin: CliIo['stdin'] };

/** Most bytes read for a password, token or policy (a session policy is at most 2,048 characters on AWS). */
export const SECRET_LIMIT = 64 * 1024;
/** Most bytes read for a CA bundle, client certificate, key or PKCS#12 file (a system bundle is about 200 KiB). */
export const BUNDLE_LIMIT = 4 * 1024 * 1024;

function tooLarge(what: string, source: InputSource, limit: number): CliUsageError {
  const where = 'path' in source ? `${what} ${JSON.stringify(source.path)}` : what;
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

async function readPath(path: string, limit: number): Promise<Buffer | undefined> {
  const handle = await open(path, 'r');
  try {
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

/**
 * The one reader of every input the CLI takes from a file or standard input: password and token
 * files, policy files, CA bundles, client certificates, keys and PKCS#12 bundles. Reads at most
 * `limit` bytes, so `/dev/zero` or an endless pipe ends the run at once instead of filling memory.
 * @param what - how the input is named in messages, e.g. `password file`
 * @throws {@link CliUsageError} naming the input when it cannot be read or is larger than `limit`
 */
export async function readInput(what: string, source: InputSource, limit: number): Promise<Buffer> {
  let data: Buffer | undefined;
  try {
    data = 'stdin' in source ? await readStream(source.stdin, limit) : await readPath(source.path, limit);
  } catch (error) {
    const where = 'path' in source ? `${what} ${JSON.stringify(source.path)}` : what;
    throw new CliUsageError(`cannot read ${where}: ${(error as { code?: string }).code ?? 'unreadable'}`);
  }
  if (data === undefined) throw tooLarge(what, source, limit);
  return data;
}

/** Most bytes read for a configuration file (the AWS config and credentials files, mc's config.json). */
export const CONFIG_LIMIT = 1024 * 1024;

/**
 * A configuration file another tool wrote (the AWS shared files, mc's config.json), read with the
 * same bound as every other input; undefined when it does not exist. A file that other users may
 * write is refused: whoever can edit it can point the endpoint at their own server and receive an
 * AssumeRole request signed with the file's keys, which they can replay for credentials.
 * @throws {@link CliUsageError} when it cannot be read, is too large, or is group- or world-writable
 */
export async function readConfigFile(what: string, path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw new CliUsageError(`cannot read ${what} ${JSON.stringify(path)}: ${(error as { code?: string }).code ?? 'unreadable'}`);
  }
  let data: Buffer | undefined;
  try {
    // The mode of the file read, not of whatever the path names a moment later.
    const mode = (await handle.stat()).mode;
    if ((mode & 0o022) !== 0) {
      throw new CliUsageError(`${what} ${JSON.stringify(path)} may be written by other users (mode ${(mode & 0o777).toString(8)}): run chmod go-w on it`);
    }
    data = await readHandle(handle, CONFIG_LIMIT);
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError(`cannot read ${what} ${JSON.stringify(path)}: ${(error as { code?: string }).code ?? 'unreadable'}`);
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
