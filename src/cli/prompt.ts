import { CliInterrupted } from './errors.js';
import type { CliIo } from './io.js';

/** Prompts on the terminal without echo; the prompt goes to stderr, never stdout. */
export function promptHidden(io: CliIo, question: string): Promise<string> {
  const { stdin } = io;
  return new Promise((resolve, reject) => {
    let answer = '';
    // Raw mode (no echo) before the question appears: keys typed as soon as it shows must not echo.
    stdin.setRawMode?.(true);
    io.stderr.write(question);
    stdin.resume();
    const finish = (error?: Error): void => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (data: Buffer | string): void => {
      for (const ch of String(data)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new CliInterrupted('interrupted at the password prompt'));
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else if (ch >= ' ') answer += ch;
      }
    };
    stdin.on('data', onData);
  });
}
