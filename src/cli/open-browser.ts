/**
 * Opens a URL in the user's browser: `$BROWSER` when set (the first of its colon-separated commands, split at
 * spaces, the URL appended as one argument), else the platform's opener. No shell is involved, so nothing in
 * the URL is interpreted; the child is detached and its failure ignored (the URL is printed anyway).
 */
import { spawn } from 'node:child_process';
import { envValue } from './inputs/environment.js';
import type { CliIo } from './io.js';

/** The program and arguments that open `url`. Pure. */
export function browserCommand(url: string, env: CliIo['env'], platform: NodeJS.Platform): { file: string; args: string[] } {
  const browser = envValue(env, 'BROWSER')?.split(':')[0]?.trim();
  if (browser) {
    const [file, ...args] = browser.split(/\s+/);
    return { file: file!, args: [...args, url] };
  }
  if (platform === 'darwin') return { file: 'open', args: [url] };
  if (platform === 'win32') return { file: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { file: 'xdg-open', args: [url] };
}

/** Starts the browser on `url` and returns at once. */
export function openBrowser(url: string, io: CliIo): void {
  const { file, args } = browserCommand(url, io.env, process.platform);
  try {
    const child = spawn(file, args, { stdio: 'ignore', detached: true, env: io.env, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // The URL is on stderr; the user can open it by hand.
  }
}
