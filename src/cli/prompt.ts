import { escapeControl } from '../text/server-text.js';
import { CliInterrupted } from './errors.js';
import type { Terminal } from './io.js';

/**
 * One line of input as a terminal in raw mode delivers it, with the editing keys of a cooked
 * terminal: Backspace/Ctrl-H deletes a character, Ctrl-U the line, Ctrl-W the last word. Pure.
 * @returns the line so far, and `done` once Enter (or Ctrl-D) ended it, or `interrupted` on Ctrl-C
 */
export function editLine(line: string, keys: string): { line: string; done?: 'enter' | 'interrupted' } {
  let out = line;
  for (const ch of keys) {
    if (ch === '\r' || ch === '\n' || ch === '\u0004') return { line: out, done: 'enter' };
    if (ch === '\u0003') return { line: out, done: 'interrupted' };
    if (ch === '\u007f' || ch === '\b') out = Array.from(out).slice(0, -1).join('');
    else if (ch === '\u0015') out = '';
    else if (ch === '\u0017') out = out.replace(/\S*\s*$/, '');
    else if (ch >= ' ') out += ch;
  }
  return { line: out };
}

/**
 * Asks on the controlling terminal (as ssh, sudo and gpg do), without echo: the question and the
 * answer never touch stdin, stdout or stderr, so the prompt works when those are redirected or captured.
 * @throws {@link CliInterrupted} on Ctrl-C
 */
export function promptHidden(terminal: Terminal, question: string, what = 'password'): Promise<string> {
  const { input } = terminal;
  return new Promise((resolve, reject) => {
    let line = '';
    // Raw mode (no echo) before the question appears: keys typed as soon as it shows must not echo.
    input.setRawMode(true);
    // The question names a user or an MFA device from argv or a profile: none of it may redraw the prompt.
    terminal.write(escapeControl(question));
    const finish = (error?: Error): void => {
      input.removeListener('data', onData);
      input.setRawMode(false);
      terminal.write('\n');
      terminal.close();
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (data: Buffer | string): void => {
      const edited = editLine(line, String(data));
      line = edited.line;
      if (edited.done === 'enter') finish();
      else if (edited.done === 'interrupted') finish(new CliInterrupted(`interrupted at the ${what} prompt`));
    };
    input.on('data', onData);
    input.resume();
  });
}
