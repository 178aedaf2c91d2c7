/**
 * A hostile or broken server: malformed, truncated and oversized XML, HTML error pages, wrong content
 * types, entity-expansion documents, bodies that never finish, resets mid-body and redirects. Each
 * must end in a typed error within its time bound: never a crash, a hang or a stack trace. No test
 * times itself against the wall clock: which typed error ends a call (a refusal of the answer, or the
 * deadline's TIMEOUT) tells whether it waited for the deadline. The last
 * block runs a few of them through the real CLI.
 */
import { describe, expect, it } from 'vitest';
import { StsClient, StsResponseError, StsServiceError, StsTransportError, isStsCredsError, type StsClientOptions } from '../../src/index.js';
import { FAKE_CREDENTIALS, assumeRoleSuccessBody, stsErrorBody, useFakeSts, type FakeBehaviour, type FakeSts } from '../helpers/fake-sts.js';
import { expectCleanFailure, runMain } from '../helpers/cli.js';

const fake: FakeSts = useFakeSts();
const XML = { 'content-type': 'application/xml' };
const HTML = { 'content-type': 'text/html; charset=utf-8' };
const ROOT = { accessKeyId: 'rootuser', secretAccessKey: 'rootpass123-secret' };
const TIMEOUT_MS = 500;

/** One attempt, a short deadline: what a hostile answer does to a single call. */
function newClient(extra: Partial<StsClientOptions> = {}): StsClient {
  return new StsClient({ endpoint: fake.url, timeoutMs: TIMEOUT_MS, maxAttempts: 1, ...extra });
}

/** Runs one AssumeRole against the scripted fake and returns the error and how long it took. */
async function failingCall(behaviour: FakeBehaviour, extra: Partial<StsClientOptions> = {}): Promise<{ error: Error; ms: number }> {
  fake.always(behaviour);
  const sts = newClient(extra);
  const started = performance.now();
  try {
    await sts.assumeRole({ credentials: ROOT });
  } catch (error) {
    const ms = performance.now() - started;
    expect(isStsCredsError(error), `not a typed error: ${String(error)}`).toBe(true);
    expect((error as Error).message).not.toContain(ROOT.secretAccessKey);
    return { error: error as Error, ms };
  } finally {
    await sts.close();
  }
  return expect.unreachable('the call should have failed');
}

const reply = (status: number, body: string, headers: Record<string, string> = XML): FakeBehaviour => ({ kind: 'reply', status, headers, body });

const BILLION_LAUGHS =
  '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>' +
  '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>&lol4;</AccessKeyId></Credentials></AssumeRoleResult></AssumeRoleResponse>';
const XXE =
  '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
  '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>&xxe;</AccessKeyId></Credentials></AssumeRoleResult></AssumeRoleResponse>';

