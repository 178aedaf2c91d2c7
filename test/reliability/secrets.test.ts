/**
 * Secret hygiene: every CLI failure path (bad flags, bad inputs, service errors, transport errors,
 * hostile answers, failures after the credentials arrived), with `--debug` off and on, given known
 * secrets. None may appear on stdout or stderr. Also: the one-time warning for -p/-t, and what
 * `--debug` shows on success.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARGV_GRAMMAR } from '../../src/cli/argv-grammar.js';
import { argvSecrets } from '../../src/cli/argv-secrets.js';
import { redactHeaders, redactUrl } from '../../src/transport/redact-request.js';
import { FAKE_CREDENTIALS, assumeRoleSuccessBody, customTokenSuccessBody, stsErrorBody, useFakeSts, type FakeBehaviour, type FakeSts } from '../helpers/fake-sts.js';
import { runCli, runMain, type CliResult } from '../helpers/cli.js';

const fake: FakeSts = useFakeSts();
const XML = { 'content-type': 'application/xml' };

const PASSWORD = 'Pa55-w0rd-KNOWN-1';
const TOKEN = 'tok-KNOWN-secret-2';
const PROXY_PASSWORD = 'proxy-KNOWN-3';
/** Secrets that must never be printed on a failure path. */
const SECRETS = [PASSWORD, TOKEN, PROXY_PASSWORD, encodeURIComponent(TOKEN), FAKE_CREDENTIALS.secretAccessKey, FAKE_CREDENTIALS.sessionToken];

let dir: string;
let passwordFile: string;
let tokenFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sts-creds-secrets-'));
  passwordFile = join(dir, 'pw');
  tokenFile = join(dir, 'tok');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  writeFileSync(tokenFile, TOKEN);
});

function expectNoSecrets(run: CliResult, label: string): void {
  const output = `${run.stdout}\n${run.stderr}`;
  for (const secret of SECRETS) {
    expect(output.includes(secret), `${label}: "${secret}" leaked:\n${output}`).toBe(false);
  }
  expect(output, `${label}: a SigV4 signature leaked`).not.toMatch(/Signature=[0-9a-f]{64}/);
  if (!label.includes('--debug')) expect(output, `${label}: a stack trace without --debug`).not.toMatch(/\n\s+at /);
}

const reply = (status: number, body: string, headers: Record<string, string> = XML): FakeBehaviour => ({ kind: 'reply', status, headers, body });

/** A server that echoes everything it was sent (URL with any token, body, Authorization) and a secret it knows, e.g. the user's password. */
const echoing = (secret: string): FakeBehaviour => ({
  kind: 'custom',
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => {
    res.writeHead(403, XML).end(stsErrorBody('AccessDenied', `you sent ${req.url} ${body} ${String(req.headers.authorization)}; your secret is ${secret}`));
  },
});

/** STS answers with credentials; the S3 listing with them is refused. */
const listingRefused: FakeBehaviour = {
  kind: 'custom',
  handle: (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST') return void res.writeHead(200, XML).end(assumeRoleSuccessBody());
    res.writeHead(403, XML).end(`<Error><Code>AccessDenied</Code><Message>denied for ${String(req.headers['x-amz-security-token'])}</Message></Error>`);
  },
};

interface Case {
  label: string;
  args: (url: string) => string[];
  env?: Record<string, string>;
  stdin?: string;
  server?: FakeBehaviour;
  /** Expected exit code. */
  code: number;
}

const ar = (url: string, ...extra: string[]): string[] => ['assume-role', '--endpoint', url, '-u', 'rootuser', '--timeout', '1', '--retries', '0', ...extra];
const ct = (url: string, ...extra: string[]): string[] => ['custom-token', '--endpoint', url, '-r', 'arn:minio:iam:::role/idmp-test', '--timeout', '1', '--retries', '0', ...extra];
const DEAD = 'http://127.0.0.1:9'; // discard port: nothing listens

