/**
 * `--refresh` and `cache clear` against the real MinIO (issue 22, item 1): after `mc admin user disable`,
 * a cached entry keeps being served (MinIO does not revoke it), and `--refresh` asks MinIO, which now
 * refuses the user: the refusal is reported instead of the cached keys.
 */
import { describe, expect, it } from 'vitest';
import { createUser, mcAdmin } from '../../scripts/minio.mjs';
import { expectCleanFailure, runCli } from '../helpers/cli.js';
import { useMinio } from '../helpers/minio-context.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeHome = useTempDirs('cache-refresh-minio');

describe('--refresh against a real MinIO', () => {
  const minio = useMinio();

  it('after the user is disabled, --refresh gets a fresh refusal instead of the cached keys', { timeout: 120_000 }, async () => {
    const { endpoint, rootUser, rootPassword, mcPath } = minio();
    const user = `refresh${Date.now().toString(36)}`;
    const password = 'refresh-user-secret-1';
    await createUser(mcPath, endpoint, rootUser, rootPassword, user, password, 'readwrite');
    const home = makeHome();
    const cred = (...extra: string[]) =>
      runCli(['assume-role', '-u', user, '--password-env', 'PW', '--endpoint', endpoint, '-o', 'credential-process', ...extra], { home, env: { PW: password } });
    const first = await cred();
    expect(first.code, first.stderr).toBe(0);
    const cachedKey = (JSON.parse(first.stdout) as { AccessKeyId: string }).AccessKeyId;

    await mcAdmin(mcPath, endpoint, rootUser, rootPassword, ['user', 'disable', 'local', user]);
    const stillCached = await cred();
    expect(stillCached.code).toBe(0);
    expect((JSON.parse(stillCached.stdout) as { AccessKeyId: string }).AccessKeyId).toBe(cachedKey);

    const refreshed = await cred('--refresh');
    expectCleanFailure(refreshed, /AssumeRole failed/, 1);
    expect(refreshed.stderr).not.toContain(password);

    // cache clear with the same flags removes the entry; then the plain run asks MinIO too.
    const cleared = await runCli(['cache', 'clear', 'assume-role', '-u', user, '--endpoint', endpoint], { home });
    expect(cleared.stdout, cleared.stderr).toBe('removed 1 cache entry\n');
    expectCleanFailure(await cred(), /AssumeRole failed/, 1);
  });
});
