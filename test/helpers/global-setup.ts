/**
 * Vitest global setup: builds (once) the pinned tools, MinIO, mc and SeaweedFS's `weed`, starts one
 * real MinIO with an identity plugin for the integration tests, and hands its coordinates to test
 * files through `inject('minio')` (and the `weed` binary through `inject('seaweedfs')`; the SeaweedFS
 * test files start their own server, see test/helpers/seaweedfs.ts).
 *
 * Without Go the tests cannot get MinIO: outside CI they are skipped with a loud warning; under CI
 * (any non-empty `CI`) setup fails, because integration tests must never silently skip there.
 * Set STS_CREDS_KEEP_MINIO_DIR=1 to keep MinIO's data directory and log after the run.
 */
import type { TestProject } from 'vitest/node';
import { startIdentityPlugin, type RunningIdentityPlugin } from '../../scripts/identity-plugin.mjs';
import { createUser, startMinio, type RunningMinio } from '../../scripts/minio.mjs';
import { ALL_TOOLS, ensureGoPrograms, ensureOidcProvider, ensureTools } from '../../scripts/tools.mjs';
import type { MinioEnv } from './minio-context.js';

const ROLE_ID = 'test';
const GOOD_TOKEN = 'good-token';
const REVOKED_TOKEN = 'revoked-token';
const PLUGIN_USER = 'alice';
const PLUGIN_MAX_VALIDITY = 3600;

function warnSkipped(reason: string): void {
  const bar = '!'.repeat(78);
  process.stderr.write(
    [
      '',
      bar,
      '!!  MinIO AND SeaweedFS INTEGRATION TESTS ARE SKIPPED',
      `!!  ${reason}`,
      '!!  Install Go 1.24+ (https://go.dev/dl/) so `node scripts/tools.mjs` can build',
      '!!  the pinned minio, mc and SeaweedFS, then run the tests again. Under CI this is an error.',
      bar,
      '',
      '',
    ].join('\n'),
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = performance.now();
  let tools: { minio: string; mc: string; seaweedfs?: string };
  try {
    // Every tool, before any test's timeout starts: a cold SeaweedFS build takes minutes.
    tools = await ensureTools(ALL_TOOLS);
    // The Go consumers the tests run (minio-go): built here too.
    project.provide('goPrograms', await ensureGoPrograms());
    // The OpenID provider of the login tests (they find it in the tools cache).
    await ensureOidcProvider();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'NO_GO') throw error;
    if (process.env.CI) {
      throw new Error(`CI is set, so MinIO integration tests may not be skipped: ${(error as Error).message}`, { cause: error });
    }
    warnSkipped('Go is not installed (`go` is not on PATH), so MinIO cannot be built.');
    project.provide('minio', null);
    project.provide('goPrograms', null);
    project.provide('seaweedfs', null);
    return async () => undefined;
  }
  const t1 = performance.now();
  project.provide('seaweedfs', tools.seaweedfs ? { weedPath: tools.seaweedfs } : null);

  let plugin: RunningIdentityPlugin | undefined;
  let minio: RunningMinio | undefined;
  const teardown = async (): Promise<void> => {
    const keepDir = Boolean(process.env.STS_CREDS_KEEP_MINIO_DIR);
    await minio?.stop({ keepDir });
    if (keepDir && minio) process.stderr.write(`[minio] kept ${minio.dir}\n`);
    await plugin?.stop();
  };

  try {
    // The plugin must answer before MinIO starts: MinIO calls it while initialising IAM.
    plugin = await startIdentityPlugin({
      tokens: {
        [GOOD_TOKEN]: { user: PLUGIN_USER, maxValiditySeconds: PLUGIN_MAX_VALIDITY },
        [REVOKED_TOKEN]: { reject: 'revoked' },
      },
    });
    minio = await startMinio({
      minioPath: tools.minio,
      env: {
        MINIO_IDENTITY_PLUGIN_URL: plugin.url,
        MINIO_IDENTITY_PLUGIN_ROLE_POLICY: 'readwrite',
        MINIO_IDENTITY_PLUGIN_ROLE_ID: ROLE_ID,
      },
    });
    const t2 = performance.now();
    const env: MinioEnv = {
      endpoint: minio.endpoint,
      rootUser: minio.rootUser,
      rootPassword: minio.rootPassword,
      mcPath: tools.mc,
      // Empty server region + ROLE_ID: no need to scrape the log (which --quiet suppresses anyway).
      roleArn: `arn:minio:iam:::role/idmp-${ROLE_ID}`,
      goodToken: GOOD_TOKEN,
      pluginUser: PLUGIN_USER,
      pluginMaxValiditySeconds: PLUGIN_MAX_VALIDITY,
      revokedToken: REVOKED_TOKEN,
      user: 'foobar',
      password: 'foo12345',
      logFile: minio.logFile,
    };
    await createUser(tools.mc, env.endpoint, env.rootUser, env.rootPassword, env.user, env.password, 'readwrite');
    const t3 = performance.now();
    process.stderr.write(
      `[minio] ready at ${env.endpoint} (tools ${seconds(t1 - t0)}, server ${seconds(t2 - t1)}, users ${seconds(t3 - t2)}; log ${env.logFile})\n`,
    );
    project.provide('minio', env);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
