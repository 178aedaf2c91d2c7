/** Types for tools.mjs (plain JS so it runs without a build). */

export interface ToolSpec {
  readonly module: string;
  readonly version: string;
  readonly dir: string;
  /** The executable's name. */
  readonly bin: string;
  /** Set when the module is built as the main module (`go build <mainPackage>`) instead of with `go install`. */
  readonly mainPackage?: string;
}

/** A pinned tool's name. */
export type ToolName = 'minio' | 'mc' | 'seaweedfs';

/** The pinned Go modules and the cache subdirectory each is built into. */
export declare const TOOLS: Readonly<Record<ToolName, ToolSpec>>;

/** What `ensureTools()` builds by default: `minio` and `mc`. */
export declare const MINIO_TOOLS: readonly ['minio', 'mc'];

/** Every pinned tool (the test suite's and `npm run tools`' set). */
export declare const ALL_TOOLS: readonly ToolName[];

/** `${STS_CREDS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sts-creds/tools}` */
export declare function toolsDir(env?: NodeJS.ProcessEnv): string;

/** Where a tool's binary lives once built (it may not exist yet). */
export declare function toolPath(name: ToolName, env?: NodeJS.ProcessEnv): string;

/** True when `go` is on PATH. */
export declare function hasGo(env?: NodeJS.ProcessEnv): boolean;

/**
 * Absolute paths of pinned binaries, building any that are missing (one at a time, each under a lock).
 * @param names - which tools; default `minio` and `mc`
 * @throws Error with `code === 'NO_GO'` when a build is needed and `go` is not on PATH
 */
export declare function ensureTools(): Promise<{ minio: string; mc: string }>;
export declare function ensureTools(names: readonly ToolName[]): Promise<{ minio: string; mc: string; seaweedfs?: string }>;

/** The Go programs the tests run, by name: the repository directory of each one's module. */
export declare const GO_PROGRAMS: Readonly<Record<'go-iam' | 'go-iam-chain', Readonly<{ dir: string; pkg: string }>>>;

/** Where a test program is (or will be) built: the tools cache, per hash of its sources. */
export declare function goProgramPath(name: keyof typeof GO_PROGRAMS, env?: NodeJS.ProcessEnv): Promise<string>;

/**
 * Builds the missing test programs (before tests start, never inside a test's timeout); their paths by name.
 * @throws Error with `code === 'NO_GO'` when a build is needed and `go` is not on PATH
 */
export declare function ensureGoPrograms(): Promise<Record<keyof typeof GO_PROGRAMS, string>>;

/**
 * The OpenID provider for the login tests (zitadel/oidc's, configured by scripts/oidc-provider/main.go),
 * built once into the tools directory.
 * @throws Error with `code === 'NO_GO'` when a build is needed and `go` is not on PATH
 */
export declare function ensureOidcProvider(): Promise<string>;
