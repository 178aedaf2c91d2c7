/**
 * `sts-creds login`/`logout` and login profiles without a provider: usage errors that name the flag or the
 * profile key, `login --status` with nothing kept, the browser opener, and a login profile that fails cleanly
 * before any request when nobody has logged in. The sign-in itself runs against a real provider in
 * test/integration/login-cli.integ.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../src/cli/open-browser.js';
import { renderLoginStatus } from '../../src/cli/commands/login.js';
import { expectCleanFailure, runMain } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeDir = useTempDirs('login-cli');

function homeWith(config: string): { home: string; env: Record<string, string> } {
  const home = makeDir();
  mkdirSync(join(home, '.aws'), { mode: 0o700 });
  writeFileSync(join(home, '.aws', 'config'), config, { mode: 0o600 });
  return { home, env: { NO_COLOR: '1' } };
}

describe('usage errors name what the user wrote', () => {
  it('no issuer, no client id', async () => {
    expectCleanFailure(await runMain(['login']), /^sts-creds: no OpenID issuer: use --issuer URL \(or a profile with sts_creds_oidc_issuer\)\n$/, 2);
    expectCleanFailure(await runMain(['login', '--issuer', 'https://id.example.com']), /^sts-creds: no OpenID client id: use --client-id ID\n$/, 2);
    const h = homeWith('[profile dev]\nsts_creds_method = login\nsts_creds_oidc_issuer = https://id.example.com\n');
    expectCleanFailure(await runMain(['login', '--profile', 'dev'], h), /no OpenID client id: use --client-id ID or sts_creds_oidc_client_id in AWS profile "dev"\n$/, 2);
  });

  it('a bad issuer in the profile names the key and the profile; a bad --redirect-port names the flag', async () => {
    const h = homeWith('[profile dev]\nsts_creds_oidc_issuer = ftp://id.example.com\nsts_creds_oidc_client_id = cli\n');
    expectCleanFailure(await runMain(['login', '--profile', 'dev'], h), /invalid sts_creds_oidc_issuer in AWS profile "dev": the OpenID issuer must be an http\(s\) URL/, 2);
    expectCleanFailure(
      await runMain(['login', '--issuer', 'http://127.0.0.1:1', '--client-id', 'cli', '--redirect-port', '70000']),
      /^sts-creds: invalid --redirect-port: "70000" \(a port from 1 to 65535\)\n$/,
      2,
    );
  });

  it('the client secret comes from a file or a variable, never argv, and only one of them', async () => {
    const run = await runMain(['login', '--issuer', 'https://id.example.com', '--client-id', 'cli', '--client-secret', 's3cr3t']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('s3cr3t');
    expectCleanFailure(
      await runMain(['login', '--issuer', 'https://id.example.com', '--client-id', 'cli', '--client-secret-file', 'a', '--client-secret-env', 'B']),
      /use only one of --client-secret-file, --client-secret-env/,
      2,
    );
  });
});

describe('login profiles before anyone has logged in', () => {
  const config = '[profile dev]\nsts_creds_method = login\nsts_creds_oidc_issuer = http://127.0.0.1:9\nsts_creds_oidc_client_id = cli\nendpoint_url = http://127.0.0.1:9\n';

  it('env, exec and web-identity exit 1 with the line to run, and send nothing', async () => {
    const h = homeWith(config);
    for (const args of [['env', '--profile', 'dev'], ['web-identity', '--profile', 'dev', '-o', 'credential-process'], ['exec', '--profile', 'dev', '--', 'true']]) {
      expectCleanFailure(await runMain(args, h), /^sts-creds: not logged in \(AWS profile "dev"\): run `sts-creds login --profile dev`\n$/, 1);
    }
  });

  it('login --status says so; logout has nothing to forget', async () => {
    const h = homeWith(config);
    expect(await runMain(['login', '--status', '--profile', 'dev'], h)).toMatchObject({ code: 1, stdout: 'dev: not logged in\n', stderr: '' });
    expect(await runMain(['login', '--status'], h)).toMatchObject({ code: 0, stdout: 'no logins are kept\n' });
    expect(await runMain(['logout', '--profile', 'dev'], h)).toMatchObject({ code: 0, stdout: 'dev: not logged in; nothing to forget\n' });
  });
});

describe('pure parts', () => {
  it('opens the browser with $BROWSER (first entry, split at spaces) or the platform opener, the URL one argument', () => {
    const url = 'http://127.0.0.1:9/auth?a=1&b=$(x)';
    expect(browserCommand(url, { BROWSER: 'firefox --new-tab:chromium' }, 'linux')).toEqual({ file: 'firefox', args: ['--new-tab', url] });
    expect(browserCommand(url, {}, 'linux')).toEqual({ file: 'xdg-open', args: [url] });
    expect(browserCommand(url, {}, 'darwin')).toEqual({ file: 'open', args: [url] });
    expect(browserCommand(url, {}, 'win32')).toEqual({ file: 'rundll32', args: ['url.dll,FileProtocolHandler', url] });
  });

  it('status lines escape what the provider and files said', () => {
    const now = Date.UTC(2026, 0, 1);
    const line = renderLoginStatus(
      'dev',
      { issuer: 'https://id\u001b]52;x', clientId: 'cli', refreshToken: 'r', idToken: 'i', idTokenExpiresAt: now + 60_000, subject: 'al\u001bice', loggedInAt: now - 1000 },
      now,
    );
    expect(line).toBe('dev: al\\x1bice at https://id\\x1b]52;x, signed in 2025-12-31T23:59:59Z; ID token valid until 2026-01-01T00:01:00Z, renewed with the refresh token when needed\n');
  });
});