describe('malformed, truncated and oversized XML', () => {
  it.each([
    ['an unclosed element', '<AssumeRoleResponse><AssumeRoleResult><Credentials>', /malformed XML/],
    ['mismatched tags', '<AssumeRoleResponse><a></b></AssumeRoleResponse>', /malformed XML/],
    ['two root elements', '<a/><b/>', /malformed XML|not exactly one root element/],
    ['a document cut in half', assumeRoleSuccessBody().slice(0, 200), /malformed XML/],
    ['an empty body', '', /an empty body/],
    ['whitespace only', ' \n\t ', /an empty body/],
    ['binary garbage', '\u0000\u0001\u00ff\ufffd\u0007<<<>>>', /malformed XML/],
    ['text with no markup at all', 'OK', /malformed XML/],
  ])('refuses %s (HTTP 200)', async (_label, body, pattern) => {
    const { error } = await failingCall(reply(200, body));
    expect(error).toBeInstanceOf(StsResponseError);
    expect(error.message).toMatch(pattern);
  });

  it('refuses a well-formed answer without a session token, naming the field', async () => {
    const body = assumeRoleSuccessBody().replace(/<SessionToken>[^<]*<\/SessionToken>/, '');
    const { error } = await failingCall(reply(200, body));
    expect((error as StsResponseError).field).toBe('Credentials.SessionToken');
  });

  it('refuses a body over the size cap announced by Content-Length, without reading it', async () => {
    const big = `<AssumeRoleResponse>${'x'.repeat(300 * 1024)}</AssumeRoleResponse>`;
    const { error } = await failingCall(reply(200, big));
    expect(error).toBeInstanceOf(StsResponseError);
    expect(error.message).toMatch(/larger than 262144 bytes/);
  });

  it('stops reading a chunked body at the cap (no Content-Length)', async () => {
    const { error } = await failingCall({
      kind: 'custom',
      handle: (_req, res) => {
        res.writeHead(200, XML);
        res.write('<AssumeRoleResponse>');
        for (let i = 0; i < 40; i++) res.write('y'.repeat(8 * 1024));
        res.end('</AssumeRoleResponse>');
      },
    });
    expect(error.message).toMatch(/larger than 262144 bytes/);
  });

  it('honours a smaller maxResponseBytes', async () => {
    const { error } = await failingCall(reply(200, assumeRoleSuccessBody()), { maxResponseBytes: 256 });
    expect(error.message).toMatch(/larger than 256 bytes/);
  });

  it('stops an endless body at the cap, quickly', async () => {
    const { error } = await failingCall({
      kind: 'custom',
      handle: (_req, res) => {
        res.writeHead(200, XML);
        const timer = setInterval(() => res.write('z'.repeat(16 * 1024)), 1);
        res.on('close', () => clearInterval(timer));
      },
    });
    expect(error).toBeInstanceOf(StsResponseError);
    expect(error.message).toMatch(/larger than/);
  });
});

describe('HTML pages and wrong content types', () => {
  it.each([
    [200, '<!doctype html><html><head><title>Login</title></head><body>Sign in</body></html>'],
    [502, '<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>'],
    [503, '<html><body><p>Service Unavailable<br></p></body></html>'],
    [403, '<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>You don\'t have permission</BODY></HTML>'],
  ])('HTTP %i with an HTML page is a StsResponseError, not a crash', async (status, body) => {
    const { error } = await failingCall(reply(status, body, HTML));
    expect(error).toBeInstanceOf(StsResponseError);
    expect((error as StsResponseError).statusCode).toBe(status);
    expect(error.message).toMatch(new RegExp(`AssumeRole failed: .*(HTTP ${status}|invalid response|Credentials)`));
  });

  it('refuses JSON, whatever the content type says', async () => {
    const json = JSON.stringify({ Credentials: { AccessKeyId: 'A', SecretAccessKey: 'B', SessionToken: 'C' } });
    for (const type of ['application/json', 'application/xml']) {
      const { error } = await failingCall(reply(200, json, { 'content-type': type }));
      expect(error).toBeInstanceOf(StsResponseError);
    }
  });

  it('judges the body, not the label: a valid STS document sent as text/plain is accepted', async () => {
    fake.reply(200, assumeRoleSuccessBody(), { 'content-type': 'text/plain' });
    const sts = newClient();
    await expect(sts.assumeRole({ credentials: ROOT })).resolves.toMatchObject({ accessKeyId: FAKE_CREDENTIALS.accessKeyId });
    await sts.close();
  });

  it('an S3-style error from a non-STS server is a StsServiceError with its code', async () => {
    const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>BadRequest</Code><Message>An unsupported API call for method: POST at \'/\'</Message><Resource>/</Resource><RequestId>1</RequestId><HostId>h</HostId></Error>';
    const { error } = await failingCall(reply(400, body));
    expect(error).toBeInstanceOf(StsServiceError);
    expect((error as StsServiceError).stsCode).toBe('BadRequest');
  });
});

