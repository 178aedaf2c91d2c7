/**
 * Spawns the BUILT CLI (`node bin/sts-creds.js`) asynchronously, so an in-process fake server can
 * answer it, with a clean environment (nothing inherited from the developer's AWS or sts-creds setup).
 */
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(REPO, 'bin', 'sts-creds.js');

let bin = BIN;
/** A private HOME (and credential cache) for the runs; inside the built copy, removed with it. */
let home = join(tmpdir(), 'sts-creds-cli-home-unset');

/**
 * Builds dist/ when it is missing (`npm test` builds it in `pretest`), then runs the tests from a
 * private copy of bin/, dist/ and package.json, so a rebuild of dist/ while the tests run (`rm -rf
 * dist && tsc`) cannot make a run fail with "Cannot find module".
 * @returns a function that removes the copy
 */
export function useBuiltCopy(): () => void {
  const main = join(REPO, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) {
    // What `npm run build` does, minus the `rm -rf dist`.
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'inherit' });
    const bundler = join(REPO, 'scripts', 'build-cli.mjs');
    if (existsSync(bundler)) execFileSync(process.execPath, [bundler], { cwd: REPO, stdio: 'inherit' });
  }
  const copy = mkdtempSync(join(tmpdir(), 'sts-creds-built-'));
  for (let attempt = 0; ; attempt++) {
    try {
      cpSync(join(REPO, 'dist'), join(copy, 'dist'), { recursive: true });
      if (!existsSync(join(copy, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is incomplete (a build is running?)');
      break;
    } catch (error) {
      if (attempt >= 20) throw error;
      rmSync(join(copy, 'dist'), { recursive: true, force: true });
      execFileSync('sleep', ['0.5']);
    }
  }
  cpSync(join(REPO, 'bin'), join(copy, 'bin'), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
  bin = join(copy, 'bin', 'sts-creds.js');
  home = join(copy, 'home');
  mkdirSync(home);
  return () => {
    bin = BIN;
    rmSync(copy, { recursive: true, force: true });
  };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the run. */
  ms: number;
  /** True when the run was killed for exceeding `timeoutMs`. */
  timedOut: boolean;
}

export interface RunOptions {
  /** Extra environment; `undefined` values remove a variable. */
  env?: Record<string, string | undefined>;
  /** Text written to stdin, then stdin is closed; `'keep-open'` leaves the pipe open and silent. Default: closed empty pipe. */
  stdin?: string | 'keep-open';
  /** Kill the run after this long. Default 20 s. */
  timeoutMs?: number;
}


/** The environment every run starts from: PATH, a private HOME and cache, nothing else. */
export function baseEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    STS_CREDS_CACHE_DIR: join(home, 'cache'),
    LANG: 'C.UTF-8',
  };
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = baseEnv();
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: REPO, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined); // the CLI may exit before reading stdin
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
        timedOut,
      });
    });
    if (options.stdin === 'keep-open') return;
    child.stdin.end(options.stdin ?? '');
  });
}
