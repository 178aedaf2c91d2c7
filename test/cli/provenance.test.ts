/**
 * Every error about a value names where the user wrote it: a flag as typed, an environment variable, a
 * profile key and its file, an mc alias (MC_HOST_x or its config file), or says it is a default; never a flag
 * the user did not type. In-process against the fake STS; nothing is sent when the value is refused.
 */
import { describe, expect, it } from 'vitest';
import { assumeRoleSuccessBody, useFakeSts } from '../helpers/fake-sts.js';
import { expectCleanFailure, runMain } from '../helpers/cli.js';
import { useTempDirs, writeToolHome, type ToolFiles } from '../helpers/temp-dirs.js';

const fake = useFakeSts();
const makeDir = useTempDirs('provenance');

/** A home with `~/.aws/config`, `~/.aws/credentials` and `~/.mc/config.json` as given (0600). */
function home(files: ToolFiles): string {
  return writeToolHome(makeDir(), files);
}

const KEYS = '[p]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = profile-secret\n';
const profile = (lines: string): string => home({ config: `[profile p]\nendpoint_url = ${fake.url}\n${lines}`, credentials: KEYS });

/** A refused value: exit 2, one line naming `where`, never a flag the user did not type, nothing sent. */
async function expectRefused(args: string[], where: RegExp, options: { home?: string; env?: Record<string, string> } = {}, notTyped: string[] = []) {
  const run = await runMain(args, options);
  expectCleanFailure(run, where, 2);
  for (const flag of notTyped) expect(run.stderr).not.toContain(flag);
  expect(fake.requests).toHaveLength(0);
}

describe('a profile value is reported as the profile key and its file', () => {
  it('duration_seconds that is no duration', async () => {
    await expectRefused(
      ['assume-role', '--profile', 'p'],
      /^sts-creds: invalid duration_seconds in AWS profile "p" of ~\/\.aws\/config: "1x" is not a duration/,
      { home: profile('duration_seconds = 1x\n') },
      ['--duration', '-e'],
    );
  });

  it('duration_seconds the library refuses (below 900 s)', async () => {
    await expectRefused(['assume-role', '--profile', 'p'], /^sts-creds: invalid duration_seconds in AWS profile "p" of ~\/\.aws\/config: /, { home: profile('duration_seconds = 60\n') }, [
      '--duration',
    ]);
  });

  it('a key of the credentials file names that file', async () => {
    const dir = home({ config: `[profile p]\nendpoint_url = ${fake.url}\n`, credentials: `${KEYS}region = bad/region\n` });
    await expectRefused(['assume-role', '--profile', 'p'], /^sts-creds: invalid region in AWS profile "p" of ~\/\.aws\/credentials: /, { home: dir }, ['--region']);
  });

  it('a ca_bundle that cannot be read', async () => {
    await expectRefused(
      ['assume-role', '--profile', 'p'],
      /^sts-creds: cannot read CA bundle "\/nonexistent\/ca\.pem": ENOENT \(ca_bundle in AWS profile "p" of ~\/\.aws\/config\)\n/,
      { home: profile('ca_bundle = /nonexistent/ca.pem\n') },
      ['--ca-bundle'],
    );
  });

  it('an endpoint_url without a scheme', async () => {
    const dir = home({ config: '[profile p]\nendpoint_url = localhost:9000\n', credentials: KEYS });
    await expectRefused(['assume-role', '--profile', 'p'], /^sts-creds: invalid endpoint "localhost:9000" \(endpoint_url in AWS profile "p" of ~\/\.aws\/config\): it needs a scheme/, { home: dir }, [
      '--endpoint',
    ]);
  });

  it('an mfa_serial with no --token-code and no terminal to ask on', async () => {
    await expectRefused(['assume-role', '--profile', 'p'], /^sts-creds: mfa_serial in AWS profile "p" of ~\/\.aws\/config needs --token-code/, {
      home: profile('mfa_serial = arn:aws:iam::1:mfa/me\n'),
    }, ['--serial-number']);
  });

  it('an sts_creds_method that is no method', async () => {
    await expectRefused(['exec', '--profile', 'p', '--', 'true'], /^sts-creds: invalid sts_creds_method in AWS profile "p" of ~\/\.aws\/config: "saml" is not one of /, {
      home: profile('sts_creds_method = saml\n'),
    });
  });
});

