/**
 * Runs the built `sts-creds` bin (bin/sts-creds.js, which loads dist/) as a child process, as a user would.
 * `npm test` builds dist first (pretest); when running single files, run `npm run build` before.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const STS_CREDS_BIN = fileURLToPath(new URL('../../bin/sts-creds.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a CLI run: PATH and HOME only (plus `extra`), so no developer variable leaks in; no colour. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...extra };
}

/** Runs `sts-creds <args>` with `input` on stdin (stdin is a pipe, never a terminal). */
export function runStsCreds(args: readonly string[], options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STS_CREDS_BIN, ...args], { env: options.env ?? cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
