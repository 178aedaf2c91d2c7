import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { CliIo } from './io.js';

/** What {@link captureCommand} saw: the exit code (128+N for signal N, 127 not found, 126 not runnable) and standard output. */
export interface CapturedRun {
  code: number;
  stdout: string;
  /** Set when standard output passed `maxBytes` (the rest was discarded). */
  tooLong: boolean;
  /** Set when the command could not be started. */
  startError?: string | undefined;
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `command` directly (no shell) with the terminal's stdin and stderr and `env`, and collects its
 * standard output (at most `maxBytes`). SIGINT, SIGTERM and SIGHUP are passed on to it.
 */
export function captureCommand(command: readonly string[], env: Record<string, string>, io: CliIo, maxBytes = 256 * 1024): Promise<CapturedRun> {
  const [file, ...args] = command;
  return new Promise((resolve) => {
    let child: ChildProcess | undefined;
    const unsubscribe = FORWARDED.map((signal) =>
      io.onSignal(signal, () => {
        if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
      }),
    );
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLong = false;
    let finished = false;
    const finish = (run: Omit<CapturedRun, 'stdout' | 'tooLong'>): void => {
      if (finished) return;
      finished = true;
      for (const off of unsubscribe) off();
      resolve({ ...run, stdout: Buffer.concat(chunks).toString('utf8'), tooLong });
    };
    try {
      child = spawn(file ?? '', args, { stdio: ['inherit', 'pipe', 'inherit'], env });
    } catch (error) {
      finish({ code: 126, startError: (error as NodeJS.ErrnoException).code ?? 'error' });
      return;
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLong = true;
      else chunks.push(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ code: error.code === 'ENOENT' ? 127 : 126, startError: error.code === 'ENOENT' ? 'command not found' : (error.code ?? 'error') });
    });
    child.on('close', (code, signal) => {
      if (signal) finish({ code: 128 + (constants.signals[signal] ?? 0) });
      else finish({ code: code ?? 0 });
    });
  });
}
