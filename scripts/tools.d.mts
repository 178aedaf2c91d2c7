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
export declare function ensureTools(): Promise<{ minio: string; mc: string; oidcProvider: string }>;

/**
 * The OpenID provider for the login tests (zitadel/oidc's, configured by scripts/oidc-provider/main.go),
 * built once into the tools directory.
 * @throws Error with `code === 'NO_GO'` when a build is needed and `go` is not on PATH
 */
export declare function ensureOidcProvider(): Promise<string>;
