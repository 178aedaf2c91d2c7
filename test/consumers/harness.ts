/**
 * Shared plumbing for the consumer tests: run the built `sts-creds` bin and real third-party
 * programs (shells, the AWS CLI, mc, node) with a clean environment, in throwaway directories.
 *
 * The consumer tests prove that what sts-creds prints is read back exactly by the programs people
 * actually feed it to, so they spawn those programs for real instead of re-implementing their parsers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, type TestContext } from 'vitest';

/** Absolute path of the CLI shim; it loads `dist/`, so `npm run build` must have run. */
export const BIN = fileURLToPath(new URL('../../bin/sts-creds.js', import.meta.url));

/** What a finished child process left behind. */
export interface RunResult {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout as bytes, for byte-exact comparisons. */
  stdoutBytes: Buffer;
}

export interface RunOptions {
  /** The complete environment of the child: nothing is inherited unless passed here. */
  env: Record<string, string>;
  cwd?: string;
  input?: string | Buffer;
  /** @defaultValue 60000 */
  timeoutMs?: number;
  /** Called with the child's pid once it is spawned (for sending it signals). */
  onSpawn?: (pid: number) => void;
}

/**
 * Runs `file args...` to completion and collects its output. Rejects only when the program
 * cannot be started or outlives `timeoutMs` (it is then killed).
 */
export function run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms; stderr so far: ${Buffer.concat(err).toString()}`));
    }, options.timeoutMs ?? 60_000);
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
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, signal, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes });
    });
    child.stdin.on('error', () => undefined); // the child may exit without reading stdin
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the built `sts-creds` with exactly `env` (plus nothing inherited). */
export function runCli(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return run(process.execPath, [BIN, ...args], options);
}

/**
 * A minimal environment for a child: PATH, HOME, a UTF-8 locale and whatever `extra` adds.
 * Nothing AWS_*, STS_CREDS_*, MC_* or shell start-up related (BASH_ENV, ENV) leaks in from the
 * environment the tests run in.
 */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: home, LC_ALL: 'C.UTF-8', ...extra };
}

/**
 * Registers a directory factory whose directories are deleted after the file's tests.
 * @returns a function making a new empty temporary directory
 */
export function useTempDirs(prefix: string): () => Promise<string> {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), `sts-creds-${prefix}-`));
    dirs.push(dir);
    return dir;
  };
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The AWS CLI to test with. Prefers a v2 `aws` (the one scripts/install-system-deps.sh installs as
 * `/usr/bin/aws`) over whatever comes first on PATH, which on some machines is a v1 shim.
 */
export function findAwsCli(): string | undefined {
  const candidates = ['/usr/bin/aws', onPath('aws')].filter((p): p is string => p !== undefined && existsSync(p));
  for (const path of candidates) {
    const probe = spawnSync(path, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tmpdir() } });
    if (probe.status === 0 && /^aws-cli\/2\./.test(probe.stdout)) return path;
  }
  return candidates[0];
}

/** Finds a program on PATH (or at an absolute path). */
export function findProgram(name: string): string | undefined {
  if (name.startsWith('/')) return existsSync(name) ? name : undefined;
  return onPath(name);
}

/**
 * Skips the current test when a program the consumer tests need is missing, but only outside CI:
 * under CI (scripts/install-system-deps.sh installs them all) a missing program fails the test.
 */
export function requireProgram(ctx: TestContext, name: string, path: string | undefined): string {
  if (path) return path;
  const reason = `${name} is not installed (run scripts/install-system-deps.sh)`;
  if (process.env.CI) throw new Error(`CI is set, so this test may not be skipped: ${reason}`);
  ctx.skip(reason);
  return name;
}
