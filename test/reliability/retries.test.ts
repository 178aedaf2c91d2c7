/**
 * Retries with backoff, Retry-After and the clock-skew correction, against the scriptable fake STS:
 * which failures are retried, how long the client waits (injected sleep and random), that every
 * attempt is signed afresh, and that a corrected clock is kept for later calls.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { StsClient, StsServiceError, StsTransportError, type StsClientOptions, type StsEvent } from '../../src/index.js';
import { backoffDelayMs, parseRetryAfter, retryPolicy, transientReason } from '../../src/transport/retry-policy.js';
import { StsResponseError } from '../../src/errors.js';
import { assumeRoleSuccessBody, customTokenSuccessBody, stsErrorBody, useFakeSts, type FakeSts } from '../helpers/fake-sts.js';
import { serviceError } from '../helpers/sts-wire.js';

const fake: FakeSts = useFakeSts();
const XML = { 'content-type': 'application/xml' };
const ROOT = { accessKeyId: 'rootuser', secretAccessKey: 'rootpass123-secret' };

/** A client with recorded sleeps, fixed jitter and collected events. */
function client(extra: Partial<StsClientOptions> = {}): { sts: StsClient; sleeps: number[]; events: StsEvent[] } {
  const sleeps: number[] = [];
  const events: StsEvent[] = [];
  const sts = new StsClient({
    endpoint: fake.url,
    timeoutMs: 2_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onEvent: (event) => events.push(event),
    ...extra,
  });
  return { sts, sleeps, events };
}

