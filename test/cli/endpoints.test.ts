/**
 * The S3 endpoint in every hand-off, against the in-process fake STS: `--s3-endpoint` beside an STS
 * endpoint with a path (the MinIO Operator's layout), `-o dotenv`, `-o mc`, and the usage errors when no
 * S3 endpoint is known. The real-parts proof is test/integration/operator-layout.integ.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { assumeRoleSuccessBody, useFakeSts } from '../helpers/fake-sts.js';

const fake = useFakeSts();
const expiration = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');

describe('hand-offs point at the S3 endpoint, never at an STS path', () => {
  const stsPath = (): string => `${fake.url}/sts/tenant-ns`;
  const keys = ['-u', 'AKIDEXAMPLE', '--password-env', 'PW'];

  it('--s3-endpoint is what env, -o dotenv and -o mc export; the call went to the STS path', async () => {
    fake.reply(200, assumeRoleSuccessBody({ expiration }));
    const env = { PW: 'secret-1' };
    const s3 = 'http://127.0.0.1:9/';
    const shell = await runMain(['env', 'assume-role', ...keys, '--endpoint', stsPath(), '--s3-endpoint', s3], { env });
    expect(shell.stderr).toBe('');
    expect(shell.stdout).toContain("export AWS_ENDPOINT_URL='http://127.0.0.1:9';");
    const dotenv = await runMain(['assume-role', ...keys, '--endpoint', stsPath(), '--s3-endpoint', s3, '-o', 'dotenv'], { env });
    expect(dotenv.stdout).toContain("AWS_ENDPOINT_URL='http://127.0.0.1:9'\n");
    const mc = await runMain(['assume-role', ...keys, '--endpoint', stsPath(), '-o', 'mc'], { env: { ...env, AWS_ENDPOINT_URL_S3: s3 } });
    expect(mc.stdout).toMatch(/^export MC_HOST_sts='http:\/\/[^']*@127\.0\.0\.1:9';\n$/);
    expect(fake.requests.map((r) => r.url)).toEqual(['/sts/tenant-ns', '/sts/tenant-ns', '/sts/tenant-ns']);
  });

  it('with no S3 endpoint known: env exports none and says so once; --mc-alias, -o mc and -b are usage errors before any request', async () => {
    fake.reply(200, assumeRoleSuccessBody({ expiration }));
    const env = { PW: 'secret-1', AWS_ENDPOINT_URL_STS: stsPath() };
    const shell = await runMain(['env', 'assume-role', ...keys], { env });
    expect(shell.code).toBe(0);
    expect(shell.stdout).not.toContain('AWS_ENDPOINT_URL');
    expect(shell.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^sts-creds: warning: the STS endpoint .*\(AWS_ENDPOINT_URL_STS\) has a path/)]);
    const before = fake.requests.length;
    for (const [args, flag] of [
      [['env', 'assume-role', ...keys, '--mc-alias', 'x'], '--mc-alias'],
      [['assume-role', ...keys, '-o', 'mc'], '-o mc'],
      [['assume-role', ...keys, '-b', 'bucket'], '-b/--bucket'],
    ] as const) {
      const run = await runMain(args, { env });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`${flag} needs the S3 endpoint`);
    }
    expect(fake.requests.length).toBe(before);
  });

  it('--no-export-endpoint silences the notice; an empty or malformed --s3-endpoint is exit 2 naming where it was written', async () => {
    fake.reply(200, assumeRoleSuccessBody({ expiration }));
    const env = { PW: 'secret-1' };
    const quiet = await runMain(['env', 'assume-role', ...keys, '--endpoint', stsPath(), '--no-export-endpoint'], { env });
    expect(quiet.stderr).toBe('');
    expect((await runMain(['env', 'assume-role', ...keys, '--s3-endpoint', ''], { env })).stderr).toMatch(/--s3-endpoint is empty/);
    const bad = await runMain(['env', 'assume-role', ...keys], { env: { ...env, AWS_ENDPOINT_URL_S3: 'ftp://x' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid S3 endpoint \(AWS_ENDPOINT_URL_S3\)/);
  });
});
