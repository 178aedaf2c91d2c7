/**
 * `sts-creds exec -- command`, run for real with credentials from the real MinIO: the command's
 * exit status comes back unchanged (128+N for a signal, 127/126 when it cannot run), SIGTERM,
 * SIGINT and SIGHUP reach it, it never starts when STS fails, and its environment holds exactly the
 * new credentials and none of the variables that would override them or leak long-term secrets.
 */
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/minio.mjs';
import { useMinio, type MinioEnv } from '../helpers/minio-context.js';
import { runCli, type CliResult, type RunOptions } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const minio = useMinio();
const makeTempDir = useTempDirs('exec');

/**
 * `sts-creds exec` as foobar (password from $PW) against the harness's MinIO, in a fresh working
 * directory, with `env` added to a clean environment.
 */
async function execAs(
  env: MinioEnv,
  command: readonly string[],
  options: { env?: Record<string, string>; flags?: readonly string[]; cwd?: string; onSpawn?: RunOptions['onSpawn'] } = {},
): Promise<CliResult & { cwd: string }> {
  const cwd = options.cwd ?? (makeTempDir());
  const flags = options.flags ?? ['-u', env.user, '--password-env', 'PW', '--endpoint', env.endpoint];
  // $PW is only there for the default flags, so a test passing its own flags controls every secret in the environment.
  const result = await runCli(['exec', ...flags, '--', ...command], {
    cwd,
    home: cwd,
    env: { ...(options.flags ? {} : { PW: env.password }), ...options.env },
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  });
  return { ...result, cwd };
}

