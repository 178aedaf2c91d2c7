/**
 * The one way tests run `sts-creds`: {@link runCli} spawns the built bin (`node bin/sts-creds.js`,
 * which loads dist/), {@link runMain} calls `main(args, io)` in this process with a fake
 * {@link CliIo}. Both give the CLI the environment {@link cliEnv} builds: PATH, `LANG=C`, a private
 * HOME, XDG_CACHE_HOME and STS_CREDS_CACHE_DIR, and nothing else from the environment the tests run
 * in, so no developer AWS_* / STS_CREDS_* setting leaks in and no run writes into the real ~/.cache.
 *
 * @example
 * ```ts
 * const run = await runCli(['assume-role', '--endpoint', fake.url, '-u', 'u', '--password-stdin'], { stdin: 'pw' });
 * expect(run).toMatchObject({ code: 0, stderr: '' });
 * ```
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** The repository root, with a trailing slash. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI shim users run; it loads dist/, so `npm run build` must have run (see {@link ensureBuilt}). */
export const BIN = join(REPO, 'bin', 'sts-creds.js');

/** What one run of the CLI left behind. */
export interface CliResult {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The signal that ended the process (spawned runs only). */
  signal?: NodeJS.Signals | null;
}

/** Variables that point the CLI at a home or cache directory: a test may set them, never remove them. */
const PRIVATE_DIRS = ['HOME', 'XDG_CACHE_HOME', 'STS_CREDS_CACHE_DIR'] as const;

/** Throws when `path` is the real home directory or inside the real ~/.cache. */
function assertPrivate(name: string, path: string): void {
  const real = homedir();
  const inside = (dir: string): boolean => {
    const rel = relative(dir, resolve(path));
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
  };
  if (resolve(path) === resolve(real) || inside(join(real, '.cache'))) {
    throw new Error(`test plumbing: ${name}=${path} is the real home or cache of the test process; give the CLI a private directory`);
  }
}

/**
 * The complete environment of a CLI run: PATH, `LANG=C`, HOME=`home`, XDG_CACHE_HOME and
 * STS_CREDS_CACHE_DIR inside it, then `extra` (a test's own variables; `undefined` removes one).
 * Nothing is inherited from the test process but PATH.
 * @throws when a home or cache variable would be the real one, or is removed
 */
export function cliEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C',
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    STS_CREDS_CACHE_DIR: join(home, '.cache', 'sts-creds', 'credentials'),
  };
  for (const [name, value] of Object.entries(extra)) {
    if (value !== undefined) env[name] = value;
    else if ((PRIVATE_DIRS as readonly string[]).includes(name)) throw new Error(`test plumbing: ${name} may be replaced, not removed (the CLI would fall back to the real home)`);
    else delete env[name];
  }
  for (const name of PRIVATE_DIRS) assertPrivate(name, env[name]!);
  return env;
}

/** A fresh private home directory; the caller removes it. */
export function makeHome(): string {
  return mkdtempSync(join(tmpdir(), 'sts-creds-home-'));
}

/** Options of {@link runCli} and {@link runMain}. */
export interface RunOptions {
  /** Variables added to {@link cliEnv}'s; `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** The private home to use (kept after the run). Default: a fresh one, removed after the run. */
  home?: string;
  /** Written to stdin, which is then closed; `'keep-open'` leaves the pipe open and silent (spawned runs only). Default: closed and empty. */
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- 'keep-open' names the one word that means something else
  stdin?: string | 'keep-open';
  /** Working directory (spawned runs only; an in-process run has the test's, the repository root). @defaultValue the repository root */
  cwd?: string;
  /** The run fails (the promise rejects; a spawned process is killed) when it takes longer. @defaultValue 30000 */
  timeoutMs?: number;
  /** Called with the pid once the process is spawned, for sending it signals (spawned runs only). */
  onSpawn?: (pid: number) => void;
  /** The clock of an in-process run. @defaultValue the real clock */
  now?: () => Date;
  /**
   * Spawned runs: start the process in a new session, with no controlling terminal, so that a prompt
   * fails at once (exit 2) instead of waiting on the terminal the tests were started from.
   * @defaultValue true for {@link runCli}, false for {@link runProgram}
   */
  newSession?: boolean;
}

