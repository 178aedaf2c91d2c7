/**
 * `sts-creds login` end to end: the built CLI signs in with the real OpenID provider (zitadel/oidc's, built by
 * the tools step), through a scripted browser given as `$BROWSER` or with a device code, keeps the login in a
 * 0600 file, and then `env`, `exec` (with mc), `exec --server` and `credential_process` (with the AWS CLI) get
 * MinIO credentials from it without a browser; refresh after the ID token expires, logout with revocation,
 * and a revoked login that asks for `sts-creds login --profile NAME`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMc, type RunningMinio } from '../../scripts/minio.mjs';
import { discoverProvider, revokeToken } from '../../src/index.js';
import { BIN, cliEnv, ensureBuilt, expectCleanFailure, makeHome, runCli, runProgram, type CliResult } from '../helpers/cli.js';
import { showMinioLogOnFailure, useMinio } from '../helpers/minio-context.js';
import { minioOpenIdRoleArn } from '../helpers/oidc-issuer.js';
import { approveDevice, OIDC_CLIENT_ID, OIDC_USER_PASSWORD, SCRIPTED_BROWSER, startProviderAndMinio, type RunningOidcProvider } from '../helpers/oidc-provider.js';
import { assertLoopback, findAwsCli, missingOutsideCi, requireProgram } from '../consumers/harness.js';
import { hasChromium } from '../helpers/headless-browser.mjs';

const HEADLESS_BROWSER = new URL('../helpers/headless-browser.mjs', import.meta.url).pathname;

const harness = useMinio();
const ID_TOKEN_SECONDS = 120;

let provider: RunningOidcProvider | undefined;
let minio: RunningMinio | undefined;
let home = '';
let bucket = '';

function idp(): RunningOidcProvider {
  if (!provider) throw new Error('the OpenID provider did not start');
  return provider;
}
function sts(): RunningMinio {
  if (!minio) throw new Error('MinIO with OpenID did not start');
  return minio;
}

const loginFile = (name = 'dev'): string => join(home, '.config', 'sts-creds', 'logins', `${name}.json`);
const kept = (name = 'dev'): Record<string, unknown> => JSON.parse(readFileSync(loginFile(name), 'utf8')) as Record<string, unknown>;

/** The environment of every run: the private home's AWS config, the scripted browser as `$BROWSER`. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    BROWSER: `${process.execPath} ${SCRIPTED_BROWSER}`,
    SCRIPTED_BROWSER_USER: idp().username,
    SCRIPTED_BROWSER_PASSWORD: OIDC_USER_PASSWORD,
    SCRIPTED_BROWSER_LOG: join(home, 'browser.log'),
    ...extra,
  };
}

const cli = (args: string[], extra: Record<string, string> = {}): Promise<CliResult> => runCli(args, { home, env: env(extra), timeoutMs: 60_000 });

/** Makes the kept ID token look expired (as it will be two minutes after the login), so the next use must refresh. */
function expireKeptIdToken(name = 'dev'): void {
  writeFileSync(loginFile(name), JSON.stringify({ ...kept(name), idTokenExpiresAt: Date.now() - 1000 }), { mode: 0o600 });
}

