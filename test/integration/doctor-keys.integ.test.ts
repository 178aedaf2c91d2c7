/**
 * doctor's keys check against the real MinIO (issue 22, item 3): with the right keys "All checks
 * passed" and the credential command then works; with a wrong secret key, an unknown access key or a
 * disabled user the keys check fails (exit 1), as the credential command would.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, mcAdmin } from '../../scripts/minio.mjs';
import { runCli } from '../helpers/cli.js';
import { useMinio } from '../helpers/minio-context.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeTempDir = useTempDirs('doctor-keys-minio');

describe('doctor checks the keys against the real MinIO', () => {
  const minio = useMinio();
  let home: string;
  const disabled = `doctordis${Date.now().toString(36)}`;

  beforeAll(async () => {
    if (!minio.available) return;
    const { endpoint, user, password, rootUser, rootPassword, mcPath } = minio();
    await createUser(mcPath, endpoint, rootUser, rootPassword, disabled, 'disabled-user-secret', 'readwrite');
    await mcAdmin(mcPath, endpoint, rootUser, rootPassword, ['user', 'disable', 'local', disabled]);
    home = makeTempDir();
    mkdirSync(join(home, '.aws'), { mode: 0o700 });
    const profile = (name: string, key: string, secret: string): string =>
      `[profile ${name}]\nendpoint_url = ${endpoint}\naws_access_key_id = ${key}\naws_secret_access_key = ${secret}\n`;
    writeFileSync(
      join(home, '.aws', 'config'),
      [profile('good', user, password), profile('badkeys', user, 'not-the-secret-key'), profile('nouser', 'NOSUCHUSER', password), profile('disabled', disabled, 'disabled-user-secret')].join('\n'),
      { mode: 0o600 },
    );
  });

  it('right keys: the keys check passes, and so does the credential command', async () => {
    const run = await runCli(['doctor', '--profile', 'good'], { home });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\[ ok \] keys {5}the access key "[^"]+" from AWS profile "good" signed an AssumeRole the server accepted/);
    expect(run.stdout).toMatch(/All checks passed: the server accepts these keys, so the credential command would work\.\n$/);
    expect((await runCli(['assume-role', '--profile', 'good', '-o', 'json'], { home })).code).toBe(0);
  });

  for (const [name, pattern] of [
    ['badkeys', /\[FAIL\] keys {5}the secret key of the access key "[^"]+" from AWS profile "badkeys" does not match: HTTP 403 AccessDenied: The request signature we calculated does not match/],
    ['nouser', /\[FAIL\] keys {5}the server refuses the access key "NOSUCHUSER" from AWS profile "nouser": HTTP 403 AccessDenied: The Access Key Id you provided does not exist/],
    ['disabled', /\[FAIL\] keys {5}the server refuses the access key "[^"]+" from AWS profile "disabled": HTTP 403/],
  ] as const) {
    it(`${name}: the keys check fails (exit 1), as the credential command does`, async () => {
      const run = await runCli(['doctor', '--profile', name], { home });
      expect(run.stdout).toMatch(pattern);
      expect(run.stdout).toMatch(/1 check failed\.\n$/);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toContain('not-the-secret-key');
      expect((await runCli(['assume-role', '--profile', name], { home })).code).toBe(1);
    });
  }
});
