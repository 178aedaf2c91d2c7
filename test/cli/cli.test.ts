/**
 * End-to-end tests of `sts-creds` against an in-process fake STS, run in-process (`runMain`) except
 * where the process matters: help and `--version` (answered by the bin itself) and a password prompt
 * with no terminal, which spawn the built bin. Each test checks stdout, stderr and the exit code, and
 * what (if anything) reached the server.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_CREDENTIALS,
  assumeRoleSuccessBody,
  customTokenSuccessBody,
  expectedSigV4Authorization,
  stsErrorBody,
  FakeSts,
  useFakeSts,
  type FakeBehaviour,
} from '../helpers/fake-sts.js';
import { REPO, runCli, runMain, type CliResult, type RunOptions } from '../helpers/cli.js';
import { useScratchDir } from '../helpers/temp-dirs.js';

const USER = 'minioadmin';
const PASSWORD = 'S3cr3t-P@ss';
const TOKEN = 'tok-SECRET-123';
const ROLE_ARN = 'arn:minio:iam:::role/idmp-test';
const SERVER_DATE = 'Tue, 12 Feb 2036 21:18:50 GMT'; // 59m 58s before FAKE_CREDENTIALS.expiration
const XML = { 'content-type': 'application/xml', 'x-amz-request-id': FAKE_CREDENTIALS.requestId, date: SERVER_DATE };
/** The text output of FAKE_CREDENTIALS, answered at SERVER_DATE. */
/**
 * The fake's `Date` (SERVER_DATE) is years ahead of this machine's clock: the expiration handed out is the
 * earlier reading, local now plus the 59m 58s the server's clock says are left, in whole seconds.
 */
const EXPIRATION_HERE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
function expectLocalExpiration(printed: string, before: number, after: number): void {
  expect(printed).toMatch(EXPIRATION_HERE);
  const left = Date.parse(printed);
  expect(left).toBeGreaterThanOrEqual(Math.floor((before + 3_598_000) / 1000) * 1000);
  expect(left).toBeLessThanOrEqual(after + 3_598_000);
}
/** The text output, with the Expiration line's date as printed (checked by {@link expectLocalExpiration}). */
function textOutput(stdout: string, before: number, after: number): string {
  const printed = /^Expiration: (\S+) /m.exec(stdout)?.[1] ?? '';
  expectLocalExpiration(printed, before, after);
  return [
    `AccessKeyID: ${FAKE_CREDENTIALS.accessKeyId}`,
    `SecretAccessKey: ${FAKE_CREDENTIALS.secretAccessKey}`,
    `SessionToken: ${FAKE_CREDENTIALS.sessionToken}`,
    `Expiration: ${printed} (in 59m 58s)`,
    '',
  ].join('\n');
}
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

const fake: FakeSts = useFakeSts();
const scratch = useScratchDir('cli');
const file = (name: string, content: string): string => scratch.file(name, content);
/** Files holding the known secrets, the way the CLI recommends passing them (no argv warning). */
let passwordFile: string;
let tokenFile: string;

beforeAll(() => {
  passwordFile = file('password.txt', `${PASSWORD}\n`);
  tokenFile = file('token.txt', `${TOKEN}\n`);
});

let fileCounter = 0;
/** A new file per call, so concurrent tests never share one. */
function uniqueFile(content: string): string {
  fileCounter += 1;
  return file(`input-${fileCounter}`, content);
}

/** How a run is given its secret: from a file (the recommended way), or on the command line (-p/-t, warned about). */
type Via = 'file' | 'argv';
const passwordArgs = (via: Via): string[] => (via === 'argv' ? ['-p', PASSWORD] : ['--password-file', passwordFile]);
const tokenArgs = (via: Via): string[] => (via === 'argv' ? ['-t', TOKEN] : ['--token-file', tokenFile]);

const assumeRoleVia = (via: Via, url: string, ...extra: string[]): string[] => ['assume-role', '--endpoint', url, '-u', USER, ...passwordArgs(via), ...extra];
const customTokenVia = (via: Via, url: string, ...extra: string[]): string[] => ['custom-token', '--endpoint', url, ...tokenArgs(via), '-r', ROLE_ARN, ...extra];
const assumeRoleAt = (url: string, ...extra: string[]): string[] => assumeRoleVia('file', url, ...extra);
const customTokenAt = (url: string, ...extra: string[]): string[] => customTokenVia('file', url, ...extra);
const assumeRole = (...extra: string[]): string[] => assumeRoleAt(fake.url, ...extra);
const customToken = (...extra: string[]): string[] => customTokenAt(fake.url, ...extra);

