/** Types for tools.mjs (plain JS so it runs without a build). */

export interface ToolSpec {
  readonly module: string;
  readonly version: string;
  readonly dir: string;
}

/** The pinned Go modules and the cache subdirectory each is built into. */
export declare const TOOLS: Readonly<{ minio: ToolSpec; mc: ToolSpec }>;

/** `${STS_CREDS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sts-creds/tools}` */
export declare function toolsDir(env?: NodeJS.ProcessEnv): string;

/** Where a tool's binary lives once built (it may not exist yet). */
export declare function toolPath(name: 'minio' | 'mc', env?: NodeJS.ProcessEnv): string;

/** True when `go` is on PATH. */
export declare function hasGo(env?: NodeJS.ProcessEnv): boolean;

/**
 * Absolute paths of the pinned binaries, building any that are missing (under a lock).
 * @throws Error with `code === 'NO_GO'` when a build is needed and `go` is not on PATH
 */
export declare function ensureTools(): Promise<{ minio: string; mc: string }>;

/** The Go programs the tests run, by name: the repository directory of each one's module. */
export declare const GO_PROGRAMS: Readonly<Record<'go-iam' | 'go-iam-chain', Readonly<{ dir: string; pkg: string }>>>;

/** Where a test program is (or will be) built: the tools cache, per hash of its sources. */
export declare function goProgramPath(name: keyof typeof GO_PROGRAMS, env?: NodeJS.ProcessEnv): Promise<string>;

/**
 * Builds the missing test programs (before tests start, never inside a test's timeout); their paths by name.
 * @throws Error with `code === 'NO_GO'` when a build is needed and `go` is not on PATH
 */
export declare function ensureGoPrograms(): Promise<Record<keyof typeof GO_PROGRAMS, string>>;
