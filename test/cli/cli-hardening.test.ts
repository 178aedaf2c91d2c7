/**
 * CLI-side hardening: bounded inputs, policies never echoed, secrets in combined short flags,
 * an empty --endpoint, local mistakes found before sending, the process title, a full stdout.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGV_GRAMMAR } from '../../src/cli/argv-grammar.js';
import { argvSecrets } from '../../src/cli/argv-secrets.js';
import { jsonErrorOffset } from '../../src/text/json-error-offset.js';
import { assumeRoleSuccessBody, useFakeSts, type FakeSts } from '../helpers/fake-sts.js';
import { REPO, cliEnv, makeHome, runMain as runInProcess } from '../helpers/cli.js';

const fake: FakeSts = useFakeSts();
const PASSWORD = 'S3cr3t-P@ss';
let tmp: string;
let passwordFile: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sts-creds-hardening-'));
  passwordFile = join(tmp, 'pw');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

const assumeRole = (...extra: string[]): string[] => ['assume-role', '--endpoint', fake.url, '-u', 'minioadmin', ...extra];

/** Exit 2, one line on stderr matching `message`, nothing on stdout, nothing sent. */
function expectUsage(run: { code: number | null; stdout: string; stderr: string }, message: RegExp): void {
  expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 2 });
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^sts-creds: [^\n]+\n$/);
  expect(run.stderr).toMatch(message);
  expect(fake.requests).toHaveLength(0);
}

describe('bounded inputs', () => {
  it.each([
    { what: 'password file', args: () => assumeRole('--password-file', '/dev/zero'), message: /^sts-creds: password file "\/dev\/zero" is larger than 64 KiB/ },
    { what: 'policy file', args: () => assumeRole('--password-file', passwordFile, '-s', '/dev/zero'), message: /policy file "\/dev\/zero" is larger than 64 KiB/ },
    { what: 'token file', args: () => ['custom-token', '--endpoint', fake.url, '-r', 'arn:x', '--token-file', '/dev/zero'], message: /token file "\/dev\/zero" is larger than 64 KiB/ },
    { what: 'CA bundle', args: () => assumeRole('--password-file', passwordFile, '--ca-bundle', '/dev/zero'), message: /CA bundle "\/dev\/zero" is larger than 4 MiB/ },
    { what: 'client key', args: () => ['certificate', '--endpoint', fake.url, '--cert', '/dev/zero', '--key', '/dev/zero'], message: /certificate "\/dev\/zero" is larger than 4 MiB/ },
    { what: 'a file just past the limit', args: () => assumeRole('--password-file', file('big', 'x'.repeat(64 * 1024 + 1))), message: /password file ".*big" is larger than 64 KiB/ },
  ])('$what at /dev/zero or too large → exit 2 at the limit', async ({ args, message }) => {
    expectUsage(await runInProcess(args()), message);
  });

  it('a password file of exactly 64 KiB is read', async () => {
    const run = await runInProcess(assumeRole('--password-file', file('max', 'x'.repeat(64 * 1024)), '-o', 'json'));
    expect(run.code, run.stderr).toBe(0);
  });

  it.each([
    ['--password-stdin', ['assume-role', '-u', 'minioadmin', '--password-stdin']],
    ['--token-stdin', ['custom-token', '-r', 'arn:x', '--token-stdin']],
  ])('%s fed endlessly (`yes |`) stops at the limit: exit 2, one line', async (flag, args) => {
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const bin = JSON.stringify(join(REPO, 'bin', 'sts-creds.js'));
      const child = spawn('sh', ['-c', `yes | ${JSON.stringify(process.execPath)} ${bin} ${args.join(' ')} --endpoint ${fake.url}`], {
        env: cliEnv(makeHome()),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    expectUsage(run, new RegExp(`^sts-creds: ${flag} is larger than 64 KiB`));
  });
});

describe('a policy that is not JSON is located, never quoted', () => {
  it('the password file given as --policy-file: line and column, not its bytes', async () => {
    const run = await runInProcess(assumeRole('--password-file', passwordFile, '-s', passwordFile));
    expectUsage(run, /^sts-creds: policy file ".*pw" is not valid JSON \(at line 1 column 1\)\n$/);
    expect(run.stderr).not.toContain(PASSWORD);
  });

  it('--policy: the position on a later line', async () => {
    const run = await runInProcess(assumeRole('--password-file', passwordFile, '--policy', '{\n  "Version": "2012-10-17",\n  Statement: []\n}'));
    expectUsage(run, /^sts-creds: --policy is not valid JSON \(at line 3 column 3\)\n$/);
    expect(run.stderr).not.toContain('Statement');
  });

  it('jsonErrorOffset agrees with JSON.parse on what is valid', () => {
    const validity = (text: string): boolean => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.json().map((j) => j.slice(0, -1)), fc.json().map((j) => `${j}x`)), (text) => {
        expect(jsonErrorOffset(text) === undefined).toBe(validity(text));
      }),
      { numRuns: 2000 },
    );
    expect(jsonErrorOffset('['.repeat(100_000))).toBe(100_000);
  });
});