describe('entity expansion and external entities', () => {
  it.each([
    ['billion laughs', BILLION_LAUGHS],
    ['an external entity (XXE)', XXE],
    ['a DOCTYPE alone', '<!DOCTYPE AssumeRoleResponse><AssumeRoleResponse/>'],
    ['a lower-case doctype in an error answer', '<!doctype ErrorResponse [<!entity a "b">]><ErrorResponse/>'],
  ])('refuses %s before parsing it', async (_label, body) => {
    const { error } = await failingCall(reply(200, body));
    expect(error).toBeInstanceOf(StsResponseError);
    expect(error.message).toMatch(/a DOCTYPE or entity declaration \(refused\)/);
  });

  it('refuses a reference to an undeclared entity', async () => {
    const body = assumeRoleSuccessBody().replace(FAKE_CREDENTIALS.accessKeyId, '&xxe;');
    const { error } = await failingCall(reply(200, body));
    expect(error.message).toMatch(/undeclared entity reference/);
  });

  it('the same refusals hold for error documents (HTTP 400)', async () => {
    const { error } = await failingCall(reply(400, BILLION_LAUGHS));
    expect(error).toBeInstanceOf(StsResponseError);
    expect(error.message).toMatch(/HTTP 400 .*DOCTYPE/);
  });
});

