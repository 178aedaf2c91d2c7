/**
 * Two ways to run the CLI in reliability tests: in-process through `main()` with a captured
 * {@link CliIo} (fast, for large matrices), and the built bin in a child process (the real thing).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(REPO, 'bin', 'sts-creds.js');
const home = mkdtempSync(join(tmpdir(), 'sts-creds-rel-home-'));

/** What one run printed and returned. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** A private HOME and cache, PATH, nothing from the developer's AWS or proxy setup. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    STS_CREDS_CACHE_DIR: join(home, 'cache'),
    LANG: 'C.UTF-8',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs `main()` in this process with captured output; stdin is a closed pipe holding `stdin`. */
export async function runMain(args: readonly string[], options: { env?: Record<string, string | undefined>; stdin?: string; now?: () => Date } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from([Buffer.from(options.stdin ?? '')]) as unknown as CliIo['stdin'];
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    stdin,
    env: cleanEnv(options.env),
    now: options.now ?? (() => new Date()),
    readFile: (path) => readFile(path, 'utf8'),
    onSignal: () => () => undefined,
  };
  const started = performance.now();
  const code = await main(args, io);
  return { code, stdout, stderr, ms: performance.now() - started, timedOut: false };
}

/** Builds dist/ when it is missing (`npm test` builds it first). */
export function ensureBuilt(): void {
  if (existsSync(join(REPO, 'dist', 'cli', 'main.js'))) return;
  execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'inherit' });
}

/** Runs the built `bin/sts-creds.js` in a child process with a clean environment. */
export function runBin(args: readonly string[], options: { env?: Record<string, string | undefined>; stdin?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  ensureBuilt();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: cleanEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: performance.now() - started, timedOut });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** A clean failure: exit 1 (or `code`), nothing on stdout, one line on stderr naming the problem, no stack trace. */
export function expectCleanFailure(run: CliResult, pattern: RegExp, code = 1): void {
  const problems: string[] = [];
  if (run.timedOut) problems.push('timed out');
  if (run.code !== code) problems.push(`exit code ${run.code}, expected ${code}`);
  if (run.stdout !== '') problems.push('stdout is not empty');
  const lines = run.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('sts-creds: warning:'));
  if (lines.length !== 1) problems.push(`${lines.length} stderr lines`);
  if (/\n\s+at |TypeError|ReferenceError|node:internal/.test(run.stderr)) problems.push('a stack trace or crash');
  if (!pattern.test(run.stderr)) problems.push(`stderr does not match ${pattern}`);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\n--- stderr ---\n${run.stderr}\n--- stdout ---\n${run.stdout}`);
}
