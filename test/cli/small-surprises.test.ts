/**
 * Small surprises of daily use (issue 22, item 6), each against the in-process fake STS or a file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assumeRoleSuccessBody, stsErrorBody, useFakeSts } from '../helpers/fake-sts.js';
import { expectCleanFailure, runCli, runMain } from '../helpers/cli.js';

const fake = useFakeSts();

describe('redaction keeps sts-creds\' own words', () => {
  it('with the password "wrong", the hint still reads "the secret key is probably wrong", and the server\'s echo of it is hidden', async () => {
    fake.reply(403, stsErrorBody('SignatureDoesNotMatch', 'The request signature we calculated does not match; you sent wrong'));
    const run = await runMain(['assume-role', '-u', 'foobar', '-p', 'wrong', '--endpoint', fake.url]);
    expectCleanFailure(run, /the secret key is probably wrong \(-p\/--password/, 1);
    expect(run.stderr).toContain('you sent ***');
    expect(run.stderr).not.toContain('probably ***');
  });
});

describe('`-` is standard input for file options', () => {
  it('--password-file - and --policy-file - read stdin; two readers of stdin are a usage error', async () => {
    const pw = await runMain(['assume-role', '-u', 'foobar', '--password-file', '-', '--endpoint', fake.url, '-o', 'json'], { stdin: 'pw-from-stdin\n' });
    expect(pw.code, pw.stderr).toBe(0);
    expect(fake.onlyRequest().headers.authorization).toMatch(/Credential=foobar\//);
    fake.clear();
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}';
    const pol = await runMain(['assume-role', '-u', 'foobar', '-p', 'pw12', '--policy-file', '-', '--endpoint', fake.url, '-o', 'json'], { stdin: policy });
    expect(pol.code, pol.stderr).toBe(0);
    expect(new URLSearchParams(fake.onlyRequest().body).get('Policy')).toBe(policy);
    expectCleanFailure(
      await runMain(['assume-role', '-u', 'foobar', '--password-stdin', '--policy-file', '-', '--endpoint', fake.url], { stdin: policy }),
      /both read standard input/,
      2,
    );
  });
});

describe('`~` in paths from a profile', () => {
  it('sts_creds_password_file = ~/pw is read from the home directory', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sts-creds-tilde-'));
    try {
      mkdirSync(join(home, '.aws'), { mode: 0o700 });
      writeFileSync(join(home, 'pw'), 'pw-in-home\n', { mode: 0o600 });
      writeFileSync(join(home, '.aws', 'config'), `[profile t]\nendpoint_url = ${fake.url}\naws_access_key_id = tilde\nsts_creds_password_file = ~/pw\n`, { mode: 0o600 });
      const run = await runCli(['assume-role', '--profile', 't', '-o', 'json'], { home });
      expect(run.code, run.stderr).toBe(0);
      expect(fake.onlyRequest().headers.authorization).toMatch(/Credential=tilde\//);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('a call still retrying after about 2 s says so', () => {
  it('each retry after the first 2 s is one stderr line: attempt, reason, next wait; quick retries stay silent', async () => {
    const busy = { kind: 'reply' as const, status: 503, headers: { 'content-type': 'application/xml', 'retry-after': '1' }, body: stsErrorBody('SlowDown', 'busy') };
    fake.once(busy).once(busy).once(busy);
    const run = await runMain(['assume-role', '-u', 'foobar', '-p', 'pw12', '--endpoint', fake.url, '--retries', '3', '-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.trimEnd().split('\n').filter((line) => !line.startsWith('sts-creds: warning:'));
    // Waits of 1 s each: after the first wait 1 s is spent (silent); the second and third retries say so.
    expect(lines).toEqual([
      expect.stringMatching(/^sts-creds: AssumeRole: attempt 2 of 4 failed \(HTTP 503 SlowDown \(throttled\)\); retrying in 1\.0 s \(the server's Retry-After\)$/),
      expect.stringMatching(/^sts-creds: AssumeRole: attempt 3 of 4 failed \(HTTP 503 SlowDown \(throttled\)\); retrying in 1\.0 s \(the server's Retry-After\)$/),
    ]);
  });
});

describe('a granted lifetime shorter than asked', () => {
  it('is one line on stderr; a lifetime as asked says nothing', async () => {
    const inAnHour = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    fake.always({ kind: 'reply', status: 200, headers: { 'content-type': 'application/xml' }, body: assumeRoleSuccessBody({ expiration: inAnHour }) });
    const capped = await runMain(['assume-role', '-u', 'foobar', '--password-env', 'PW', '--endpoint', fake.url, '-e', '12h', '-o', 'json'], { env: { PW: 'pw12' } });
    expect(capped.code).toBe(0);
    expect(capped.stderr).toMatch(/^sts-creds: warning: asked for a lifetime of 12h 0m, the server granted (59m \d+s|1h 0m) \(its limit for these credentials\)\n$/);
    const asked = await runMain(['assume-role', '-u', 'foobar', '--password-env', 'PW', '--endpoint', fake.url, '-e', '1h', '-o', 'json'], { env: { PW: 'pw12' } });
    expect(asked).toMatchObject({ code: 0, stderr: '' });
  });
});

describe("MinIO's session-policy size limit is checked before sending", () => {
  const amp = (n: number): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${'&'.repeat(n)}` }] });

  it('a 433-byte policy MinIO counts as 2052 bytes is a usage error (exit 2) and nothing is sent; one it counts as 2046 is sent', async () => {
    const over = await runMain(['assume-role', '-u', 'foobar', '--password-env', 'PW', '--endpoint', fake.url, '--policy', amp(323)], { env: { PW: 'pw12' } });
    expectCleanFailure(over, /--policy is too large for MinIO: 2052 bytes as MinIO re-writes it .* more than its limit of 2048/, 2);
    expect(fake.requests).toHaveLength(0);
    const under = await runMain(['assume-role', '-u', 'foobar', '--password-env', 'PW', '--endpoint', fake.url, '--policy', amp(322), '-o', 'json'], { env: { PW: 'pw12' } });
    expect(under.code, under.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });
});

describe("warnings are sts-creds' own words", () => {
  it('the password "password" does not blank out the warning about -p/--password', async () => {
    const run = await runMain(['assume-role', '-u', 'foobar', '-p', 'password', '--endpoint', fake.url, '-o', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('sts-creds: warning: a password on the command line (-p/--password) can be seen by other users');
  });
});

describe('-q/--quiet', () => {
  it('keeps the slow-retry notes off stderr', async () => {
    const busy = { kind: 'reply' as const, status: 503, headers: { 'content-type': 'application/xml', 'retry-after': '1' }, body: stsErrorBody('SlowDown', 'busy') };
    fake.once(busy).once(busy).once(busy);
    const run = await runMain(['assume-role', '-q', '-u', 'foobar', '--password-env', 'PW', '--endpoint', fake.url, '--retries', '3', '-o', 'json'], { env: { PW: 'pw12' } });
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });
});