describe('secrets in combined short flags', () => {
  it.each([
    { argv: ['-dp', 'SECRET1'], values: ['SECRET1'], kinds: [/^a password/] },
    { argv: ['-pSECRET2'], values: ['SECRET2'], kinds: [/^a password/] },
    { argv: ['-dpSECRET3'], values: ['SECRET3'], kinds: [/^a password/] },
    { argv: ['-tTOKEN4'], values: ['TOKEN4'], kinds: [/^a token/] },
    { argv: ['-u', 'user', '-e', '1h', '-dp', 'SECRET5'], values: ['SECRET5'], kinds: [/^a password/] },
    { argv: ['-s', 'p.json', '-o', 'json'], values: [], kinds: [] },
  ])('$argv', ({ argv, values, kinds }) => {
    const found = argvSecrets(argv, ARGV_GRAMMAR);
    expect(found.values).toEqual(values);
    expect(found.warnings).toEqual(kinds.map((k) => expect.stringMatching(k)));
  });

  it('-dp SECRET warns once and never shows the secret, even in a server error', async () => {
    fake.reply(403, '<ErrorResponse><Error><Code>AccessDenied</Code><Message>bad secret S3cr3t-P@ss</Message></Error></ErrorResponse>');
    const run = await runInProcess(['assume-role', '--endpoint', fake.url, '-u', 'minioadmin', '-dp', PASSWORD]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^sts-creds: warning: a password on the command line/);
    expect(run.stderr).not.toContain(PASSWORD);
  });
});

