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
    onSignal: (signal, handler) => {
      process.on(signal, handler);
      return () => process.off(signal, handler);
    },
  };
}
