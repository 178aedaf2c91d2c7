/** Types for minio.mjs (plain JS so the demo runs without a build). */

export interface StartMinioOptions {
  /** Extra environment for the server, e.g. `MINIO_IDENTITY_PLUGIN_URL`. */
  env?: Record<string, string>;
  /** @defaultValue `'sts-creds-root'` */
  rootUser?: string;
  /** At least 8 characters. @defaultValue `'sts-creds-root-secret'` */
  rootPassword?: string;
  /** The `minio` binary. @defaultValue the pinned build from `ensureTools()` */
  minioPath?: string;
  /** @defaultValue 60000 */
  readyTimeoutMs?: number;
  /** Listen on this loopback port (e.g. to restart a stopped server where its clients expect it). @defaultValue a free port */
  port?: number;
  /**
   * Serve https with this PEM certificate and key (written to `certs/public.crt` and `certs/private.key`).
   * `ca` is trusted by the readiness probe and written to `certs/CAs/`, so MinIO also trusts client certificates it issued.
   */
  tls?: { cert: string; key: string; ca?: string };
}

export interface RunningMinio {
  /** e.g. `http://127.0.0.1:41234` (`https://` with `tls`) */
  endpoint: string;
  port: number;
  rootUser: string;
  rootPassword: string;
  /** Temp directory holding `data/`, `certs/` and `minio.log`; removed by `stop()`. */
  dir: string;
  dataDir: string;
  logFile: string;
  pid: number | undefined;
  /** Milliseconds from spawn until `/minio/health/cluster` answered 200. */
  startupMs: number;
  /** SIGTERM, SIGKILL after 5 s, then removes `dir` (unless `keepDir`). Idempotent: later calls return the first call's promise. */
  stop(options?: { keepDir?: boolean }): Promise<void>;
}

export interface McResult {
  stdout: string;
  stderr: string;
  /** Each JSON line of stdout (mc runs with `--json`). */
  json: unknown[];
}

export interface McOptions {
  /** Written to mc's stdin (for `mc pipe`). */
  input?: string | Buffer;
  /** Strings to replace with `***` in error messages (the root password always is). */
  secrets?: string[];
}

/** Starts a throwaway MinIO on 127.0.0.1 and waits until it is fully initialised. */
export declare function startMinio(options?: StartMinioOptions): Promise<RunningMinio>;

/** A free TCP port on 127.0.0.1 (at the time of asking). */
export declare function freePort(): Promise<number>;

/** The last `lines` lines of a file, for error messages. */
export declare function tailFile(path: string, lines?: number): string;

/** Runs mc against the server as alias `local`. @throws Error with mc's message on a non-zero exit */
export type McRunner = (mcPath: string, endpoint: string, rootUser: string, rootPassword: string, args: string[], options?: McOptions) => Promise<McResult>;

/** Runs `mc <args>`. */
export declare const runMc: McRunner;

/** Runs `mc admin <args>`. */
export declare const mcAdmin: McRunner;

/** `mc admin user add` + `mc admin policy attach`. */
export declare function createUser(
  mcPath: string,
  endpoint: string,
  rootUser: string,
  rootPassword: string,
  user: string,
  password: string,
  policy: string,
): Promise<void>;

/** `mc admin policy create` from a JSON document. */
export declare function createPolicy(
  mcPath: string,
  endpoint: string,
  rootUser: string,
  rootPassword: string,
  name: string,
  document: object,
): Promise<void>;