const ARGV_WARNING = /^sts-creds: warning: a (password|token) on the command line \((-p\/--password|-t\/--token)\) can be seen by other users/;

/** A fake of the test's own, so that tests can run concurrently. */
async function withOwnFake<T>(fn: (own: FakeSts) => Promise<T>): Promise<T> {
  const own = await new FakeSts().start();
  try {
    return await fn(own);
  } finally {
    await own.close();
  }
}

/** Fails with the run's output when the exit code is not the one expected. */
function expectExit(run: CliResult, code: number): void {
  expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code });
}

/** One failure line on stderr, nothing on stdout, no stack trace. */
function expectOneLineFailure(run: CliResult, code: number, message: RegExp): void {
  expectExit(run, code);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^sts-creds: [^\n]+\n$/);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

/**
 * A failure with --debug and the secrets given on the command line: exit code, nothing on stdout,
 * the argv warning, the failure line (among the debug lines), a stack trace.
 */
function expectDebugFailure(run: CliResult, code: number, message: RegExp, via: Via): void {
  expectExit(run, code);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n');
  if (via === 'argv') expect(lines.filter((l) => ARGV_WARNING.test(l))).toHaveLength(1);
  const failureLines = lines.filter((l) => /^sts-creds: (?!warning:|debug:)/.test(l));
  expect(failureLines, run.stderr).toHaveLength(1);
  expect(failureLines[0]).toMatch(message);
  expect(run.stderr).toMatch(/\n\s+at /);
}

