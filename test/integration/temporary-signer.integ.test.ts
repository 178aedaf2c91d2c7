/**
 * Against the real MinIO, what a new user runs into: after `eval "$(sts-creds env ...)"`, a plain
 * `sts-creds assume-role` signs with the temporary keys it just exported; MinIO refuses, and the error
 * says these are temporary credentials. And a wrong password given outright is sent to MinIO (which
 * refuses it), never answered from the cache that the right one filled.
 */
import { assertLoopback } from '../consumers/harness.js';
import { describe, expect, it } from 'vitest';
import { makeHome, runCli } from '../helpers/cli.js';
import { useMinio } from '../helpers/minio-context.js';

const minio = useMinio();

describe('temporary keys as the signer, against MinIO', () => {
  it('assume-role with the keys env exported fails, saying they are temporary credentials', async () => {
    const env = minio();
    assertLoopback(env.endpoint);
    const exported = await runCli(['env', '-u', env.user, '--password-env', 'PW', '--endpoint', env.endpoint, '--shell', 'sh'], { env: { PW: env.password } });
    expect(exported.code, exported.stderr).toBe(0);
    const vars = Object.fromEntries([...exported.stdout.matchAll(/^export (AWS_[A-Z_]+)='([^']*)'/gm)].map((m) => [m[1]!, m[2]!]));
    expect(vars.AWS_SESSION_TOKEN).toBeTruthy();
    const run = await runCli(['assume-role', '--endpoint', env.endpoint], {
      env: { AWS_ACCESS_KEY_ID: vars.AWS_ACCESS_KEY_ID!, AWS_SECRET_ACCESS_KEY: vars.AWS_SECRET_ACCESS_KEY!, AWS_SESSION_TOKEN: vars.AWS_SESSION_TOKEN! },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("these are temporary credentials (they come with a session token); AssumeRole needs a user's long-term keys");
    expect(run.stderr).not.toContain(vars.AWS_SECRET_ACCESS_KEY!);
  });

  it('-p WRONGPASS -o credential-process goes to MinIO (refused), not to the cache the right password filled', async () => {
    const env = minio();
    assertLoopback(env.endpoint);
    const home = makeHome();
    const right = await runCli(['assume-role', '-u', env.user, '--password-env', 'PW', '--endpoint', env.endpoint, '-o', 'credential-process'], { home, env: { PW: env.password } });
    expect(right.code, right.stderr).toBe(0);
    const wrong = await runCli(['assume-role', '-u', env.user, '-p', 'WRONGPASS-not-it', '--endpoint', env.endpoint, '-o', 'credential-process'], { home });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/AssumeRole failed: (SignatureDoesNotMatch|AccessDenied|InvalidAccessKeyId)/);
    const again = await runCli(['assume-role', '-u', env.user, '--password-env', 'PW', '--endpoint', env.endpoint, '-o', 'credential-process'], { home, env: { PW: env.password } });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(right.stdout));
  });
});