const CASES: Case[] = [
  // bad flags
  { label: 'unknown flag', args: (u) => ar(u, '-p', PASSWORD, '--bogus'), code: 2 },
  { label: 'mistyped secret flag with =', args: (u) => ar(u, `--pasword=${PASSWORD}`), code: 2 },
  { label: 'attached -p value and a bad duration', args: (u) => ar(u, `-p${PASSWORD}`, '-e', 'forever'), code: 2 },
  { label: 'two password sources', args: (u) => ar(u, '-p', PASSWORD, '--password-file', passwordFile), code: 2 },
  { label: 'no user', args: (u) => ['assume-role', '--endpoint', u, '-p', PASSWORD], code: 2 },
  { label: 'bad --output', args: (u) => ar(u, '-p', PASSWORD, '-o', PASSWORD), code: 2 },
  { label: 'bad --retries', args: (u) => ar(u, '-p', PASSWORD, '--retries', '-1'), code: 2 },
  { label: 'bad --timeout', args: (u) => ar(u, `--password=${PASSWORD}`, '--timeout', 'never'), code: 2 },
  { label: 'token without role ARN', args: (u) => ['custom-token', '--endpoint', u, '-t', TOKEN], code: 2 },
  { label: 'two token sources', args: (u) => ct(u, '-t', TOKEN, '--token-file', tokenFile), code: 2 },
  // bad inputs
  { label: 'endpoint with credentials in it', args: () => ar(`http://rootuser:${PASSWORD}@127.0.0.1:9000`, '--password-file', passwordFile), code: 2 },
  { label: 'endpoint not http', args: () => ar('ftp://127.0.0.1', '-p', PASSWORD), code: 2 },
  { label: 'missing policy file', args: (u) => ar(u, '-p', PASSWORD, '-s', join(dir, 'none.json')), code: 2 },
  { label: 'policy that is not JSON', args: (u) => ar(u, '-p', PASSWORD, '--policy', `{"x": "${PASSWORD}"`), code: 2 },
  { label: 'missing CA bundle', args: (u) => ar(u, '--password-env', 'PW', '--ca-bundle', join(dir, 'none.pem')), env: { PW: PASSWORD }, code: 2 },
  { label: 'password variable unset', args: (u) => ar(u, '--password-env', 'NOPE'), code: 2 },
  { label: 'empty password on stdin', args: (u) => ar(u, '--password-stdin'), stdin: '\n', code: 2 },
  // service errors
  { label: 'AccessDenied', args: (u) => ar(u, '-p', PASSWORD), server: reply(403, stsErrorBody('AccessDenied', 'The request signature we calculated does not match the signature you provided.')), code: 1 },
  { label: 'server echoes the password (stdin)', args: (u) => ar(u, '--password-stdin'), stdin: `${PASSWORD}\n`, server: echoing(PASSWORD), code: 1 },
  { label: 'server echoes the password (env)', args: (u) => ar(u), env: { STS_CREDS_PASSWORD: PASSWORD }, server: echoing(PASSWORD), code: 1 },
  { label: 'server echoes the token (file)', args: (u) => ct(u, '--token-file', tokenFile), server: echoing(TOKEN), code: 1 },
  { label: 'server echoes the token (env)', args: (u) => ct(u), env: { STS_CREDS_TOKEN: TOKEN }, server: echoing(TOKEN), code: 1 },
  { label: 'plugin refusal', args: (u) => ct(u, '-t', TOKEN), server: reply(500, stsErrorBody('InternalError', 'token rejected: revoked')), code: 1 },
  { label: 'invalid expiry', args: (u) => ar(u, '--password-file', passwordFile), server: reply(400, stsErrorBody('InvalidParameterValue', 'invalid token expiry')), code: 1 },
  { label: 'persistent clock skew', args: (u) => ar(u, '-p', PASSWORD), server: reply(403, '<Error><Code>RequestTimeTooSkewed</Code><Message>too large</Message></Error>'), code: 1 },
  // transport errors
  { label: 'connection refused', args: () => ar(DEAD, '-p', PASSWORD), code: 1 },
  { label: 'timeout', args: (u) => ar(u, '-p', PASSWORD, '--timeout', '0.3'), server: { kind: 'hang' }, code: 1 },
  { label: 'reset', args: (u) => ct(u, '-t', TOKEN), server: { kind: 'reset' }, code: 1 },
  { label: 'proxy with a password, down', args: (u) => ar(u, '-p', PASSWORD), env: { HTTP_PROXY: `http://user:${PROXY_PASSWORD}@127.0.0.1:9` }, code: 1 },
  { label: 'malformed proxy URL with a password', args: (u) => ar(u, '-p', PASSWORD), env: { HTTP_PROXY: `http://user:${PROXY_PASSWORD}@[x` }, code: 2 },
  { label: 'TLS to a plain port', args: (u) => ar(u.replace('http:', 'https:'), '-p', PASSWORD), code: 1 },
  // hostile answers
  { label: 'HTML 502', args: (u) => ar(u, '-p', PASSWORD), server: reply(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' }), code: 1 },
  { label: 'entity expansion', args: (u) => ct(u, '-t', TOKEN), server: reply(200, '<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'), code: 1 },
  { label: 'redirect carrying the token on', args: (u) => ct(u, '-t', TOKEN), server: reply(307, '', { location: `http://evil.example/?Token=${TOKEN}` }), code: 1 },
  { label: 'trickling body', args: (u) => ar(u, '-p', PASSWORD, '--timeout', '0.3'), server: { kind: 'trickle', status: 200, headers: XML, chunks: Array(20).fill(' ') as string[], intervalMs: 50 }, code: 1 },
  { label: 'truncated credentials', args: (u) => ar(u, '-p', PASSWORD), server: reply(200, assumeRoleSuccessBody().slice(0, 300)), code: 1 },
  // failures after the credentials arrived
  { label: '--bucket listing fails', args: (u) => ar(u, '-p', PASSWORD, '-b', 'photos'), server: listingRefused, code: 1 },
  {
    label: 'credentials a dotenv file cannot hold',
    args: (u) => ar(u, '-p', PASSWORD, '-o', 'dotenv'),
    server: reply(200, assumeRoleSuccessBody({ secretAccessKey: `${FAKE_CREDENTIALS.secretAccessKey}'` })),
    code: 2,
  },
  { label: 'exec of a missing command', args: (u) => ['exec', ...ar(u, '-p', PASSWORD), '--', '/nonexistent/command'], server: reply(200, assumeRoleSuccessBody()), code: 127 },
  { label: 'custom token answer without a token', args: (u) => ct(u, '-t', TOKEN), server: reply(200, customTokenSuccessBody().replace(/<SessionToken>[^<]*<\/SessionToken>/, '')), code: 1 },
];

describe('no secret on any failure path', () => {
  for (const debug of [false, true]) {
    describe(debug ? 'with --debug' : 'without --debug', () => {
      it.each(CASES)('$label', async (c) => {
        fake.always(c.server ?? reply(200, assumeRoleSuccessBody()));
        const args = [...c.args(fake.url), ...(debug ? ['--debug'] : [])];
        // `exec` takes its command after `--`; --debug belongs before it.
        const at = args.indexOf('--');
        if (debug && at >= 0) args.splice(at, 0, args.pop()!);
        const run = await runMain(args, { env: c.env ?? {}, ...(c.stdin !== undefined ? { stdin: c.stdin } : {}) });
        expect(run.code, `${c.label}: ${run.stderr}`).toBe(c.code);
        if (c.code !== 127) expect(run.stdout).toBe('');
        expectNoSecrets(run, `${c.label}${debug ? ' --debug' : ''}`);
      });
    });
  }

  it('the real bin behaves the same (a sample)', async () => {
    const sample = CASES.filter((c) => ['mistyped secret flag with =', 'server echoes the token (file)', 'proxy with a password, down', 'redirect carrying the token on', '--bucket listing fails'].includes(c.label));
    expect(sample).toHaveLength(5);
    for (const c of sample) {
      for (const debug of [false, true]) {
        fake.always(c.server ?? reply(200, assumeRoleSuccessBody()));
        const run = await runCli([...c.args(fake.url), ...(debug ? ['--debug'] : [])], { env: c.env ?? {} });
        expect(run.code, `${c.label}: ${run.stderr}`).toBe(c.code);
        expectNoSecrets(run, `bin ${c.label}${debug ? ' --debug' : ''}`);
      }
    }
  });
});

describe('secrets on the command line', () => {
  it('warns once when -p is used, naming the safer options', async () => {
    const run = await runMain([...ar(fake.url, '-p', PASSWORD, '-o', 'json')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'sts-creds: warning: a password on the command line (-p/--password) can be seen by other users and processes on this machine ' +
        'and may be kept in your shell history; use --password-file, --password-stdin or --password-env instead\n',
    );
  });

  it('warns once for -t / --token=, naming the token options', async () => {
    fake.always(reply(200, customTokenSuccessBody()));
    const run = await runMain(ct(fake.url, `--token=${TOKEN}`, '-o', 'json'));
    expect(run.code).toBe(0);
    expect(run.stderr.match(/warning/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/a token on the command line \(-t\/--token\) .* use --token-file, --token-stdin or --token-env instead/);
  });

  it('stays quiet for --password-file, --password-stdin, --password-env and the environment variable', async () => {
    for (const [args, env, stdin] of [
      [['--password-file', passwordFile], {}, undefined],
      [['--password-stdin'], {}, `${PASSWORD}\n`],
      [['--password-env', 'PW'], { PW: PASSWORD }, undefined],
      [[], { STS_CREDS_PASSWORD: PASSWORD }, undefined],
    ] as const) {
      const run = await runMain(ar(fake.url, ...args, '-o', 'json'), { env, ...(stdin ? { stdin } : {}) });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
    }
  });

  it('finds secret values in every argv form, and ignores what follows --', () => {
    expect(argvSecrets(['-p', 'a1b2', '--password=c3d4', '-pe5f6', '-t', 'g7h8', '--token=i9j0', '--pasword=k1l2', '--', '-p', 'zzzz'], ARGV_GRAMMAR)).toEqual({
      values: ['a1b2', 'c3d4', 'e5f6', 'g7h8', 'i9j0', 'k1l2'],
      warnings: [expect.stringMatching(/^a password/), expect.stringMatching(/^a token/)],
    });
    expect(argvSecrets(['--password-file', 'x', '--token-env', 'Y', '--profile', 'p'], ARGV_GRAMMAR)).toEqual({ values: [], warnings: [] });
    expect(argvSecrets(['--password-env=MY_PW_VAR', '--token-file=/tmp/tok', '--transitive-tag-key=Project', '--secret-key=abcd1234'], ARGV_GRAMMAR)).toEqual({
      values: ['abcd1234'],
      warnings: [],
    });
  });
});

describe('warnings are printed once per run', () => {
  it('--insecure warns once however many clients the run creates', async () => {
    const { resolveNetworkSettings } = await import('../../src/cli/inputs/network.js');
    const { runSettings } = await import('../../src/cli/inputs/settings.js');
    const { Redactor } = await import('../../src/cli/redact.js');
    let stderr = '';
    const io = { stderr: { write: (t: string) => (stderr += t) }, env: {} } as unknown as Parameters<typeof resolveNetworkSettings>[2];
    const redactor = new Redactor();
    const settings = runSettings({ flags: { insecure: true }, env: {}, configured: undefined, specs: [] });
    await resolveNetworkSettings(settings, { insecure: true }, io, redactor);
    await resolveNetworkSettings(settings, { insecure: true }, io, redactor);
    expect(stderr.match(/--insecure/g)).toHaveLength(1);
  });
});

describe('--debug on success', () => {
  it('logs method, URL, status, timings and headers, with the signature redacted; credentials only on stdout', async () => {
    const run = await runMain([...ar(fake.url, '--password-file', passwordFile, '-o', 'json'), '--debug']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ SecretAccessKey: FAKE_CREDENTIALS.secretAccessKey });
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.every((l) => l.startsWith('sts-creds: debug: '))).toBe(true);
    expect(run.stderr).toMatch(/debug: > POST http:\/\/127\.0\.0\.1:\d+\/ \(AssumeRole, attempt 1\)\n/);
    expect(run.stderr).toMatch(/debug: > {3}authorization: AWS4-HMAC-SHA256 Credential=rootuser\/\d{8}\/us-east-1\/sts\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=\*\*\*\n/);
    expect(run.stderr).toMatch(/debug: > {3}x-amz-date: \d{8}T\d{6}Z\n/);
    expect(run.stderr).toMatch(/debug: < HTTP 200 after \d+ ms \(headers after \d+ ms\), \d+ bytes of body\n/);
    expect(run.stderr).toMatch(/debug: < {3}x-amz-request-id: 1893E2A8B3F6C0D1\n/);
    expectNoSecrets({ ...run, stdout: '' }, 'debug success');
  });

  it('redacts the token in the query string of AssumeRoleWithCustomToken', async () => {
    fake.always(reply(200, customTokenSuccessBody()));
    const run = await runMain([...ct(fake.url, '--token-file', tokenFile), '--debug']);
    expect(run.code).toBe(0);
    const line = /> POST (\S+) \(AssumeRoleWithCustomToken, attempt 1\)/.exec(run.stderr)?.[1] ?? '';
    expect(new URL(line).searchParams.get('Token')).toBe('***');
    expect(new URL(line).searchParams.get('RoleArn')).toBe('arn:minio:iam:::role/idmp-test');
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('logs retries with the reason and the delay', async () => {
    fake.once(reply(503, stsErrorBody('STSNotInitialized', 'STS API not initialized, please try again.')));
    const run = await runMain(['assume-role', '--endpoint', fake.url, '-u', 'rootuser', '--password-file', passwordFile, '-o', 'json', '--debug']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/debug: retrying in \d+ ms: HTTP 503 STSNotInitialized \(server starting up\) \(attempt 1 of 3 failed\)/);
  });

  it('without --debug a success prints nothing on stderr', async () => {
    const run = await runMain(ar(fake.url, '--password-file', passwordFile, '-o', 'json'));
    expect(run.stderr).toBe('');
  });
});

describe('redaction helpers', () => {
  it('keeps allowlisted query values and hides the rest', () => {
    expect(redactUrl('http://u:p@h:1/x?Action=AssumeRole&Token=abc&LDAPPassword=pw&WebIdentityToken=j&X-Amz-Signature=s&Version=2011-06-15#frag')).toBe(
      'http://h:1/x?Action=AssumeRole&Token=***&LDAPPassword=***&WebIdentityToken=***&X-Amz-Signature=***&Version=2011-06-15',
    );
    expect(redactUrl('/relative?Token=abc')).toBe('/relative?***');
  });

  it('hides unknown headers, tokens and cookies, and the signature in Authorization', () => {
    expect(
      redactHeaders({
        Authorization: 'AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123',
        'X-Amz-Security-Token': 'tok',
        cookie: 'session=1',
        'proxy-authorization': 'Basic eDp5',
        'content-type': 'application/xml',
        'x-something-new': 'maybe secret',
        'set-cookie': ['a=1', 'b=2'],
      }),
    ).toEqual({
      authorization: 'AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=***',
      'x-amz-security-token': '***',
      cookie: '***',
      'proxy-authorization': '***',
      'content-type': 'application/xml',
      'x-something-new': '***',
      'set-cookie': '***',
    });
    expect(redactHeaders({ authorization: 'Bearer eyJhbGciOi' })).toEqual({ authorization: 'Bearer ***' });
  });
});