function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Resource>/</Resource><RequestId>18EAAC36929466AB</RequestId><HostId>x</HostId></Error>`;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error as Error,
  );
}

describe('backoff and Retry-After (pure)', () => {
  it('uses full jitter: a random share of min(cap, base * 2^(n-1))', () => {
    const policy = retryPolicy({ retryBaseDelayMs: 100, retryMaxDelayMs: 1_000, random: () => 0.999 });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelayMs(3, { ...policy, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(40, policy)).toBe(999); // no overflow for large attempt numbers
  });

  it('clamps the settings into range', () => {
    expect(retryPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
    expect(retryPolicy({ maxAttempts: 1e9 }).maxAttempts).toBe(20);
    expect(retryPolicy({ maxAttempts: Number.NaN }).maxAttempts).toBe(3);
    expect(retryPolicy().maxAttempts).toBe(3);
  });

  it.each([
    ['5', 5_000],
    ['0', 0],
    [' 12 ', 12_000],
    ['Mon, 23 Nov 2026 12:00:10 GMT', 10_000],
    ['Mon, 23 Nov 2026 11:59:00 GMT', 0],
    ['soon', undefined],
    ['-3', undefined],
    ['1.5', undefined],
    ['', undefined],
  ])('Retry-After %j is %s ms', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Mon, 23 Nov 2026 12:00:00 GMT'))).toBe(expected);
  });
  it('is undefined when absent', () => {
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});

describe('which failures are transient (pure)', () => {
  const service = (statusCode: number, stsCode: string, serverMessage = '', action = 'AssumeRole'): StsServiceError =>
    serviceError({ statusCode, stsCode, serverMessage, context: { action } });
  it.each([
    [service(503, 'STSNotInitialized', 'STS API not initialized, please try again.'), true],
    [service(503, 'STSIAMNotInitialized', 'IAM sub-system is being initialized, please try again'), true],
    [service(403, 'AccessDenied', 'IAM sub-system not initialized yet, please try again.'), true],
    [service(400, 'InvalidParameterValue', 'Server not initialized, please try again'), true],
    [service(400, 'InvalidParameterValue', 'None of the given policies (readwrite) are defined'), true],
    [service(500, 'InternalError', 'We encountered an internal error'), true],
    [service(429, 'TooManyRequests'), true],
    [service(400, 'Throttling', 'Rate exceeded'), true],
    [service(503, 'SlowDown', 'Please reduce your request rate.'), true],
    [service(403, 'AccessDenied', 'The request signature we calculated does not match the signature you provided.'), false],
    [service(400, 'InvalidParameterValue', 'invalid token expiry'), false],
    [service(400, 'MissingParameter'), false],
    [service(503, 'STSNotInitialized', "STS API 'AssumeRoleWithCustomToken' is disabled"), false],
    [service(500, 'InternalError', 'token rejected: revoked', 'AssumeRoleWithCustomToken'), false],
    [service(501, 'NotImplemented'), false],
    [service(403, 'RequestTimeTooSkewed'), false],
    [new StsTransportError('x', { causeCode: 'ECONNREFUSED', context: {} }), true],
    [new StsTransportError('x', { causeCode: 'ECONNRESET', context: {} }), true],
    [new StsTransportError('x', { causeCode: 'TIMEOUT', context: {} }), true],
    [new StsTransportError('x', { causeCode: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', context: {} }), false],
    [new StsTransportError('x', { causeCode: 'ERR_TLS_CERT_ALTNAME_INVALID', context: {} }), false],
    [new StsTransportError('x', { causeCode: 'ENOTFOUND', context: {} }), false],
    [new StsResponseError('x', { statusCode: 502, context: {} }), true],
    [new StsResponseError('x', { statusCode: 200, context: {} }), false],
    [new StsResponseError('x', { statusCode: 301, context: {} }), false],
    [new Error('not ours'), false],
  ])('%s -> %s', (error, transient) => {
    expect(transientReason(error) !== undefined).toBe(transient);
  });
});

describe('retries against the fake STS', () => {
  it('retries 503 STSNotInitialized with backoff, then succeeds', async () => {
    fake.once({ kind: 'reply', status: 503, headers: XML, body: stsErrorBody('STSNotInitialized', 'STS API not initialized, please try again.') });
    fake.once({ kind: 'reply', status: 503, headers: XML, body: stsErrorBody('STSIAMNotInitialized', 'IAM sub-system is being initialized, please try again') });
    const { sts, sleeps, events } = client();
    const result = await sts.assumeRole({ credentials: ROOT });
    await sts.close();
    expect(result.accessKeyId).toBe('Y4RJU1RNFGK48LGO9I2S');
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]); // 0.5 * 200, 0.5 * 400
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.map((e) => e.type === 'retry' && e.reason)).toEqual(['HTTP 503 STSNotInitialized (server starting up)', 'HTTP 503 STSIAMNotInitialized (server starting up)']);
    expect(events.filter((e) => e.type === 'request').map((e) => e.type === 'request' && e.attempt)).toEqual([1, 2, 3]);
  });

  it('signs every attempt afresh, with the date of that attempt', async () => {
    let t = Date.parse('2026-11-23T12:00:00Z');
    fake.once({ kind: 'reply', status: 500, headers: XML, body: stsErrorBody('InternalError', 'try again') });
    fake.always({ kind: 'custom', handle: (_req, res) => res.writeHead(200, XML).end(assumeRoleSuccessBody()) });
    const { sts } = client({
      now: () => {
        t += 1_000;
        return new Date(t);
      },
    });
    await sts.assumeRole({ credentials: ROOT });
    await sts.close();
    const [first, second] = fake.requests;
    expect(first!.headers['x-amz-date']).not.toBe(second!.headers['x-amz-date']);
    expect(first!.headers.authorization).not.toBe(second!.headers.authorization);
    expect(first!.body).toBe(second!.body);
  });

  it('retries the IAM start-up refusals MinIO sends as 4xx', async () => {
    fake.once({ kind: 'reply', status: 403, headers: XML, body: stsErrorBody('AccessDenied', 'IAM sub-system not initialized yet, please try again.') });
    fake.once({ kind: 'reply', status: 400, headers: XML, body: stsErrorBody('InvalidParameterValue', 'Server not initialized, please try again') });
    const { sts } = client();
    await expect(sts.assumeRole({ credentials: ROOT })).resolves.toMatchObject({ action: 'AssumeRole' });
    await sts.close();
    expect(fake.requests).toHaveLength(3);
  });

  it.each([
    [403, 'AccessDenied', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
    [400, 'InvalidParameterValue', 'invalid token expiry'],
    [400, 'MissingParameter', 'Invalid STS API version 2011-06-16, expecting 2011-06-15'],
    [503, 'STSNotInitialized', "STS API 'AssumeRoleWithCustomToken' is disabled"],
  ])('never retries HTTP %i %s', async (status, code, message) => {
    fake.reply(status, stsErrorBody(code, message));
    const { sts, sleeps } = client();
    const error = await failure(sts.assumeRole({ credentials: ROOT }));
    await sts.close();
    expect(error).toBeInstanceOf(StsServiceError);
    expect((error as StsServiceError).stsCode).toBe(code);
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry the plugin refusal of AssumeRoleWithCustomToken (500 InternalError)', async () => {
    fake.reply(500, stsErrorBody('InternalError', 'token rejected: revoked'));
    const { sts } = client();
    await expect(sts.assumeRoleWithCustomToken({ token: 'tok-en-12', roleArn: 'arn:minio:iam:::role/idmp-test' })).rejects.toThrow(/token rejected/);
    await sts.close();
    expect(fake.requests).toHaveLength(1);
  });

  it('gives up after maxAttempts and throws the last error', async () => {
    fake.reply(503, stsErrorBody('STSNotInitialized', 'STS API not initialized, please try again.'));
    const { sts, sleeps } = client({ maxAttempts: 4 });
    const error = await failure(sts.assumeRole({ credentials: ROOT }));
    await sts.close();
    expect((error as StsServiceError).statusCode).toBe(503);
    expect(fake.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('makes exactly one attempt with maxAttempts: 1', async () => {
    fake.reply(503, stsErrorBody('STSNotInitialized', 'x'));
    const { sts } = client({ maxAttempts: 1 });
    await expect(sts.assumeRole({ credentials: ROOT })).rejects.toBeInstanceOf(StsServiceError);
    await sts.close();
    expect(fake.requests).toHaveLength(1);
  });

  it('retries throttling: 429, 400 Throttling and 503 SlowDown', async () => {
    fake.once({ kind: 'reply', status: 429, headers: XML, body: stsErrorBody('TooManyRequests', 'slow down') });
    fake.once({ kind: 'reply', status: 400, headers: XML, body: stsErrorBody('Throttling', 'Rate exceeded') });
    fake.once({ kind: 'reply', status: 503, headers: XML, body: s3Error('SlowDown', 'Please reduce your request rate.') });
    const { sts } = client({ maxAttempts: 4 });
    await expect(sts.assumeRole({ credentials: ROOT })).resolves.toMatchObject({ action: 'AssumeRole' });
    await sts.close();
    expect(fake.requests).toHaveLength(4);
  });

  it('honours Retry-After in seconds and as an HTTP date, capped', async () => {
    const serverNow = new Date('2026-11-23T12:00:00Z');
    fake.once({ kind: 'reply', status: 429, headers: { ...XML, 'retry-after': '2' }, body: stsErrorBody('TooManyRequests', 'x') });
    fake.once({
      kind: 'reply',
      status: 503,
      headers: { ...XML, date: serverNow.toUTCString(), 'retry-after': new Date(serverNow.getTime() + 3_000).toUTCString() },
      body: stsErrorBody('STSNotInitialized', 'STS API not initialized, please try again.'),
    });
    fake.once({ kind: 'reply', status: 503, headers: { ...XML, 'retry-after': '86400' }, body: stsErrorBody('SlowDown', 'x') });
    const { sts, sleeps, events } = client({ maxAttempts: 4, retryMaxDelayMs: 5_000 });
    await sts.assumeRole({ credentials: ROOT });
    await sts.close();
    expect(sleeps).toEqual([2_000, 3_000, 5_000]);
    expect(events.filter((e) => e.type === 'retry').every((e) => e.type === 'retry' && e.fromRetryAfter)).toBe(true);
  });

  it('retries a reset connection and an HTML 502 from a gateway', async () => {
    fake.once({ kind: 'reset' });
    fake.once({ kind: 'reply', status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    const { sts, events } = client();
    await expect(sts.assumeRole({ credentials: ROOT })).resolves.toMatchObject({ action: 'AssumeRole' });
    await sts.close();
    expect(events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.reason)).toEqual([
      expect.stringMatching(/^no answer \((ECONNRESET|UND_ERR_SOCKET)\)$/),
      'HTTP 502 (not an STS document)',
    ]);
  });

  it('retries unsigned actions too (AssumeRoleWithCustomToken after a timeout)', async () => {
    fake.once({ kind: 'hang' });
    fake.always({ kind: 'reply', status: 200, headers: XML, body: customTokenSuccessBody() });
    const { sts } = client({ timeoutMs: 300 });
    const result = await sts.assumeRoleWithCustomToken({ token: 'tok-en-12', roleArn: 'arn:minio:iam:::role/idmp-test' });
    await sts.close();
    expect(result.assumedUser).toBe('custom:alice');
    expect(fake.requests).toHaveLength(2);
  });
});

/** A fake MinIO auth middleware: refuses a x-amz-date more than 15 min from the server's clock (S3-style 403). */
function skewChecking(serverClock: () => number, options: { sendDate?: boolean } = {}) {
  return {
    kind: 'custom' as const,
    handle: (req: IncomingMessage, res: ServerResponse) => {
      const amz = String(req.headers['x-amz-date'] ?? '');
      const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amz);
      const sent = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
      const now = serverClock();
      if (options.sendDate === false) res.sendDate = false;
      const headers: Record<string, string> = { ...XML, ...(options.sendDate === false ? {} : { date: new Date(now).toUTCString() }) };
      if (!(Math.abs(sent - now) <= 15 * 60 * 1000)) {
        res.writeHead(403, headers).end(s3Error('RequestTimeTooSkewed', "The difference between the request time and the server's time is too large."));
        return;
      }
      res.writeHead(200, headers).end(assumeRoleSuccessBody());
    },
  };
}

describe('clock skew', () => {
  const HOUR = 3_600_000;

  it('re-signs with the server Date after RequestTimeTooSkewed, and keeps the offset for later calls', async () => {
    fake.always(skewChecking(() => Date.now()));
    const { sts, events, sleeps } = client({ now: () => new Date(Date.now() + HOUR) });
    await expect(sts.assumeRole({ credentials: ROOT })).resolves.toMatchObject({ action: 'AssumeRole' });
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([]); // the correction is immediate, not a backoff
    expect(sts.clockOffsetMs).toBeGreaterThan(-HOUR - 2_000);
    expect(sts.clockOffsetMs).toBeLessThan(-HOUR + 2_000);
    const skew = events.find((e) => e.type === 'clock-skew');
    expect(skew).toBeDefined();

    fake.requests.length = 0;
    await sts.assumeRole({ credentials: ROOT });
    expect(fake.requests).toHaveLength(1); // signed right the first time
    await sts.close();
  });

  it('corrects a clock that is behind, too', async () => {
    fake.always(skewChecking(() => Date.now()));
    const { sts } = client({ now: () => new Date(Date.now() - 2 * HOUR) });
    await sts.assumeRole({ credentials: ROOT });
    await sts.close();
    expect(sts.clockOffsetMs).toBeGreaterThan(2 * HOUR - 2_000);
  });

  it('does not count the corrected attempt against maxAttempts', async () => {
    fake.always(skewChecking(() => Date.now()));
    const { sts } = client({ maxAttempts: 1, now: () => new Date(Date.now() + HOUR) });
    await expect(sts.assumeRole({ credentials: ROOT })).resolves.toMatchObject({ action: 'AssumeRole' });
    await sts.close();
  });

  it('gives up after one correction and names the skew in seconds', async () => {
    // A server whose clock jumps by two hours between answers: the correction cannot keep up.
    let jump = 0;
    fake.always(
      skewChecking(() => {
        jump += 2 * HOUR;
        return Date.now() + jump;
      }),
    );
    const { sts } = client({ now: () => new Date(Date.now()) });
    const error = await failure(sts.assumeRole({ credentials: ROOT }));
    await sts.close();
    expect(fake.requests).toHaveLength(2);
    expect(error).toBeInstanceOf(StsServiceError);
    expect((error as StsServiceError).stsCode).toBe('RequestTimeTooSkewed');
    const skew = /RequestTimeTooSkewed \(HTTP 403\).*\(the local clock is (\d+) s behind the server's; still refused after correcting for it once; set the system clock right \(NTP\)\)/.exec(error.message);
    expect(skew, error.message).not.toBeNull();
    expect(Math.abs(Number(skew![1]) - 14_400)).toBeLessThanOrEqual(2); // the Date header has whole seconds
  });

  it('explains when the server sent no Date header to correct by', async () => {
    fake.always(skewChecking(() => Date.now(), { sendDate: false }));
    const { sts } = client({ now: () => new Date(Date.now() + HOUR) });
    const error = await failure(sts.assumeRole({ credentials: ROOT }));
    await sts.close();
    expect(fake.requests).toHaveLength(1);
    expect(error.message).toMatch(/sent no Date header to correct by; set the system clock right/);
  });
});