/** Runs `fn` with `options.home`, or with a fresh home removed afterwards. */
async function withHome<T>(options: RunOptions, fn: (home: string) => Promise<T>): Promise<T> {
  if (options.home !== undefined) return fn(options.home);
  const home = makeHome();
  try {
    return await fn(home);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Options of {@link runProgram}: `env` is the child's whole environment (build it with {@link cliEnv}). */
export type ProgramOptions = Omit<RunOptions, 'env' | 'home' | 'now'> & { env: Record<string, string> };

/**
 * Runs `file args...` with exactly `options.env` and collects its output. Rejects when the program cannot
 * start or outlives `timeoutMs` (it is then killed). For the consumer tests' shells and tools.
 */
export function runProgram(file: string, args: readonly string[], options: ProgramOptions): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolvePromise, reject) => {
    // detached: a new session (setsid), which has no controlling terminal.
    const child = spawn(file, args, { env: options.env, cwd: options.cwd ?? REPO, stdio: ['pipe', 'pipe', 'pipe'], detached: options.newSession ?? false });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} ${args.join(' ')} did not finish within ${timeoutMs} ms; stderr so far: ${Buffer.concat(err).toString()}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('spawn', () => {
      if (child.pid !== undefined) options.onSpawn?.(child.pid);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => undefined); // the child may exit without reading stdin
    if (options.stdin !== 'keep-open') child.stdin.end(options.stdin ?? '');
  });
}

/** Builds dist/ when it is missing (`npm test` builds it first, in `pretest`). */
export function ensureBuilt(): void {
  // The last file of `npm run build`: the library bundle's keyring child.
  if (existsSync(join(REPO, 'dist', 'cli', 'main.js')) && existsSync(join(REPO, 'dist', 'keyring-child.js'))) return;
  // What `npm run build` does, minus its `rm -rf dist`, which would pull dist/ from under a concurrent test file.
  execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'inherit' });
  execFileSync(process.execPath, [join(REPO, 'scripts', 'build-cli.mjs')], { cwd: REPO, stdio: 'inherit' });
  execFileSync(process.execPath, [join(REPO, 'scripts', 'build-lib.mjs')], { cwd: REPO, stdio: 'inherit' });
}

/** Runs the built `sts-creds args...` in a child process, in a new session (no controlling terminal), with a private home and {@link cliEnv}. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  ensureBuilt();
  return withHome(options, (home) => runProgram(process.execPath, [BIN, ...args], { ...options, newSession: options.newSession ?? true, env: cliEnv(home, options.env) }));
}

/**
 * Runs `main(args, io)` in this process with a fake {@link CliIo}: captured stdout and stderr
 * (not terminals), stdin a closed stream holding `options.stdin`, {@link cliEnv}'s environment, no
 * signal handlers. Fast, for large matrices; the spawned {@link runCli} is the real thing. `exec`'s
 * command inherits this process's stdio, so what it prints is not captured: spawn to read it.
 */
export function runMain(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  if (options.stdin === 'keep-open') throw new Error("runMain: stdin 'keep-open' needs a process; use runCli");
  return withHome(options, async (home) => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: { write: (text: string) => (stdout += text), isTTY: false },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
      stdin: Readable.from([Buffer.from(options.stdin ?? '')]),
      env: cliEnv(home, options.env),
      now: options.now ?? (() => new Date()),
      onSignal: () => () => undefined,
    };
    const timeoutMs = options.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    // A hang fails the test as a spawned run's would (the run itself cannot be killed in-process).
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`sts-creds ${args.join(' ')} did not finish within ${timeoutMs} ms (in-process); stderr so far: ${stderr}`)), timeoutMs);
    });
    try {
      const code = await Promise.race([main(args, io), hang]);
      return { code, stdout, stderr };
    } finally {
      clearTimeout(timer);
    }
  });
}

/**
 * A clean failure: exit `code`, nothing on stdout, one line on stderr (besides warnings) matching
 * `pattern`, no stack trace.
 */
export function expectCleanFailure(run: CliResult, pattern: RegExp, code = 1): void {
  const problems: string[] = [];
  if (run.code !== code) problems.push(`exit code ${run.code}, expected ${code}`);
  if (run.stdout !== '') problems.push('stdout is not empty');
  const lines = run.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('sts-creds: warning:'));
  if (lines.length !== 1) problems.push(`${lines.length} stderr lines`);
  if (/\n\s+at |TypeError|ReferenceError|node:internal/.test(run.stderr)) problems.push('a stack trace or crash');
  if (!pattern.test(run.stderr)) problems.push(`stderr does not match ${pattern}`);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\n--- stderr ---\n${run.stderr}\n--- stdout ---\n${run.stdout}`);
}