function expectNoSecrets(run: CliResult): void {
  for (const secret of [PASSWORD, TOKEN]) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

function form(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

describe('help and version', () => {
  it('--help prints usage and the exit codes, exit 0, and sends nothing', async () => {
    const run = await runCli(['--help']);
    expectExit(run, 0);
    expect(run.stdout).toMatch(/^Usage: sts-creds /);
    expect(run.stdout).toContain('assume-role');
    expect(run.stdout).toContain('custom-token');
    expect(run.stdout).toContain('Exit codes: 0 success, 1 the STS call failed, 2 usage or invalid input');
    expect(run.stderr).toBe('');
    expect(fake.requests).toHaveLength(0);
  });

  it.each([['--version'], ['-V']])('%s prints package.json version', async (flag) => {
    const run = await runCli([flag]);
    expectExit(run, 0);
    expect(run.stdout).toBe(`${VERSION}\n`);
    expect(run.stderr).toBe('');
  });

  it('assume-role --help lists its options', async () => {
    const run = await runCli(['assume-role', '--help']);
    expectExit(run, 0);
    for (const flag of ['--user', '--password-stdin', '--password-file', '--duration', '--policy', '--policy-file', '--endpoint', '--output']) {
      expect(run.stdout).toContain(flag);
    }
  });

  it('no command at all prints help to stderr and exits 2', async () => {
    const run = await runCli([]);
    expectExit(run, 2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: sts-creds');
  });
});

describe('assume-role success', () => {
  it('text output: the labelled lines, time left from the server clock; the request is a signed POST / with a form body', async () => {
    fake.reply(200, assumeRoleSuccessBody(), XML);
    const before = Date.now();
    const run = await runMain(assumeRole());
    expectExit(run, 0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(textOutput(run.stdout, before, Date.now()));

    const req = fake.onlyRequest();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/');
    expect(req.body).toBe('Action=AssumeRole&Version=2011-06-15');
    expect(req.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(req.headers.host).toBe(new URL(fake.url).host);
    expect(req.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(req.body).digest('hex'));
    expect(req.headers['x-amz-security-token']).toBeUndefined();
    expect(req.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${USER}/\\d{8}/us-east-1/sts/aws4_request, `));
    expect(req.headers.authorization).toBe(expectedSigV4Authorization(req, PASSWORD));
  });

  it('-o json: the AWS keys, exact values', async () => {
    fake.reply(200, assumeRoleSuccessBody(), XML);
    const before = Date.now();
    const run = await runMain(assumeRole('-o', 'json'));
    expectExit(run, 0);
    const printed = (JSON.parse(run.stdout) as { Expiration: string }).Expiration;
    expectLocalExpiration(printed, before, Date.now());
    expect(JSON.parse(run.stdout)).toEqual({
      AccessKeyId: FAKE_CREDENTIALS.accessKeyId,
      SecretAccessKey: FAKE_CREDENTIALS.secretAccessKey,
      SessionToken: FAKE_CREDENTIALS.sessionToken,
      Expiration: printed,
      Action: 'AssumeRole',
      RequestId: FAKE_CREDENTIALS.requestId,
      AssumedRoleUser: { Arn: '', AssumedRoleId: '' },
    });
    expect(run.stderr).toBe('');
  });

  it("-d prints the sample's header line first", async () => {
    fake.reply(200, assumeRoleSuccessBody(), XML);
    const run = await runMain(assumeRole('-d'));
    expectExit(run, 0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Only displaying credentials:');
    expect(lines[1]).toBe(`AccessKeyID: ${FAKE_CREDENTIALS.accessKeyId}`);
  });

  it('text output on a pipe has no colour escapes', async () => {
    const run = await runMain(assumeRole());
    expectExit(run, 0);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('`env` output, evaluated by sh, yields the exact values, even hostile ones; nothing in them runs', async () => {
    const canary = join(scratch.path, 'ENV_CANARY');
    const values = {
      accessKeyId: '0123',
      secretAccessKey: `a b  c'$(touch ${canary})\`touch ${canary}\`*?[x]`,
      sessionToken: 'one two "q" \\ end; $HOME `id` *',
      expiration: '2036-02-12T14:18:48-08:00',
    };
    // A server whose clock agrees with ours (Node's own Date header): the expiration is handed out as given.
    fake.reply(200, assumeRoleSuccessBody(values), { 'content-type': 'application/xml' });
    const run = await runMain(['env', ...assumeRole()]);
    expectExit(run, 0);
    expect(run.stderr).toBe('');
    const script = file('env.sh', run.stdout);
    for (const evalLine of ['eval "$(cat "$1")"', 'eval $(cat "$1")']) {
      const out = execFileSync(
        'sh',
        ['-c', `${evalLine}; printf '%s\\000' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"`, 'sh', script],
        { cwd: scratch.path, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
      ).toString('utf8');
      expect(out.split('\0')).toEqual([values.accessKeyId, values.secretAccessKey, values.sessionToken, '2036-02-12T22:18:48Z', '']);
    }
    expect(existsSync(canary)).toBe(false);
  });

  it('credentials with a control character are refused as a malformed answer (exit 1), nothing on stdout', async () => {
    fake.reply(200, assumeRoleSuccessBody({ sessionToken: 'line1\nline2\u001b]52;c;cHduZWQ=\u0007' }), XML);
    const run = await runMain(['env', ...assumeRole()]);
    expectExit(run, 1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/control character in SessionToken/);
    expect(run.stderr).not.toContain('\u001b');
  });

  it('`env` defaults to assume-role', async () => {
    const run = await runMain(['env', '--endpoint', fake.url, '-u', USER, ...passwordArgs('file')]);
    expectExit(run, 0);
    expect(run.stdout).toContain(`export AWS_ACCESS_KEY_ID='${FAKE_CREDENTIALS.accessKeyId}';`);
    expect(fake.onlyRequest().body).toBe('Action=AssumeRole&Version=2011-06-15');
  });

  it('--sts-ep is an alias of --endpoint', async () => {
    const run = await runMain(['assume-role', '--sts-ep', fake.url, '-u', USER, ...passwordArgs('file')]);
    expectExit(run, 0);
    expect(fake.requests).toHaveLength(1);
  });

  it.each<[string, Record<string, string>, boolean]>([
    ['AWS_ENDPOINT_URL_STS is used', { AWS_ENDPOINT_URL_STS: 'FAKE' }, false],
    ['AWS_ENDPOINT_URL_STS wins over AWS_ENDPOINT_URL', { AWS_ENDPOINT_URL_STS: 'FAKE', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }, false],
    ['AWS_ENDPOINT_URL is used when AWS_ENDPOINT_URL_STS is unset', { AWS_ENDPOINT_URL: 'FAKE' }, false],
    ['--endpoint wins over both', { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }, true],
  ])('endpoint: %s', async (_what, env, withFlag) => {
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === 'FAKE' ? fake.url : v]));
    const flags = withFlag ? ['--endpoint', fake.url] : [];
    const run = await runMain(['assume-role', ...flags, '-u', USER, ...passwordArgs('file')], { env: resolved });
    expectExit(run, 0);
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    ['1h30m', '5400'],
    ['900', '900'],
    ['15m', '900'],
    ['1.5h', '5400'],
    ['365d', '31536000'],
  ])('-e %s sends DurationSeconds=%s', async (duration, seconds) => {
    const run = await runMain(assumeRole('-e', duration));
    expectExit(run, 0);
    expect(form(fake.onlyRequest().body)).toEqual({ Action: 'AssumeRole', Version: '2011-06-15', DurationSeconds: seconds });
  });

  it('--policy-file is sent minified in the form body (and signed with it)', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'] }],
    };
    const path = file('policy.json', `${JSON.stringify(policy, null, 4)}\n`);
    const run = await runMain(assumeRole('--policy-file', path));
    expectExit(run, 0);
    const req = fake.onlyRequest();
    expect(form(req.body).Policy).toBe(JSON.stringify(policy));
    expect(req.body).toContain('Policy=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22');
    expect(req.headers.authorization).toBe(expectedSigV4Authorization(req, PASSWORD));
  });

  it('-s is the short form of --policy-file; --policy takes inline JSON', async () => {
    const path = file('policy-short.json', '{ "Version" : "2012-10-17" ,\n "Statement": [] }');
    let run = await runMain(assumeRole('-s', path));
    expectExit(run, 0);
    expect(form(fake.requests[0]!.body).Policy).toBe('{"Version":"2012-10-17","Statement":[]}');
    run = await runMain(assumeRole('--policy', '{ "Version": "2012-10-17" }'));
    expectExit(run, 0);
    expect(form(fake.requests[1]!.body).Policy).toBe('{"Version":"2012-10-17"}');
  });

  it.each<[string, string[], RunOptions]>([
    ['--password-stdin (trailing newline stripped)', ['-u', USER, '--password-stdin'], { stdin: `${PASSWORD}\n` }],
    ['--password-stdin (no newline)', ['-u', USER, '--password-stdin'], { stdin: PASSWORD }],
    ['--password-file (trailing newline stripped)', ['-u', USER, '--password-file', 'PWFILE'], {}],
    ['--password-env', ['-u', USER, '--password-env', 'MY_PW'], { env: { MY_PW: PASSWORD } }],
    ['STS_CREDS_PASSWORD', ['-u', USER], { env: { STS_CREDS_PASSWORD: PASSWORD } }],
    ['STS_CREDS_USER and STS_CREDS_PASSWORD', [], { env: { STS_CREDS_USER: USER, STS_CREDS_PASSWORD: PASSWORD } }],
  ])('password via %s signs with that password; no warning', async (_what, flags, options) => {
    const args = flags.map((f) => (f === 'PWFILE' ? passwordFile : f));
    const run = await runMain(['assume-role', '--endpoint', fake.url, ...args], { ...options, timeoutMs: 10_000 });
    expectExit(run, 0);
    expect(run.stderr).toBe('');
    const req = fake.onlyRequest();
    expect(req.headers.authorization).toContain(`Credential=${USER}/`);
    expect(req.headers.authorization).toBe(expectedSigV4Authorization(req, PASSWORD));
    expectNoSecrets(run);
  });

  it('password via -p works, and warns once on stderr that argv is visible to others', async () => {
    const run = await runMain(assumeRoleVia('argv', fake.url));
    expectExit(run, 0);
    expect(run.stderr).toMatch(ARGV_WARNING);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(fake.onlyRequest().headers.authorization).toBe(expectedSigV4Authorization(fake.onlyRequest(), PASSWORD));
    expectNoSecrets(run);
  });

  it('--region and AWS_REGION set the SigV4 scope region', async () => {
    let run = await runMain(assumeRole('--region', 'eu-west-3'));
    expectExit(run, 0);
    expect(fake.requests[0]!.headers.authorization).toContain('/eu-west-3/sts/aws4_request');
    run = await runMain(assumeRole(), { env: { AWS_REGION: 'ap-south-1' } });
    expectExit(run, 0);
    expect(fake.requests[1]!.headers.authorization).toContain('/ap-south-1/sts/aws4_request');
    expect(fake.requests[1]!.headers.authorization).toBe(expectedSigV4Authorization(fake.requests[1]!, PASSWORD));
  });
});

describe('custom-token success', () => {
  it('sends Token, RoleArn and DurationSeconds in the query, no Authorization, an empty body; prints AssumedUser', async () => {
    fake.reply(200, customTokenSuccessBody(), XML);
    const before = Date.now();
    const run = await runMain(customToken('-e', '1h'));
    expectExit(run, 0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${textOutput(run.stdout, before, Date.now())}AssumedUser: custom:alice\n`);
    expect(run.stdout).not.toContain(TOKEN);
    const req = fake.onlyRequest();
    expect(req.method).toBe('POST');
    const url = new URL(req.url, fake.url);
    expect(url.pathname).toBe('/');
    expect([...url.searchParams]).toEqual([
      ['Action', 'AssumeRoleWithCustomToken'],
      ['Version', '2011-06-15'],
      ['Token', TOKEN],
      ['RoleArn', ROLE_ARN],
      ['DurationSeconds', '3600'],
    ]);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers['x-amz-security-token']).toBeUndefined();
    expect(req.body).toBe('');
  });

  it.each<[string, string[], RunOptions]>([
    ['--token-file', ['-r', ROLE_ARN, '--token-file', 'TOKENFILE'], {}],
    ['--token-stdin', ['-r', ROLE_ARN, '--token-stdin'], { stdin: `${TOKEN}\n` }],
    ['--token-env', ['-r', ROLE_ARN, '--token-env', 'MY_TOKEN'], { env: { MY_TOKEN: TOKEN } }],
    ['STS_CREDS_TOKEN and STS_CREDS_ROLE_ARN', [], { env: { STS_CREDS_TOKEN: TOKEN, STS_CREDS_ROLE_ARN: ROLE_ARN } }],
  ])('token via %s', async (_what, flags, options) => {
    fake.reply(200, customTokenSuccessBody(), XML);
    const args = flags.map((f) => (f === 'TOKENFILE' ? tokenFile : f));
    const run = await runMain(['custom-token', '--endpoint', fake.url, ...args], { ...options, timeoutMs: 10_000 });
    expectExit(run, 0);
    expect(run.stderr).toBe('');
    const query = new URL(fake.onlyRequest().url, fake.url).searchParams;
    expect(query.get('Token')).toBe(TOKEN);
    expect(query.get('RoleArn')).toBe(ROLE_ARN);
    expectNoSecrets(run);
  });

  it('-o json includes AssumedUser and Action', async () => {
    fake.reply(200, customTokenSuccessBody(), XML);
    const run = await runMain(customToken('-o', 'json'));
    expectExit(run, 0);
    expect(JSON.parse(run.stdout)).toMatchObject({ Action: 'AssumeRoleWithCustomToken', AssumedUser: 'custom:alice' });
  });
});

describe('no password and no terminal', () => {
  it('exits 2 at once instead of waiting on stdin (stdin an open, silent pipe), and sends nothing', async () => {
    // A run still waiting after 5 s fails the test.
    const run = await runCli(['assume-role', '--endpoint', fake.url, '-u', USER], { stdin: 'keep-open', timeoutMs: 5_000 });
    expectOneLineFailure(run, 2, /no password/);
    expect(fake.requests).toHaveLength(0);
  });

  it('no user → exit 2', async () => {
    const run = await runMain(['assume-role', '--endpoint', fake.url, ...passwordArgs('file')]);
    expectOneLineFailure(run, 2, /no user/);
    expect(fake.requests).toHaveLength(0);
  });
});

const OPEN_XML = { 'content-type': 'application/xml' };
/** Answers that end a run with exit 1; `timeout` runs it with `--timeout <s> --retries 0`. */
const FAILURES: Array<{ what: string; behaviour: FakeBehaviour; message: RegExp; timeout?: string }> = [
  {
    what: 'STS error document (403 AccessDenied)',
    behaviour: {
      kind: 'reply',
      status: 403,
      headers: { ...OPEN_XML, 'x-amz-request-id': '17A0B0C0D0E0F001' },
      body: stsErrorBody('AccessDenied', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', '17A0B0C0D0E0F001'),
    },
    message: /AccessDenied \(HTTP 403\): The request signature we calculated does not match .*\(request id 17A0B0C0D0E0F001\)/,
  },
  {
    what: 'STS error document (400 InvalidParameterValue)',
    behaviour: { kind: 'reply', status: 400, headers: OPEN_XML, body: stsErrorBody('InvalidParameterValue', 'invalid token expiry') },
    message: /InvalidParameterValue \(HTTP 400\): invalid token expiry/,
  },
  {
    what: 'HTML 502 page',
    behaviour: { kind: 'reply', status: 502, headers: { 'content-type': 'text/html' }, body: '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<hr><center>nginx</center>\n</body>\n</html>\n' },
    message: /HTTP 502/,
  },
  {
    what: 'truncated XML on 200',
    behaviour: { kind: 'reply', status: 200, headers: OPEN_XML, body: assumeRoleSuccessBody().slice(0, 250) },
    message: /malformed XML/,
  },
  {
    what: 'empty 200',
    behaviour: { kind: 'reply', status: 200, headers: OPEN_XML, body: '' },
    message: /empty body/,
  },
  {
    what: 'success document without a SessionToken',
    behaviour: { kind: 'reply', status: 200, headers: OPEN_XML, body: assumeRoleSuccessBody().replace(/<SessionToken>[^<]*<\/SessionToken>/, '') },
    message: /no SessionToken/,
  },
  {
    what: 'connection reset',
    behaviour: { kind: 'reset' },
    message: /connection|socket|closed|reset/i,
  },
  {
    what: 'connection closed mid-body',
    behaviour: { kind: 'partial-then-close', status: 200, headers: OPEN_XML, body: assumeRoleSuccessBody().slice(0, 100), declaredLength: 4000 },
    message: /connection|closed|reset|socket|body/i,
  },
  {
    what: 'no answer within --timeout 1',
    behaviour: { kind: 'hang' },
    message: /within 1 s/,
    timeout: '1',
  },
  {
    what: 'headers, then a body that stalls past --timeout 1',
    behaviour: { kind: 'partial-then-hang', status: 200, headers: OPEN_XML, body: '<?xml version="1.0"?>', declaredLength: 4000 },
    message: /within 1 s|stalled/,
    timeout: '1',
  },
  {
    what: 'a body trickled slower than --timeout 1 allows in total',
    behaviour: { kind: 'trickle', status: 200, headers: OPEN_XML, chunks: ['<', 'A', 's', 's', 'u', 'm', 'e'], intervalMs: 300 },
    message: /within 1 s|stalled/,
    timeout: '1',
  },
];

const COMMANDS = [
  { label: 'assume-role', args: (via: Via, url: string) => assumeRoleVia(via, url) },
  { label: 'custom-token', args: (via: Via, url: string) => customTokenVia(via, url) },
  { label: 'env assume-role', args: (via: Via, url: string) => ['env', ...assumeRoleVia(via, url)] },
];

describe.each(COMMANDS)('failures: $label', ({ args }) => {
  it.concurrent.each(FAILURES)('$what → exit 1, one line on stderr, stdout empty, no secrets', async ({ behaviour, message, timeout }) => {
    await withOwnFake(async (own) => {
      own.always(behaviour);
      const extra = timeout ? ['--timeout', timeout, '--retries', '0'] : [];
      const run = await runMain([...args('file', own.url), ...extra]);
      expectOneLineFailure(run, 1, message);
      expect(own.requests.length).toBeGreaterThanOrEqual(1);
      expectNoSecrets(run);
    });
  });

  it.concurrent.each(FAILURES)('$what, secrets on the command line, --debug → redacted debug lines and stack trace', async ({ behaviour, message, timeout }) => {
    await withOwnFake(async (own) => {
      own.always(behaviour);
      const extra = timeout ? ['--timeout', timeout, '--retries', '0'] : [];
      const run = await runMain([...args('argv', own.url), ...extra, '--debug']);
      expectDebugFailure(run, 1, message, 'argv');
      expectNoSecrets(run);
    });
  });
});

describe('--timeout with the default retries', () => {
  it('a server that never answers still ends the run with exit 1 in bounded time (each attempt gets --timeout)', async () => {
    await withOwnFake(async (own) => {
      own.hang();
      // The bound is structural, not timed here: at most 3 attempts, each ended by --timeout 1 (the message).
      // -q: the notes of a retry still going after 2 s (test/cli/small-surprises.test.ts) would add lines.
      const run = await runMain(assumeRoleAt(own.url, '--timeout', '1', '-q'));
      expectOneLineFailure(run, 1, /within 1 s/);
      expect(own.requests.length).toBeGreaterThanOrEqual(1);
      expect(own.requests.length).toBeLessThanOrEqual(3);
    });
  });
});

describe('RequestTimeTooSkewed (S3-style error, no namespace)', () => {
  const skew: FakeBehaviour = {
    kind: 'reply',
    status: 403,
    headers: OPEN_XML,
    body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the server's time is too large.</Message><Resource>/</Resource><RequestId>R9</RequestId><HostId>h</HostId></Error>",
  };

  it.concurrent.each<Via>(['file', 'argv'])('exit 1, the failure is the last line, stdout empty, no secrets (secrets via %s)', async (via) => {
    await withOwnFake(async (own) => {
      own.always(skew);
      const run = await runMain(assumeRoleVia(via, own.url));
      expectExit(run, 1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines.at(-1)).toMatch(/^sts-creds: AssumeRole failed: RequestTimeTooSkewed \(HTTP 403\)/);
      expect(lines.every((l) => l.startsWith('sts-creds: '))).toBe(true);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(own.requests.length).toBeGreaterThanOrEqual(1);
      expect(own.requests.length).toBeLessThanOrEqual(3);
      expectNoSecrets(run);
    });
  });
});

describe("server text that echoes the run's own secret is redacted", () => {
  it.concurrent.each([
    { label: 'assume-role (password from a file)', args: (url: string) => assumeRoleVia('file', url), secret: PASSWORD },
    { label: 'assume-role (password on the command line)', args: (url: string) => assumeRoleVia('argv', url), secret: PASSWORD },
    { label: 'custom-token (token from a file)', args: (url: string) => customTokenVia('file', url), secret: TOKEN },
    { label: 'env custom-token (token on the command line)', args: (url: string) => ['env', ...customTokenVia('argv', url)], secret: TOKEN },
  ])('$label, with and without --debug', async ({ args, secret }) => {
    await withOwnFake(async (own) => {
      own.reply(403, stsErrorBody('AccessDenied', `credential ${secret} rejected`), { 'content-type': 'application/xml' });
      const run = await runMain(args(own.url));
      expectExit(run, 1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/AccessDenied \(HTTP 403\): credential \*\*\* rejected/);
      expectNoSecrets(run);
      const debug = await runMain([...args(own.url), '--debug']);
      expectExit(debug, 1);
      expect(debug.stderr).toMatch(/credential \*\*\* rejected/);
      expect(debug.stderr).toMatch(/\n\s+at /);
      expectNoSecrets(debug);
    });
  });
});

describe('connection refused', () => {
  it('exit 1, one line naming the refusal', async () => {
    const run = await runMain(['assume-role', '--endpoint', 'http://127.0.0.1:1', '-u', USER, ...passwordArgs('file'), '--retries', '0']);
    expectOneLineFailure(run, 1, /connection refused/);
    expectNoSecrets(run);
  });
});

describe('inputs rejected before any request', () => {
  const cases: Array<{ what: string; args: (via: Via, url: string) => string[]; message: RegExp; env?: Record<string, string> }> = [
    { what: 'unparseable duration', args: (via, url) => assumeRoleVia(via, url, '-e', 'abc'), message: /invalid -e\/--duration: / },
    { what: 'duration below 900 s', args: (via, url) => assumeRoleVia(via, url, '-e', '899'), message: /duration.*900/ },
    { what: 'duration above 365 d', args: (via, url) => assumeRoleVia(via, url, '-e', '31536001'), message: /duration.*31536000/ },
    { what: 'fractional duration', args: (via, url) => assumeRoleVia(via, url, '-e', '1500ms'), message: /whole number/ },
    { what: 'custom-token duration above 365 d', args: (via, url) => customTokenVia(via, url, '-e', '366d'), message: /duration.*31536000/ },
    { what: 'policy that is not JSON', args: (via, url) => assumeRoleVia(via, url, '--policy', '{"Version":'), message: /--policy is not valid JSON/ },
    { what: 'policy file that is not JSON', args: (via, url) => assumeRoleVia(via, url, '--policy-file', uniqueFile('Version: 2012-10-17')), message: /policy file .* is not valid JSON/ },
    { what: 'policy file that does not exist', args: (via, url) => assumeRoleVia(via, url, '--policy-file', join(scratch.path, 'missing.json')), message: /cannot read policy file .*ENOENT/ },
    { what: 'policy that is a JSON array', args: (via, url) => assumeRoleVia(via, url, '--policy', '[]'), message: /policy must be a JSON object/ },
    { what: 'both --policy and --policy-file', args: (via, url) => assumeRoleVia(via, url, '--policy', '{}', '--policy-file', uniqueFile('{}')), message: /use only one of --policy, -s\/--policy-file/ },
    { what: 'ftp: endpoint', args: (via) => assumeRoleVia(via, 'ftp://127.0.0.1:21'), message: /must be an http:\/\/ or https:\/\/ URL/ },
    { what: 'endpoint with credentials', args: (via) => assumeRoleVia(via, `http://${USER}:${PASSWORD}@127.0.0.1:9000`), message: /user name or password/ },
    { what: 'endpoint with a query string', args: (via, url) => assumeRoleVia(via, `${url}/?Action=AssumeRole`), message: /query string/ },
    { what: 'endpoint that is not a URL', args: (via) => assumeRoleVia(via, 'not a url'), message: /not a URL/ },
    { what: 'bad endpoint from AWS_ENDPOINT_URL_STS', args: (via) => ['assume-role', '-u', USER, ...passwordArgs(via)], message: /got ftp:/, env: { AWS_ENDPOINT_URL_STS: 'ftp://x' } },
    { what: 'unknown flag', args: (via, url) => assumeRoleVia(via, url, '--bogus'), message: /unknown option '--bogus'/ },
    { what: 'misspelt password flag with =', args: (_via, url) => ['assume-role', '--endpoint', url, '-u', USER, `--pasword=${PASSWORD}`], message: /unknown option '--pasword=\*\*\*'/ },
    { what: 'misspelt token flag with =', args: (_via, url) => ['custom-token', '--endpoint', url, '-r', ROLE_ARN, `--tokn=${TOKEN}`], message: /unknown option '--tokn=\*\*\*'/ },
    { what: 'unknown command', args: () => ['assume-rol'], message: /unknown command 'assume-rol'/ },
    { what: 'invalid -o choice', args: (via, url) => assumeRoleVia(via, url, '-o', 'yaml'), message: /argument 'yaml' is invalid/ },
    { what: 'excess argument', args: (via, url) => assumeRoleVia(via, url, 'extra'), message: /too many arguments/ },
    { what: 'bad --timeout', args: (via, url) => assumeRoleVia(via, url, '--timeout', '0'), message: /invalid --timeout/ },
    { what: 'two password sources', args: (via, url) => assumeRoleVia(via, url, '--password-env', 'STS_CREDS_PASSWORD'), message: /use only one of .*--password-env/ },
    { what: 'password file missing', args: (_via, url) => ['assume-role', '--endpoint', url, '-u', USER, '--password-file', join(scratch.path, 'nope')], message: /cannot read password file .*ENOENT/ },
    { what: 'empty password on stdin', args: (_via, url) => ['assume-role', '--endpoint', url, '-u', USER, '--password-stdin'], message: /password is empty/ },
    { what: 'custom-token without a role ARN', args: (via, url) => ['custom-token', '--endpoint', url, ...tokenArgs(via)], message: /no role ARN/ },
    { what: 'custom-token without a token', args: (_via, url) => ['custom-token', '--endpoint', url, '-r', ROLE_ARN], message: /no token/ },
    { what: 'custom-token with two token sources', args: (via, url) => customTokenVia(via, url, '--token-env', 'STS_CREDS_TOKEN'), message: /use only one of .*--token-env/ },
  ];

  it.concurrent.each(cases)('$what → exit 2, one line, zero requests, no secrets', async ({ args, message, env }) => {
    await withOwnFake(async (own) => {
      const run = await runMain(args('file', own.url), { timeoutMs: 10_000, ...(env ? { env } : {}) });
      expectOneLineFailure(run, 2, message);
      expect(own.requests).toHaveLength(0);
      expectNoSecrets(run);
    });
  });

  it.concurrent.each(cases)('$what, secrets on the command line, --debug → exit 2, zero requests, no secrets', async ({ args, message, env }) => {
    await withOwnFake(async (own) => {
      const run = await runMain([...args('argv', own.url), '--debug'], { timeoutMs: 10_000, ...(env ? { env } : {}) });
      expectExit(run, 2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(own.requests).toHaveLength(0);
      expectNoSecrets(run);
    });
  });
});
