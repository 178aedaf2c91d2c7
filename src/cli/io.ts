import { readFile } from 'node:fs/promises';

/** Everything the CLI reads from or writes to the outside world; injected so tests need no globals. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean | undefined };
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean | undefined; setRawMode?: (mode: boolean) => unknown };
  env: Record<string, string | undefined>;
  now: () => Date;
  readFile: (path: string) => Promise<string>;
  /** Subscribes to a process signal; returns the unsubscribe function. */
  onSignal: (signal: NodeJS.Signals, handler: () => void) => () => void;
}

/** The real process's I/O. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    now: () => new Date(),
    readFile: (path) => readFile(path, 'utf8'),
    onSignal: (signal, handler) => {
      process.on(signal, handler);
      return () => process.off(signal, handler);
    },
  };
}

/** Reads all of stdin as UTF-8. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