/** Waits (up to 20 s, checking every 100 ms) until `read` stops throwing, and returns what it returned. */
async function eventually<T>(read: () => T): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return read();
    } catch (error) {
      if (i >= 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

beforeAll(async () => {
  if (!harness.available) return;
  ensureBuilt();
  ({ provider, minio } = await startProviderAndMinio(ID_TOKEN_SECONDS));
  bucket = `login-${randomBytes(4).toString('hex')}`;
  await runMc(harness().mcPath, minio.endpoint, minio.rootUser, minio.rootPassword, ['mb', `local/${bucket}`]);
  await runMc(harness().mcPath, minio.endpoint, minio.rootUser, minio.rootPassword, ['pipe', `local/${bucket}/hello.txt`], { input: 'hello from login' });
  home = makeHome();
  const profile = (name: string): string =>
    `[profile ${name}]\nsts_creds_method = login\nsts_creds_oidc_issuer = ${provider!.issuer}\nsts_creds_oidc_client_id = ${OIDC_CLIENT_ID}\n` +
    `endpoint_url = ${minio!.endpoint}\nrole_arn = ${minioOpenIdRoleArn(OIDC_CLIENT_ID)}\n`;
  writeFileSync(
    join(home, 'aws-config'),
    `${profile('dev')}\n${profile('ssh')}\n[profile consumer]\nregion = us-east-1\n` +
      `credential_process = ${process.execPath} ${BIN} web-identity --profile dev -o credential-process\n`,
  );
  writeFileSync(join(home, 'aws-credentials'), '');
}, 180_000);

afterAll(async () => {
  await minio?.stop();
  await provider?.stop();
});

showMinioLogOnFailure('MinIO (login CLI)', () => minio);

describe('sts-creds login (browser through $BROWSER)', () => {
  it('signs in, keeps the login in a 0600 file, tries it on MinIO and prints who is logged in; no token anywhere in the output', async () => {
    const run = await cli(['login', '--profile', 'dev']);
    expect(run.stderr).toContain('Open this URL in a browser to sign in:');
    expect(run.code, `${run.stderr}\nbrowser: ${readFileSync(join(home, 'browser.log'), 'utf8')}`).toBe(0);
    expect(run.stdout).toContain(`Logged in as ${idp().username} at ${idp().issuer} (login dev, kept in ${join(home, '.config', 'sts-creds', 'logins')})`);
    expect(run.stdout).toMatch(/AssumeRoleWithWebIdentity at http:\/\/127\.0\.0\.1:\d+ works: credentials valid until \d{4}-/);
    expect(statSync(loginFile()).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.config', 'sts-creds', 'logins')).mode & 0o777).toBe(0o700);
    const login = kept();
    for (const secret of [login.refreshToken, login.idToken] as string[]) {
      expect(secret).toBeTruthy();
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  it('login --status says who is logged in and until when', async () => {
    const run = await cli(['login', '--status', '--profile', 'dev']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^dev: ${idp().username} at ${idp().issuer.replace(/[.]/g, '\\.')}, signed in .*; ID token valid until .*, renewed with the refresh token when needed\\n$`));
    const all = await cli(['login', '--status']);
    expect(all.stdout).toContain('dev: ');
    const none = await cli(['login', '--status', '--profile', 'ssh']);
    expect(none).toMatchObject({ code: 1, stdout: 'ssh: not logged in\n' });
  });
});

describe('using the login (never a browser)', () => {
  it('env --profile: the shell gets credentials the AWS CLI lists the bucket with', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', findAwsCli());
    assertLoopback(sts().endpoint);
    const script = `creds=$("${process.execPath}" "${BIN}" env --profile dev) && eval "$creds" && "${aws}" s3 ls "s3://${bucket}" --endpoint-url "${sts().endpoint}"`;
    const run = await runProgram('/bin/sh', ['-c', script], { env: cliEnv(home, env({ BROWSER: '/bin/false' })), timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('hello.txt');
  });

  it('exec --profile --mc-alias: mc lists the bucket', async () => {
    const mcDir = join(home, 'mc');
    mkdirSync(mcDir, { recursive: true });
    assertLoopback(sts().endpoint);
    const run = await cli(['exec', '--profile', 'dev', '--mc-alias', 'm', '--', harness().mcPath, '--config-dir', mcDir, 'ls', `m/${bucket}`], { BROWSER: '/bin/false' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('hello.txt');
  });

  it('credential_process: the AWS CLI runs `web-identity --profile dev -o credential-process`', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', findAwsCli());
    assertLoopback(sts().endpoint);
    const run = await runProgram(aws, ['s3', 'ls', `s3://${bucket}`, '--profile', 'consumer', '--endpoint-url', sts().endpoint], {
      env: cliEnv(home, env({ BROWSER: '/bin/false' })),
      timeoutMs: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('hello.txt');
  });

  it('exec --server serves refreshing credentials the AWS CLI uses', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', findAwsCli());
    assertLoopback(sts().endpoint);
    const run = await cli(['exec', '--server', '--refresh-before', '30s', '--profile', 'dev', '--', aws, 's3', 'ls', `s3://${bucket}`, '--endpoint-url', sts().endpoint], { BROWSER: '/bin/false' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('hello.txt');
  });

  it('after the ID token expires, refreshes it silently with the refresh token, which the provider rotates', async () => {
    expireKeptIdToken();
    const before = kept();
    const run = await cli(['web-identity', '--profile', 'dev', '-o', 'json', '--no-cache'], { BROWSER: '/bin/false' });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ AccessKeyId: expect.stringMatching(/^[0-9A-Z]{20}$/) });
    const after = kept();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.idToken).not.toBe(before.idToken);
    expect(after.idTokenExpiresAt as number).toBeGreaterThan(Date.now() + (ID_TOKEN_SECONDS - 30) * 1000);
    expect(run.stdout + run.stderr).not.toContain(after.refreshToken as string);
  });

  it('a login revoked at the provider exits 1 with the command to run, and never opens a browser', async () => {
    const refreshToken = kept().refreshToken as string;
    await revokeToken(await discoverProvider(idp().issuer), { clientId: OIDC_CLIENT_ID }, refreshToken);
    expireKeptIdToken();
    const run = await cli(['env', '--profile', 'dev', '--no-cache'], { SCRIPTED_BROWSER_LOG: join(home, 'must-not-exist.log') });
    expectCleanFailure(run, /: run `sts-creds login --profile dev`\n$/, 1);
    expect(run.stderr).not.toContain(refreshToken);
    expect(() => statSync(join(home, 'must-not-exist.log'))).toThrow();
  });
});

describe('logout', () => {
  it('revokes the refresh token at the provider and forgets the login; the profile then asks for a login', async () => {
    const signIn = await cli(['login', '--profile', 'dev']);
    expect(signIn.code, signIn.stderr).toBe(0);
    const refreshToken = kept().refreshToken as string;
    const run = await cli(['logout', '--profile', 'dev']);
    expect(run).toMatchObject({ code: 0, stdout: 'dev: logged out (tokens forgotten; the provider revoked its refresh token)\n' });
    expect(() => statSync(loginFile())).toThrow();
    // Revoked for real: the provider refuses it.
    const provider = await discoverProvider(idp().issuer);
    const { refreshTokens } = await import('../../src/index.js');
    await expect(refreshTokens(provider, { clientId: OIDC_CLIENT_ID }, refreshToken)).rejects.toMatchObject({ reason: 'login-required' });
    expectCleanFailure(await cli(['env', '--profile', 'dev', '--no-cache']), /not logged in \(AWS profile "dev"\): run `sts-creds login --profile dev`\n$/, 1);
  });
});

describe.skipIf(missingOutsideCi(hasChromium(), 'chromium'))('sts-creds login with a real headless Chromium as $BROWSER', () => {
  it('the browser signs in and lands on the loopback page; the login is kept', async () => {
    const log = join(home, 'chromium.log');
    const run = await cli(['login', '--profile', 'ssh'], { BROWSER: `${process.execPath} ${HEADLESS_BROWSER}`, SCRIPTED_BROWSER_LOG: log });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Logged in as ${idp().username}`);
    // The browser, a detached child, notes what it saw once its page has loaded, which may be after the CLI is done.
    expect(await eventually(() => readFileSync(log, 'utf8'))).toContain('chromium at /callback: Signed in. You can close this tab and go back to the terminal.');
    expect(kept('ssh').refreshToken).toBeTruthy();
  });
});

describe('sts-creds login --device', () => {
  it('prints the verification URI and code on stderr, polls until the person allows it, then the profile works', async () => {
    const child = spawn(process.execPath, [BIN, 'login', '--profile', 'ssh', '--device'], { env: cliEnv(home, env({ BROWSER: '/bin/false' })), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise<string>((resolve) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        const match = /enter the code (\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
    });
    expect(stderr).toContain(`To sign in, open ${idp().issuer}device and enter the code ${code}`);
    await approveDevice(idp(), code);
    const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(exit, stderr).toBe(0);
    expect(stdout).toContain(`Logged in as ${idp().username}`);
    const run = await cli(['web-identity', '--profile', 'ssh', '-o', 'credential-process'], { BROWSER: '/bin/false' });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ Version: 1 });
  });
});