describe('an mc alias value is reported as MC_HOST_x or its config file', () => {
  it('MC_HOST_x with a scheme the library refuses', async () => {
    await expectRefused(['assume-role', '--alias', 'x'], /^sts-creds: invalid MC_HOST_x: endpoint must be an http:\/\/ or https:\/\/ URL/, {
      env: { MC_HOST_x: 'ftp://KEY:secret@127.0.0.1:9000' },
    }, ['--endpoint']);
  });

  it("the url of an alias in mc's config.json", async () => {
    const dir = home({ mc: { version: '10', aliases: { m: { url: 'localhost:9000', accessKey: 'K', secretKey: 'S' } } } });
    await expectRefused(['assume-role', '--alias', 'm'], /^sts-creds: invalid endpoint "localhost:9000" \(url of mc alias "m" in ~\/\.mc\/config\.json\): it needs a scheme/, { home: dir });
  });
});

describe('an environment value is reported as the variable', () => {
  it('AWS_ENDPOINT_URL without a scheme', async () => {
    await expectRefused(['assume-role', '-u', 'k', '--password-env', 'PW'], /^sts-creds: invalid endpoint "minio:9000" \(AWS_ENDPOINT_URL\): it needs a scheme/, {
      env: { PW: 'pw', AWS_ENDPOINT_URL: 'minio:9000' },
    }, ['--endpoint']);
  });

  it('AWS_CA_BUNDLE that cannot be read', async () => {
    await expectRefused(['assume-role', '-u', 'k', '--password-env', 'PW', '--endpoint', fake.url], /\(AWS_CA_BUNDLE\)\n/, {
      env: { PW: 'pw', AWS_CA_BUNDLE: '/nonexistent/ca.pem' },
    }, ['--ca-bundle']);
  });
});

describe('a flag is reported as typed', () => {
  it.each([
    [['-e', '1x'], /^sts-creds: invalid -e\/--duration: "1x" is not a duration/],
    [['--duration-seconds', '1x'], /^sts-creds: invalid --duration-seconds: "1x" is not a duration/],
    [['--duration', '60'], /^sts-creds: invalid -e\/--duration: /],
    [['--sts-ep', 'minio:9000'], /^sts-creds: invalid endpoint "minio:9000" \(--sts-ep\): it needs a scheme/],
    [['--timeout', '0'], /^sts-creds: invalid --timeout: "0"/],
  ])('%j', async (extra, where) => {
    const endpoint = extra.includes('--sts-ep') ? [] : ['--endpoint', fake.url];
    await expectRefused(['assume-role', '-u', 'k', '--password-env', 'PW', ...endpoint, ...extra], where, { env: { PW: 'pw' } });
  });

  it('a flag beats the profile, and the profile an AWS_* variable', async () => {
    const dir = profile('duration_seconds = 1x\nregion = eu-west-9\n');
    const run = await runMain(['assume-role', '--profile', 'p', '-e', '1800', '-o', 'json'], { home: dir, env: { AWS_REGION: 'bad/region' } });
    expect(run.code, run.stderr).toBe(0);
    const req = fake.onlyRequest();
    expect(new URLSearchParams(req.body).get('DurationSeconds')).toBe('1800');
    expect(String(req.headers.authorization)).toContain('/eu-west-9/sts/');
  });
});

describe('exec --server: a default that does not fit adapts; only a typed --refresh-before is refused', () => {
  it('credentials shorter-lived than the default refresh margin: the default window shrinks, nothing names --refresh-before', async () => {
    const expiration = new Date(Date.now() + 120_000).toISOString().replace(/\.\d+Z$/, 'Z');
    fake.always({ kind: 'reply', status: 200, headers: { 'content-type': 'application/xml' }, body: assumeRoleSuccessBody({ expiration }) });
    const run = await runMain(['exec', '-u', 'k', '--password-env', 'PW', '--endpoint', fake.url, '--server', '--', 'sh', '-c', 'echo ran'], { env: { PW: 'pw' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/--refresh-before/);
  });

  it('a typed --refresh-before that cannot fit is refused, named as typed', async () => {
    const expiration = new Date(Date.now() + 120_000).toISOString().replace(/\.\d+Z$/, 'Z');
    fake.always({ kind: 'reply', status: 200, headers: { 'content-type': 'application/xml' }, body: assumeRoleSuccessBody({ expiration }) });
    const run = await runMain(['exec', '-u', 'k', '--password-env', 'PW', '--endpoint', fake.url, '--server', '--refresh-before', '5m', '--', 'sh', '-c', 'echo ran'], {
      env: { PW: 'pw' },
    });
    expectCleanFailure(run, /--refresh-before/, 2);
  });
});
