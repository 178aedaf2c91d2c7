/**
 * Throwaway directories for a test file, removed after its tests.
 *
 * @example
 * ```ts
 * const makeTempDir = useTempDirs('exec');
 * it('runs in a fresh directory', () => {
 *   const cwd = makeTempDir();
 * });
 * ```
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * Call at file or describe level: registers an `afterAll` that removes every directory made.
 * @returns a function making a new empty directory `sts-creds-<prefix>-*` in the OS temp directory
 */
export function useTempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `sts-creds-${prefix}-`));
    dirs.push(dir);
    return dir;
  };
}

/** One directory for a test file's input files; see {@link useScratchDir}. */
export interface ScratchDir {
  /** The directory (made in `beforeAll`). */
  readonly path: string;
  /** Writes `content` to `name` in the directory. @returns its path */
  file(name: string, content: string): string;
}

/** Call at file level: one temporary directory made before the file's tests and removed after them. */
export function useScratchDir(prefix: string): ScratchDir {
  const make = useTempDirs(prefix);
  let path = '';
  beforeAll(() => {
    path = make();
  });
  return {
    get path() {
      if (!path) throw new Error('the scratch directory exists only once the tests run (beforeAll)');
      return path;
    },
    file(name, content) {
      const file = join(this.path, name);
      writeFileSync(file, content);
      return file;
    },
  };
}

/** The files of a home the AWS tools and mc would have written, each optional. */
export interface ToolFiles {
  /** `~/.aws/config`. */
  config?: string;
  /** `~/.aws/credentials`. */
  credentials?: string;
  /** `~/.mc/config.json`, as an object. */
  mc?: object;
}

/** Writes `~/.aws/config`, `~/.aws/credentials` and `~/.mc/config.json` into `dir` as the tools do (0600 in 0700). @returns dir */
export function writeToolHome(dir: string, files: ToolFiles): string {
  mkdirSync(join(dir, '.aws'), { mode: 0o700 });
  mkdirSync(join(dir, '.mc'), { mode: 0o700 });
  if (files.config !== undefined) writeFileSync(join(dir, '.aws', 'config'), files.config, { mode: 0o600 });
  if (files.credentials !== undefined) writeFileSync(join(dir, '.aws', 'credentials'), files.credentials, { mode: 0o600 });
  if (files.mc !== undefined) writeFileSync(join(dir, '.mc', 'config.json'), JSON.stringify(files.mc), { mode: 0o600 });
  return dir;
}
