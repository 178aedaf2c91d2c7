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

/** Standard output as the CLI uses it: written once or twice, then finished. */
export interface StdoutWriter {
  write(text: string): void;
  /** Resolves once everything is written; rejects with {@link CliOutputError} after a failed write. */
  finish(): Promise<void>;
}

/**
 * Standard output written straight to descriptor 1. Building `process.stdout` costs a start-up 5 to
 * 9 ms on a pipe (the stream machinery and node:net), about what a whole `credential_process` cache
 * hit costs above bare node. A reader that went away (EPIPE: `sts-creds ... | head -1`) ends the
 * output quietly; any other failure (a full disk) is reported by {@link StdoutWriter.finish}. A
 * descriptor someone set non-blocking that is full (EAGAIN) hands the rest to `process.stdout`,
 * which waits until it can write.
 * @param writeFd - writes to the descriptor, returning how many bytes it took (tests replace it)
 * @param fallback - the stream for the rest after EAGAIN
 */
export function descriptorStdout(
  writeFd: (bytes: Buffer) => number = (bytes) => writeSync(1, bytes),
  fallback: () => Pick<NodeJS.WriteStream, 'write' | 'on'> = () => process.stdout,
): StdoutWriter {
  let failure: Error | undefined;
  let closed = false;
  let stream: Pick<NodeJS.WriteStream, 'write' | 'on'> | undefined;
  const failed = (error: Error | null | undefined): void => {
    if (error && (error as { code?: string }).code !== 'EPIPE') failure ??= error;
  };
  return {
    write(text) {
      if (failure || closed) return;
      if (stream) {
        stream.write(text, failed);
        return;
      }
      let rest = Buffer.from(text, 'utf8');
      while (rest.length > 0) {
        try {
          rest = rest.subarray(writeFd(rest));
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === 'EAGAIN') {
            stream = fallback();
            // A write error also comes as an 'error' event; the callback has it already.
            stream.on('error', () => undefined);
            stream.write(rest, failed);
          } else if (code === 'EPIPE') closed = true;
          else failure = error as Error;
          return;
        }
      }
    },
    finish: () =>
      new Promise((resolve, reject) => {
        const settle = (): void => (failure ? reject(new CliOutputError(failure)) : resolve());
        // An empty write completes after every earlier one.
        if (stream) stream.write('', (error) => (failed(error), settle()));
        else settle();
      }),
  };
}

/** The real process's I/O. */
export function processIo(): CliIo {
  const stdout = descriptorStdout();
  return {
    stdout: {
      write: (text: string) => stdout.write(text),
      // node:tty (and node:net) load only when something asks, which text output alone does.
      get isTTY() {
        return process.getBuiltinModule('node:tty').isatty(1);
      },
    },
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
    finishStdout: () => stdout.finish(),
  };
}
