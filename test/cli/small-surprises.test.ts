/**
 * Small surprises of daily use (issue 22, item 6), each against the in-process fake STS or a file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stsErrorBody, useFakeSts } from '../helpers/fake-sts.js';
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
