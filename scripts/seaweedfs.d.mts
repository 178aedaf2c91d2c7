/** Types for seaweedfs.mjs (plain JS, like minio.mjs). */

export interface StartSeaweedfsOptions {
  /** The `-s3.config` document (static S3 identities). */
  s3Config: object;
  /** The `-s3.iam.config` document (`sts`, `policy`, `providers`, `policies`, `roles`). */
  iamConfig: object;
  /** The `weed` binary. @defaultValue the pinned build from `ensureTools(['seaweedfs'])` */
  weedPath?: string;
  /** @defaultValue 90000 */
  readyTimeoutMs?: number;
}

export interface RunningSeaweedfs {
  /** The S3 and STS endpoint, e.g. `http://127.0.0.1:41234`. */
  endpoint: string;
  /** Temp directory holding `data/`, the config files and `weed.log`; removed by `stop()`. */
  dir: string;
  logFile: string;
  pid: number | undefined;
  /** SIGTERM, then SIGKILL after 3 s (it never exits by itself); removes `dir` unless `keepDir`. */
  stop(options?: { keepDir?: boolean }): Promise<void>;
}

/** Starts `weed server -filer -s3` on loopback and waits until STS answers and a volume server has joined. */
export declare function startSeaweedfs(options: StartSeaweedfsOptions): Promise<RunningSeaweedfs>;
