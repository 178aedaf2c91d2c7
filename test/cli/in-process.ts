/**
 * Runs `main()` in this process with a captured {@link CliIo}: a private HOME and cache, a fixed
 * environment, an injectable clock, stdin a closed pipe. For the CLI's own tests in test/cli/.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A private HOME with its own cache directory, created once per test file. */
export const PRIVATE_HOME = mkdtempSync(join(tmpdir(), 'sts-creds-inproc-home-'));

export async function runInProcess(
  args: readonly string[],
  options: { env?: Record<string, string>; now?: () => Date; stdin?: string } = {},
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    stdin: Readable.from([Buffer.from(options.stdin ?? '')]) as unknown as CliIo['stdin'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: PRIVATE_HOME,
      XDG_CACHE_HOME: join(PRIVATE_HOME, '.cache'),
      STS_CREDS_CACHE_DIR: join(PRIVATE_HOME, 'cache'),
      ...options.env,
    },
    now: options.now ?? (() => new Date()),
    onSignal: () => () => undefined,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
