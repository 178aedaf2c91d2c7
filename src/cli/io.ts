import { closeSync, openSync, writeSync } from 'node:fs';
/** Standard output could not be written (a full disk, a closed terminal). */
export class CliOutputError extends Error {
  override name = 'CliOutputError' as const;
  constructor(cause: Error) {
    super(`cannot write to standard output: ${(cause as { code?: string }).code ?? cause.message}`, { cause });
  }
}

/** The controlling terminal, opened for one prompt. */
export interface Terminal {
  input: NodeJS.ReadableStream & { setRawMode(mode: boolean): unknown };
  /** Writes to the terminal itself, whatever stderr is. */
  write(text: string): void;
  /** Closes the terminal again. */
  close(): void;
}

/**
 * Opens the controlling terminal (/dev/tty); undefined when the process has none (a new session,
 * a daemon, CI: opening it fails with ENXIO), so a prompt can fail at once instead of waiting.
 */
function openControllingTerminal(): Terminal | undefined {
  let readFd: number;
  let writeFd: number;
  try {
    readFd = openSync('/dev/tty', 'r');
  } catch {
    return undefined;
  }
  try {
    writeFd = openSync('/dev/tty', 'w');
  } catch {
    closeSync(readFd);
    return undefined;
  }
  // node:tty (and node:net under it) loads only when a prompt needs the terminal: a few ms of every start-up otherwise.
  const { ReadStream } = process.getBuiltinModule('node:tty');
  const input = new ReadStream(readFd);
  return {
    input,
    write: (text) => {
      writeSync(writeFd, text);
    },
    close: () => {
      input.destroy();
      closeSync(writeFd);
    },
  };
}

/** Everything the CLI reads from or writes to the outside world; injected so tests need no globals. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean | undefined };
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean | undefined; setRawMode?: (mode: boolean) => unknown };
  env: Record<string, string | undefined>;
  now: () => Date;
  /**
   * Not used any more: every file input is read by src/cli/inputs/files.ts, which bounds what it
   * reads. Kept optional so runners written against the earlier shape still type-check.
   * @deprecated
   */
  readFile?: ((path: string) => Promise<string>) | undefined;
  /** Opens the controlling terminal for a prompt; absent or undefined: there is none, and nobody to ask. */
  openTerminal?: (() => Terminal | undefined) | undefined;
  /** Subscribes to a process signal; returns the unsubscribe function. */
  onSignal: (signal: NodeJS.Signals, handler: () => void) => () => void;
  /**
   * Replaces the process title, and with it what `ps` and /proc/PID/cmdline show in place of the
   * arguments (a `-p` password among them). Absent in tests that run the CLI in-process.
   */
  setTitle?: ((title: string) => void) | undefined;
  /**
   * Resolves once everything written to stdout has been handed to the system; rejects with the
   * first write error (a full disk, `> /dev/full`). Absent when writes cannot fail.
   */
  finishStdout?: (() => Promise<void>) | undefined;
}

/** The real process's I/O. */
export function processIo(): CliIo {
  let stdoutError: Error | undefined;
  const failed = (error: Error | null | undefined): void => {
    if (error) stdoutError ??= error;
  };
  return {
    stdout: { write: (text: string) => process.stdout.write(text, failed), isTTY: process.stdout.isTTY },
    // Getters: Node builds process.stderr and process.stdin on first use (stdin alone costs about 3 ms
    // of start-up), and most runs never touch stdin, nor stderr when all goes well.
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    now: () => new Date(),
    openTerminal: openControllingTerminal,
    onSignal: (signal, handler) => {
      process.on(signal, handler);
      return () => process.off(signal, handler);
    },
    setTitle: (title) => {
      process.title = title;
    },
    finishStdout: () =>
      new Promise((resolve, reject) => {
        // An empty write completes after every earlier one.
        process.stdout.write('', (error) => {
          failed(error);
          if (stdoutError) reject(new CliOutputError(stdoutError));
          else resolve();
        });
      }),
  };
}