describe('bodies that never finish, and resets', () => {
  it('no answer at all: a transport error at the deadline', async () => {
    const { error, ms } = await failingCall({ kind: 'hang' });
    expect(error).toBeInstanceOf(StsTransportError);
    expect(error.message).toMatch(/no complete answer within 0.5 s|no response headers in time/);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it.each([
    { what: 'headers, then part of the body, then silence', kind: 'partial-then-hang', cut: 100 },
    { what: 'a connection closed mid-body', kind: 'partial-then-close', cut: 150 },
  ] as const)('$what', async ({ kind, cut }) => {
    const body = assumeRoleSuccessBody();
    const { error } = await failingCall({ kind, status: 200, headers: XML, body: body.slice(0, cut), declaredLength: body.length });
    expect(error).toBeInstanceOf(StsTransportError);
    expect(error.message).toMatch(/while reading the HTTP 200 body/);
  });

  it('a body that trickles in too slowly is stopped by the overall deadline', async () => {
    // Each chunk arrives well inside undici's idle body timeout; only the overall deadline stops it.
    const chunks = assumeRoleSuccessBody().match(/[\s\S]{1,20}/g) ?? [];
    const { error } = await failingCall({ kind: 'trickle', status: 200, headers: XML, chunks, intervalMs: 100 });
    expect(chunks.length * 100).toBeGreaterThan(TIMEOUT_MS * 4);
    expect(error).toBeInstanceOf(StsTransportError);
    expect((error as StsTransportError).causeCode).toBe('TIMEOUT');
    expect(error.message).toMatch(/no complete answer within 0.5 s while reading the HTTP 200 body/);
  });

  it('a connection reset before the answer', async () => {
    const { error } = await failingCall({ kind: 'reset' });
    expect(error).toBeInstanceOf(StsTransportError);
    expect(error.message).toMatch(/connection reset|closed/);
  });

  it('a reset mid-body with retries left is retried, and the retry can succeed', async () => {
    const body = assumeRoleSuccessBody();
    fake.once({ kind: 'partial-then-close', status: 200, headers: XML, body: body.slice(0, 150), declaredLength: body.length });
    fake.always(reply(200, body));
    const sts = new StsClient({ endpoint: fake.url, timeoutMs: TIMEOUT_MS, sleep: async () => undefined });
    await expect(sts.assumeRole({ credentials: ROOT })).resolves.toMatchObject({ action: 'AssumeRole' });
    await sts.close();
    expect(fake.requests).toHaveLength(2);
  });
});

describe('redirects are never followed', () => {
  it.each([301, 302, 303, 307, 308])('HTTP %i is a typed error, and nothing is re-sent', async (status) => {
    const { error } = await failingCall(reply(status, '', { location: 'https://elsewhere.example/steal?Token=abc&Action=AssumeRole' }));
    expect(error).toBeInstanceOf(StsResponseError);
    expect((error as StsResponseError).statusCode).toBe(status);
    expect(error.message).toMatch(new RegExp(`answered HTTP ${status} \\(a redirect to https://elsewhere.example/steal\\?Token=\\*\\*\\*&Action=AssumeRole\\); redirects are not followed`));
    expect(error.message).not.toContain('abc');
    expect(fake.requests).toHaveLength(1);
  });

  it('the token of AssumeRoleWithCustomToken goes nowhere else, even with retries allowed', async () => {
    fake.reply(307, '', { location: '/other?x=1' });
    const sts = new StsClient({ endpoint: fake.url, timeoutMs: TIMEOUT_MS, sleep: async () => undefined });
    const error = await sts.assumeRoleWithCustomToken({ token: 'secret-token-123', roleArn: 'arn:minio:iam:::role/idmp-test' }).catch((e: unknown) => e as Error);
    await sts.close();
    expect(error).toBeInstanceOf(StsResponseError);
    expect((error as Error).message).toMatch(/a redirect to \/other\?\*\*\*/);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('via the CLI', () => {
  const base = (...extra: string[]): string[] => ['assume-role', '--endpoint', fake.url, '-u', 'rootuser', '--password-env', 'PW', '--timeout', '0.5', '--retries', '0', ...extra];
  const env = { PW: 'cli-secret-password-1' };

  const cases: Array<[string, FakeBehaviour, RegExp]> = [
    ['an HTML 502 page', reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', HTML), /^sts-creds: AssumeRole failed: HTTP 502 .*not an STS error document/],
    ['truncated XML', reply(200, assumeRoleSuccessBody().slice(0, 120)), /^sts-creds: AssumeRole failed: an invalid response .*malformed XML/],
    ['billion laughs', reply(200, BILLION_LAUGHS), /DOCTYPE or entity declaration \(refused\)/],
    ['a body that never finishes', { kind: 'partial-then-hang', status: 200, headers: XML, body: '<Assume', declaredLength: 5000 }, /no complete answer within 0.5 s|response body stalled/],
    ['a trickling body', { kind: 'trickle', status: 200, headers: XML, chunks: Array.from({ length: 30 }, () => ' '), intervalMs: 100 }, /no complete answer within 0.5 s/],
    ['a reset', { kind: 'reset' }, /connection (reset|closed)/],
    ['a redirect', reply(302, '', { location: 'http://evil.example/?Token=t0ps3cret' }), /redirects are not followed/],
    ['an oversized body', reply(200, `<a>${'x'.repeat(300_000)}</a>`), /larger than 262144 bytes/],
  ];

  it.each(cases)('%s: exit 1, one line on stderr, no stack trace, in time', async (_label, behaviour, pattern) => {
    fake.always(behaviour);
    // "In time": a run still going after 5 s fails the test.
    const run = await runMain(base(), { env, timeoutMs: 5_000 });
    expectCleanFailure(run, pattern);
    expect(run.stderr).not.toContain(env.PW);
    expect(run.stderr).not.toContain('t0ps3cret');
  });

  it('--retries 2 rides out two 503s', async () => {
    fake.once(reply(503, stsErrorBody('STSNotInitialized', 'STS API not initialized, please try again.')));
    fake.once(reply(503, stsErrorBody('STSNotInitialized', 'STS API not initialized, please try again.')));
    const run = await runMain([...base('-o', 'json').filter((a) => a !== '0' && a !== '--retries'), '--retries', '2'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ AccessKeyId: FAKE_CREDENTIALS.accessKeyId });
    expect(fake.requests).toHaveLength(3);
  });

  it('rejects a bad --retries before sending anything', async () => {
    const run = await runMain(['assume-role', '--endpoint', fake.url, '-u', 'u', '--password-env', 'PW', '--retries', 'many'], { env });
    expectCleanFailure(run, /invalid --retries: "many"/, 2);
    expect(fake.requests).toHaveLength(0);
  });
});
