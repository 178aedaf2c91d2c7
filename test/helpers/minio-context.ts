/**
 * Access to the MinIO that test/helpers/global-setup.ts started, from inside test files.
 *
 * @example
 * ```ts
 * describe('AssumeRole', () => {
 *   const minio = useMinio(); // skips every test here when Go (and so MinIO) is unavailable outside CI
 *   it('works', async () => {
 *     const { endpoint, rootUser, rootPassword } = minio();
 *   });
 * });
 * ```
 */
import { readFileSync } from 'node:fs';
import { beforeEach, inject, type TestContext } from 'vitest';

/** Everything a test needs to talk to the harness's MinIO. */
export interface MinioEnv {
  /** e.g. `http://127.0.0.1:41234` */
  endpoint: string;
  rootUser: string;
  rootPassword: string;
  /** Path of the pinned `mc`, for setup steps through scripts/minio.mjs. */
  mcPath: string;
  /** The identity plugin's role ARN, `arn:minio:iam:::role/idmp-test`. */
  roleArn: string;
  /** A token the identity plugin accepts, as user {@link MinioEnv.pluginUser}. */
  goodToken: string;
  /** The user the plugin maps {@link MinioEnv.goodToken} to (`custom:<it>` on MinIO). */
  pluginUser: string;
  /** The `maxValiditySeconds` the plugin answers for {@link MinioEnv.goodToken}. */
  pluginMaxValiditySeconds: number;
  /** A token the plugin refuses with reason `token rejected: revoked`. */
  revokedToken: string;
  /** A MinIO user with the `readwrite` policy. */
  user: string;
  password: string;
  /** MinIO's log (deleted at teardown unless STS_CREDS_KEEP_MINIO_DIR is set). */
  logFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** `null` when Go is missing outside CI: integration tests skip. */
    minio: MinioEnv | null;
  }
}

const SKIP_REASON = 'MinIO not available (Go is not installed); see the warning printed at startup';

/**
 * What global setup provided: the environment, or `null` when Go is missing. Throws in a project
 * without that global setup (the fast `unit` project), so a file that needs MinIO fails loudly there
 * instead of skipping quietly.
 */
function providedMinio(): MinioEnv | null {
  const env = inject('minio') as MinioEnv | null | undefined;
  if (env === undefined) throw new Error('this test needs MinIO, which only the `integration` project starts: list the file there in vitest.config.ts');
  return env;
}

/** The last lines of MinIO's log, for failure output. */
export function minioLogTail(env: { logFile: string }, lines = 30): string {
  try {
    return readFileSync(env.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') || '(empty)';
  } catch (error) {
    return `(cannot read ${env.logFile}: ${(error as Error).message})`;
  }
}

/**
 * The MinIO environment for the current test, or a skip when there is none.
 * Under CI there is always one: global setup fails instead of providing `null`.
 */
export function minioContext(ctx: TestContext): MinioEnv {
  const env = providedMinio();
  if (!env) ctx.skip(SKIP_REASON);
  return env;
}

/**
 * Call at describe level: when a test fails, prints the tail of the log of the MinIO `running()`
 * returns (nothing when it returns undefined, e.g. because it never started).
 */
export function showMinioLogOnFailure(label: string, running: () => { logFile: string } | undefined): void {
  beforeEach((ctx) => {
    ctx.onTestFailed(() => {
      const server = running();
      if (server) process.stderr.write(`\n--- last lines of ${label}'s log (${server.logFile}) ---\n${minioLogTail(server)}\n---\n`);
    });
  });
}

/**
 * Call at describe level. Registers a `beforeEach` that skips each test when MinIO is unavailable
 * and, when a test fails, prints the tail of MinIO's log. Returns a getter for the environment.
 * `beforeAll` hooks cannot skip; guard them with `if (!minio.available) return;`.
 */
export function useMinio(): MinioGetter {
  const env = providedMinio();
  beforeEach((ctx) => {
    if (!env) ctx.skip(SKIP_REASON);
  });
  showMinioLogOnFailure('MinIO', () => env ?? undefined);
  const get = (): MinioEnv => {
    if (!env) throw new Error(SKIP_REASON);
    return env;
  };
  return Object.assign(get, { available: env !== null });
}

/** Returns the environment (throws when MinIO is unavailable; tests are skipped before that). */
export interface MinioGetter {
  (): MinioEnv;
  /** False when tests will be skipped; check it in `beforeAll`, which cannot skip. */
  readonly available: boolean;
}
