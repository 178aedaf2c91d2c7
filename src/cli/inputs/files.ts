import { readFile } from 'node:fs/promises';
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';

/** Where an input comes from: a file named on the command line or in the environment, or standard input. */
export type InputSource = { path: string } | { stdin: CliIo['stdin'] };

/**
 * The one reader of every input the CLI takes from a file or standard input: password and token
 * files, policy files, CA bundles, client certificates, keys and PKCS#12 bundles.
 * @param what - how the input is named in messages, e.g. `password file`
 * @throws {@link CliUsageError} naming the input when it cannot be read
 */
export async function readInput(what: string, source: InputSource): Promise<Buffer> {
  if ('stdin' in source) {
    const chunks: Buffer[] = [];
    for await (const chunk of source.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(source.path);
  } catch (error) {
    throw new CliUsageError(`cannot read ${what} ${JSON.stringify(source.path)}: ${(error as { code?: string }).code ?? 'unreadable'}`);
  }
}

/** {@link readInput} as UTF-8 text. */
export async function readInputText(what: string, source: InputSource): Promise<string> {
  return (await readInput(what, source)).toString('utf8');
}