describe('an empty --endpoint is a mistake, not the default', () => {
  it.each([['--endpoint'], ['--sts-ep'], ['--endpoint-url']])('%s "" → exit 2, naming the flag as typed', async (flag) => {
    expectUsage(await runInProcess(['assume-role', flag, '', '-u', 'minioadmin', '--password-file', passwordFile]), new RegExp(`^sts-creds: ${flag} is empty`));
  });

  it('doctor --endpoint "" → exit 2', async () => {
    expectUsage(await runInProcess(['doctor', '--endpoint', '']), /--endpoint is empty/);
  });

  it('an empty AWS_ENDPOINT_URL_STS counts as unset: AWS_ENDPOINT_URL is used', async () => {
    const run = await runInProcess(['assume-role', '-u', 'minioadmin', '--password-file', passwordFile, '-o', 'json'], {
      env: { AWS_ENDPOINT_URL_STS: '', AWS_ENDPOINT_URL: fake.url },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('local mistakes are usage errors, found before sending', () => {
  it('a non-ASCII -u (the access key goes into a header)', async () => {
    expectUsage(await runInProcess(assumeRole('--password-file', passwordFile).map((a) => (a === 'minioadmin' ? 'mínioadmin' : a))), /invalid -u\/--user/);
  });

  it.each(['us-east-1\nX-Injected: 1', 'eu\u0007', 'region one'])('--region %j', async (region) => {
    expectUsage(await runInProcess(assumeRole('--password-file', passwordFile, '--region', region)), /^sts-creds: invalid --region: 1 to 64 letters, digits, dots, dashes or underscores \(e.g. us-east-1\)\n$/);
  });

  it('a newline in AWS_REGION', async () => {
    expectUsage(await runInProcess(assumeRole('--password-file', passwordFile), { env: { AWS_REGION: 'us-east-1\n' } }), /invalid AWS_REGION: /);
  });

  describe('a client key that cannot be decrypted', () => {
    const { privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right-passphrase' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

    it.each([
      ['a wrong passphrase', { KEY_PASS: 'wrong-passphrase' }, ['--passphrase-env', 'KEY_PASS']],
      ['no passphrase', {}, []],
    ])('%s → exit 2 naming --key', async (_what, env, extra) => {
      const key = file('enc-key.pem', privateKey);
      const run = await runInProcess(['certificate', '--endpoint', fake.url, '--cert', file('c.pem', cert), '--key', key, ...extra], { env });
      expectUsage(run, /^sts-creds: --key ".*enc-key\.pem" cannot be decrypted: wrong or missing passphrase \(--passphrase-env, or type it at the prompt\)\n$/);
      expect(run.stderr).not.toContain('wrong-passphrase');
    });

    it('a PKCS#12 file with a wrong passphrase → exit 2 naming --pfx', async () => {
      const run = await runInProcess(['certificate', '--endpoint', fake.url, '--pfx', file('id.p12', Buffer.from('3003020103', 'hex'))]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^sts-creds: --pfx ".*id\.p12" /);
      expect(fake.requests).toHaveLength(0);
    });
  });
});

describe('the process title hides argv', () => {
  it.runIf(existsSync('/proc/self/cmdline'))('exec: while the command runs, /proc/PID/cmdline of sts-creds no longer holds the -p password', async () => {
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    fake.reply(200, assumeRoleSuccessBody({ expiration }), { 'content-type': 'application/xml' });
    const marker = join(tmp, 'child-started');
    const child = spawn(
      process.execPath,
      [join(REPO, 'bin', 'sts-creds.js'), 'exec', '--endpoint', fake.url, '-u', 'minioadmin', '-p', PASSWORD, '--', 'sh', '-c', `: > ${marker}; sleep 30`],
      { env: cliEnv(makeHome()), stdio: ['ignore', 'ignore', 'ignore'] },
    );
    try {
      for (let i = 0; i < 200 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(marker)).toBe(true);
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      expect(cmdline).not.toContain(PASSWORD);
      expect(cmdline.replace(/\0+$/, '')).toBe('sts-creds exec');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('stdout write failures', () => {
  it.runIf(existsSync('/dev/full')).each([
    ['credentials', () => `assume-role --endpoint ${fake.url} -u minioadmin --password-file ${passwordFile}`],
    ['help', () => '--help'],
    ['env --unset', () => 'env --unset'],
  ])('%s > /dev/full: one line on stderr, exit 1, no stack trace', async (_what, args) => {
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const bin = JSON.stringify(join(REPO, 'bin', 'sts-creds.js'));
      const cmd = `${JSON.stringify(process.execPath)} ${bin} ${args()} > /dev/full`;
      const child = spawn('sh', ['-c', cmd], { env: cliEnv(makeHome()), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(run).toEqual({ code: 1, stderr: 'sts-creds: cannot write to standard output: ENOSPC\n' });
  });

  it.each([
    ['credentials', () => `assume-role --endpoint ${fake.url} -u minioadmin --password-file ${passwordFile} -o json`],
    ['help', () => '--help'],
    ['version', () => '--version'],
    ['completion', () => 'completion bash'],
  ])('%s into a pipe whose reader has gone (`| head`): exit 0, nothing on stderr', async (_what, args) => {
    // `true` ends at once; by the time sts-creds writes, the pipe has no reader and the write fails with EPIPE.
    const bin = JSON.stringify(join(REPO, 'bin', 'sts-creds.js'));
    const cmd = `{ sleep 0.3; ${JSON.stringify(process.execPath)} ${bin} ${args()}; echo "exit $?" >&2; } | true`;
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('sh', ['-c', cmd], { env: cliEnv(makeHome()), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(run).toEqual({ code: 0, stderr: 'exit 0\n' });
  });
});