async function waitForFile(path: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('exit status', () => {
  it.each([0, 3, 42])("passes the command's exit code %i through", async (code) => {
    const result = await execAs(minio(), ['sh', '-c', `exit ${code}`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(code);
  });

  it.each(['SIGKILL', 'SIGTERM', 'SIGSEGV'] as const)('reports a command ended by %s as 128+N', async (signal) => {
    const result = await execAs(minio(), ['sh', '-c', `kill -${signal.slice(3)} $$`]);
    expect(result.code).toBe(128 + constants.signals[signal]);
  });

  it('exits 127 when the command is not found', async () => {
    const result = await execAs(minio(), ['sts-creds-no-such-command-xyz', 'arg']);
    expect(result.code).toBe(127);
    expect(result.stderr).toBe('sts-creds: exec: cannot run "sts-creds-no-such-command-xyz": command not found\n');
  });

  it('exits 126 when the command cannot be executed', async () => {
    const dir = makeTempDir();
    const script = join(dir, 'not-executable.sh');
    await writeFile(script, '#!/bin/sh\nexit 0\n');
    await chmod(script, 0o644);
    const result = await execAs(minio(), [script], { cwd: dir });
    expect(result.code).toBe(126);
    expect(result.stderr).toMatch(/^sts-creds: exec: cannot run .*not-executable\.sh.*\n$/);
  });
});

describe('signals sent to sts-creds reach the command', () => {
  it.each(['TERM', 'INT', 'HUP'] as const)('SIG%s is forwarded and the exit code is the command’s', async (name) => {
    const env = minio();
    const cwd = makeTempDir();
    let pid = 0;
    // The command records the signal and exits 9; `ready` tells the test its trap is in place.
    const script = `trap 'echo got ${name} > got; exit 9' ${name}; : > ready; while :; do sleep 0.05; done`;
    const finished = execAs(env, ['sh', '-c', script], { cwd, onSpawn: (p) => (pid = p) });
    await waitForFile(join(cwd, 'ready'));
    process.kill(pid, `SIG${name}`);
    const result = await finished;
    expect(result.code).toBe(9);
    expect(result.signal).toBeNull();
    expect(await readFile(join(cwd, 'got'), 'utf8')).toBe(`got ${name}\n`);
  });

  it('a forwarded SIGTERM that ends the command gives 143', async () => {
    const env = minio();
    const cwd = makeTempDir();
    let pid = 0;
    const finished = execAs(env, ['sh', '-c', ': > ready; while :; do sleep 0.05; done'], { cwd, onSpawn: (p) => (pid = p) });
    await waitForFile(join(cwd, 'ready'));
    process.kill(pid, 'SIGTERM');
    const result = await finished;
    expect(result.code).toBe(128 + constants.signals.SIGTERM);
    expect(result.signal).toBeNull(); // sts-creds itself was not killed: it reported the command's fate
  });
});

describe('when STS fails the command never starts', () => {
  const canary = ['sh', '-c', 'touch CANARY'];

  it('wrong password: exit 1, one line on stderr, no canary', async () => {
    const env = minio();
    const result = await execAs(env, canary, { env: { PW: 'not-the-password' } }); // overrides the default $PW
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^sts-creds: [^\n]+\n$/);
    expect(result.stderr).not.toContain('not-the-password');
    expect(existsSync(join(result.cwd, 'CANARY'))).toBe(false);
  });

  it('unreachable endpoint: exit 1, no canary', async () => {
    const env = minio();
    const port = await freePort(); // nothing listens there
    const flags = ['-u', env.user, '--password-env', 'PW', '--endpoint', `http://127.0.0.1:${port}`, '--timeout', '5'];
    const result = await execAs(env, canary, { flags, env: { PW: env.password } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^sts-creds: [^\n]+\n$/);
    expect(existsSync(join(result.cwd, 'CANARY'))).toBe(false);
  });

  it('bad usage: exit 2, no canary', async () => {
    const env = minio();
    const result = await execAs(env, canary, { flags: ['-u', env.user, '--password-env', 'UNSET_VARIABLE', '--endpoint', env.endpoint] });
    expect(result.stderr).toContain('UNSET_VARIABLE');
    expect(result.code).toBe(2);
    expect(existsSync(join(result.cwd, 'CANARY'))).toBe(false);
  });
});

describe("the command's environment", () => {
  const POISON = {
    AWS_PROFILE: 'nonexistent',
    AWS_DEFAULT_PROFILE: 'nonexistent',
    AWS_ACCESS_KEY_ID: 'STALEKEY',
    AWS_SECRET_ACCESS_KEY: 'stale-secret',
    AWS_SESSION_TOKEN: 'stale-token',
    AWS_SECURITY_TOKEN: 'stale-legacy-token',
    AWS_CREDENTIAL_EXPIRATION: '2000-01-01T00:00:00Z',
    AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token',
    AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/x',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.2/creds',
    STS_CREDS_TOKEN: 'long-term-token',
  };
  /** The poisoned variables that must be gone (the other four are replaced by the new credentials). */
  const SCRUBBED = [
    'AWS_PROFILE',
    'AWS_DEFAULT_PROFILE',
    'AWS_SECURITY_TOKEN',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_ROLE_ARN',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'STS_CREDS_TOKEN',
  ];

  /** Runs `env -0` under exec (cached credentials), then `-o json` from the same cache, and returns both. */
  async function childEnvAndCredentials(env: MinioEnv, parentEnv: Record<string, string>, passwordFlags: readonly string[]) {
    const cache = makeTempDir();
    const flags = ['-u', env.user, ...passwordFlags, '--endpoint', env.endpoint, '--region', 'us-east-1', '--cache'];
    const exec = await execAs(env, ['sh', '-c', 'env -0 > child.env'], { flags, env: { ...parentEnv, STS_CREDS_CACHE_DIR: cache } });
    expect(exec.code, exec.stderr).toBe(0);
    const dump = await readFile(join(exec.cwd, 'child.env'), 'utf8');
    const childEnv = new Map(
      dump
        .split('\0')
        .filter(Boolean)
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as const),
    );
    // The same credentials again, from the cache exec filled (PW is still set for a cache miss).
    const json = await runCli(['assume-role', '-o', 'json', ...flags], {
      home: cache,
      env: { PW: env.password, STS_CREDS_PASSWORD: env.password, STS_CREDS_CACHE_DIR: cache },
    });
    expect(json.code, json.stderr).toBe(0);
    return { childEnv, creds: JSON.parse(json.stdout) as Record<string, string> };
  }

  it('holds exactly the new credential and destination variables, without profile, stale or secret variables', async () => {
    const env = minio();
    const { childEnv, creds } = await childEnvAndCredentials(
      env,
      { ...POISON, STS_CREDS_PASSWORD: env.password, KEEP_ME: 'kept  value\n', AWS_REGION: 'eu-west-3' },
      [], // the password comes from STS_CREDS_PASSWORD
    );
    expect(childEnv.get('AWS_ACCESS_KEY_ID')).toBe(creds.AccessKeyId);
    expect(childEnv.get('AWS_SECRET_ACCESS_KEY')).toBe(creds.SecretAccessKey);
    expect(childEnv.get('AWS_SESSION_TOKEN')).toBe(creds.SessionToken);
    expect(childEnv.get('AWS_CREDENTIAL_EXPIRATION')).toBe(creds.Expiration);
    expect(creds.AccessKeyId).not.toBe('STALEKEY');
    for (const name of [...SCRUBBED, 'STS_CREDS_PASSWORD']) expect(childEnv.has(name), name).toBe(false);
    expect([...childEnv.values()].some((v) => v.includes(env.password))).toBe(false);
    // Everything else is inherited unchanged.
    expect(childEnv.get('KEEP_ME')).toBe('kept  value\n');
    // The region the call was signed for (--region, over the parent's AWS_REGION) and the endpoint it went to are handed over.
    expect(childEnv.get('AWS_REGION')).toBe('us-east-1');
    expect(childEnv.get('AWS_DEFAULT_REGION')).toBe('us-east-1');
    expect(childEnv.get('AWS_ENDPOINT_URL')).toBe(env.endpoint);
    expect(childEnv.get('STS_CREDS_EXEC')).toBe('1');
    expect([...childEnv.keys()].filter((k) => k.startsWith('AWS_')).sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_CREDENTIAL_EXPIRATION',
      'AWS_DEFAULT_REGION',
      'AWS_ENDPOINT_URL',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
    ]);
  });

  it('does not hand the command the variable --password-env read the password from', async () => {
    const env = minio();
    const { childEnv } = await childEnvAndCredentials(env, { MINIO_PW: env.password }, ['--password-env', 'MINIO_PW']);
    expect(childEnv.has('MINIO_PW')).toBe(false);
    expect([...childEnv.values()].some((v) => v.includes(env.password))).toBe(false);
  });
});
