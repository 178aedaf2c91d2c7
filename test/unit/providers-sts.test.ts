/**
 * fromAssumeRole() and fromCustomToken() over real HTTP against the in-process fake STS: what is sent,
 * caching, forced refresh, clock skew from the Date header, typed failures, and close().
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import {
  StsProviderClosedError,
  StsServiceError,
  StsTransportError,
  StsValidationError,
  fromAssumeRole,
  fromCustomToken,
  type RefreshErrorInfo,
  type RefreshingCredentialProvider,
  type TemporaryCredentials,
} from '../../src/index.js';
import { assumeRoleSuccessBody, customTokenSuccessBody, stsErrorBody, useFakeSts, type FakeSts } from '../helpers/fake-sts.js';

const fake = useFakeSts();
const XML = { 'content-type': 'application/xml' };
const KEYS = { accessKeyId: 'foobar', secretAccessKey: 'foo12345' };

/** Whole-second ISO time `offsetMs` from now (STS expirations have no fraction). */
function isoIn(offsetMs: number, from = Date.now()): string {
  return new Date(Math.floor((from + offsetMs) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Every request gets fresh AssumeRole credentials numbered by arrival, valid for `lifetimeS`, stamped with `dateOffsetMs`. */
function serveAssumeRole(sts: FakeSts, lifetimeS = 3600, dateOffsetMs = 0): void {
  sts.always({
    kind: 'custom',
    handle: (_req, res) => {
      const serverNow = Date.now() + dateOffsetMs;
      const n = sts.requests.length;
      const body = assumeRoleSuccessBody({ accessKeyId: `AKIA${n}`, secretAccessKey: `secret-${n}`, sessionToken: `token-${n}`, expiration: isoIn(lifetimeS * 1000, serverNow) });
      res.writeHead(200, { ...XML, date: new Date(serverNow).toUTCString(), connection: 'close' });
      res.end(body);
    },
  });
}

function serveCustomToken(sts: FakeSts, lifetimeS = 3600): void {
  sts.always({
    kind: 'custom',
    handle: (_req, res) => {
      const n = sts.requests.length;
      res.writeHead(200, { ...XML, connection: 'close' });
      res.end(customTokenSuccessBody({ accessKeyId: `AKCT${n}`, sessionToken: `ct-token-${n}`, expiration: isoIn(lifetimeS * 1000) }));
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (reason: unknown) => reason,
  );
}

async function withProvider<T>(provider: RefreshingCredentialProvider, body: (p: RefreshingCredentialProvider) => Promise<T>): Promise<T> {
  try {
    return await body(provider);
  } finally {
    await provider.close();
  }
}

describe('fromAssumeRole', () => {
  it('makes one signed AssumeRole call, then serves the cached credentials', async () => {
    serveAssumeRole(fake);
    await withProvider(fromAssumeRole({ endpoint: fake.url, credentials: KEYS, durationSeconds: 900, policy: { Version: '2012-10-17', Statement: [] } }), async (provider) => {
      const first = await provider();
      expect(first).toMatchObject({ accessKeyId: 'AKIA1', secretAccessKey: 'secret-1', sessionToken: 'token-1' });
      expect(first.expiration).toBeInstanceOf(Date);
      expect(await provider()).toBe(first);
      expect(await provider({})).toBe(first);
      const request = fake.onlyRequest();
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/');
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=foobar\/\d{8}\/us-east-1\/sts\/aws4_request, /);
      const form = new URLSearchParams(request.body);
      expect(form.get('Action')).toBe('AssumeRole');
      expect(form.get('DurationSeconds')).toBe('900');
      expect(form.get('Policy')).toBe('{"Version":"2012-10-17","Statement":[]}');
    });
  });

  it('500 simultaneous callers share one HTTP request', async () => {
    serveAssumeRole(fake);
    await withProvider(fromAssumeRole({ endpoint: fake.url, credentials: KEYS }), async (provider) => {
      const all = await Promise.all(Array.from({ length: 500 }, () => provider()));
      expect(new Set(all).size).toBe(1);
      expect(fake.requests).toHaveLength(1);
    });
  });

  it('forceRefresh() and { forceRefresh: true } get new credentials', async () => {
    serveAssumeRole(fake);
    const refreshed: string[] = [];
    await withProvider(fromAssumeRole({ endpoint: fake.url, credentials: KEYS, onRefresh: (c) => refreshed.push(c.accessKeyId) }), async (provider) => {
      await provider();
      expect((await provider.forceRefresh()).accessKeyId).toBe('AKIA2');
      expect((await provider({ forceRefresh: true })).accessKeyId).toBe('AKIA3');
      expect((await provider()).accessKeyId).toBe('AKIA3');
      expect(refreshed).toEqual(['AKIA1', 'AKIA2', 'AKIA3']);
    });
  });

  it('corrects the expiration for a server clock 10 minutes ahead (from the Date header)', async () => {
    serveAssumeRole(fake, 3600, 10 * 60_000);
    await withProvider(fromAssumeRole({ endpoint: fake.url, credentials: KEYS }), async (provider) => {
      const before = Date.now();
      const creds = await provider();
      const left = creds.expiration.getTime() - before;
      // An hour in local time (within the Date header's one-second precision), not 70 minutes.
      expect(left).toBeGreaterThan(3600_000 - 3_000);
      expect(left).toBeLessThan(3600_000 + 3_000);
    });
  });

  it('surfaces AccessDenied at once as a typed error and does not ask again during the backoff', async () => {
    fake.reply(403, stsErrorBody('AccessDenied', 'The Access Key Id you provided does not exist in our records.'));
    const errors: Array<{ error: unknown; info: RefreshErrorInfo }> = [];
    await withProvider(fromAssumeRole({ endpoint: fake.url, credentials: KEYS, onError: (error, info) => errors.push({ error, info }) }), async (provider) => {
      const error = await rejection(provider());
      expect(error).toBeInstanceOf(StsServiceError);
      expect(error).toMatchObject({ stsCode: 'AccessDenied', statusCode: 403, action: 'AssumeRole' });
      expect(await rejection(provider())).toBe(error);
      expect(fake.requests).toHaveLength(1);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.info).toMatchObject({ retryable: false, servingCachedCredentials: false });
      expect(errors[0]!.info.retryInMs).toBeGreaterThanOrEqual(15_000);
    });
  });

  it('a connection failure is a retryable StsTransportError', async () => {
    fake.resetConnection();
    const infos: RefreshErrorInfo[] = [];
    await withProvider(fromAssumeRole({ endpoint: fake.url, credentials: KEYS, onError: (_e, info) => infos.push(info) }), async (provider) => {
      expect(await rejection(provider())).toBeInstanceOf(StsTransportError);
      expect(infos[0]).toMatchObject({ retryable: true, consecutiveFailures: 1 });
    });
  });

  it.each([
    { name: 'a duration below 900 s', options: { durationSeconds: 60 }, field: 'durationSeconds' },
    { name: 'a policy that is not JSON', options: { policy: '{nope' }, field: 'policy' },
    { name: 'no secret key', options: { credentials: { accessKeyId: 'foobar', secretAccessKey: '' } }, field: 'credentials.secretAccessKey' },
    { name: 'a non-http endpoint', options: { endpoint: 'ftp://example.com' }, field: 'endpoint' },
    { name: 'a negative advisory window', options: { advisoryWindowMs: -1 }, field: 'advisoryWindowMs' },
  ])('refuses $name when created, before any request', ({ options, field }) => {
    let thrown: unknown;
    try {
      fromAssumeRole({ endpoint: fake.url, credentials: KEYS, ...options });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StsValidationError);
    expect((thrown as StsValidationError).field).toBe(field);
    expect(fake.requests).toHaveLength(0);
  });

  it('close() is idempotent; calls afterwards reject with a typed error', async () => {
    serveAssumeRole(fake);
    const provider = fromAssumeRole({ endpoint: fake.url, credentials: KEYS });
    await provider();
    await Promise.all([provider.close(), provider.close()]);
    await provider.close();
    const error = await rejection(provider());
    expect(error).toBeInstanceOf(StsProviderClosedError);
    expect((error as StsProviderClosedError).code).toBe('ERR_STS_PROVIDER_CLOSED');
    expect(await rejection(provider.forceRefresh())).toBeInstanceOf(StsProviderClosedError);
    expect(fake.requests).toHaveLength(1);
  });

  it('close() during a refresh releases its callers at once with StsProviderClosedError, even when the server never answers', async () => {
    fake.always({ kind: 'hang' });
    const provider = fromAssumeRole({ endpoint: fake.url, credentials: KEYS });
    const waiting = provider();
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    await provider.close();
    expect(await rejection(waiting)).toBeInstanceOf(StsProviderClosedError);
    expect(await rejection(provider())).toBeInstanceOf(StsProviderClosedError);
    expect(fake.requests).toHaveLength(1);
  });

  it('a secret callback that never settles cannot hang the provider: it fails after timeoutMs, and close() returns', async () => {
    serveCustomToken(fake);
    const provider = fromCustomToken({ endpoint: fake.url, token: () => new Promise<string>(() => {}), roleArn: 'arn:minio:iam:::role/x', timeoutMs: 200 });
    const error = await rejection(provider());
    expect(error).toBeInstanceOf(StsTransportError);
    expect((error as StsTransportError).causeCode).toBe('ERR_SECRET_SOURCE_TIMEOUT');
    expect((error as Error).message).toMatch(/token callback did not answer within 200 ms/);
    const again = provider.forceRefresh();
    await provider.close();
    expect(await rejection(again)).toBeInstanceOf(StsProviderClosedError);
    expect(fake.requests).toHaveLength(0);
  });

  it('is an AWS SDK v3 credential provider (type level)', () => {
    const provider = fromAssumeRole({ endpoint: fake.url, credentials: KEYS });
    // The function form of the SDK's `credentials` option is its AwsCredentialIdentityProvider.
    const asSdk: Extract<S3ClientConfig['credentials'], (...args: never[]) => unknown> = provider;
    const call = (): Promise<TemporaryCredentials> => provider({ forceRefresh: false });
    expect([asSdk, call]).toHaveLength(2);
    return provider.close();
  });
});

describe('fromCustomToken', () => {
  it('sends the token and role ARN in the query string, unsigned', async () => {
    serveCustomToken(fake);
    await withProvider(fromCustomToken({ endpoint: fake.url, token: 'good-token', roleArn: 'arn:minio:iam:::role/idmp-test', durationSeconds: 1800 }), async (provider) => {
      const creds = await provider();
      expect(creds).toMatchObject({ accessKeyId: 'AKCT1', sessionToken: 'ct-token-1' });
      expect(await provider()).toBe(creds);
      const request = fake.onlyRequest();
      expect(request.headers.authorization).toBeUndefined();
      const query = new URL(request.url, fake.url).searchParams;
      expect(Object.fromEntries(query)).toEqual({
        Action: 'AssumeRoleWithCustomToken',
        Version: '2011-06-15',
        Token: 'good-token',
        RoleArn: 'arn:minio:iam:::role/idmp-test',
        DurationSeconds: '1800',
      });
    });
  });

  it('asks a token function before each refresh (rotating tokens)', async () => {
    serveCustomToken(fake);
    let n = 0;
    const token = async (): Promise<string> => `token-${++n}`;
    await withProvider(fromCustomToken({ endpoint: fake.url, token, roleArn: 'arn:minio:iam:::role/idmp-test' }), async (provider) => {
      await provider();
      await provider();
      await provider.forceRefresh();
      const tokens = fake.requests.map((r) => new URL(r.url, fake.url).searchParams.get('Token'));
      expect(tokens).toEqual(['token-1', 'token-2']);
    });
  });

  it('a plugin refusal (500 InternalError) is not retried: callers get the StsServiceError at once', async () => {
    fake.reply(500, stsErrorBody('InternalError', 'token rejected: revoked'));
    const infos: RefreshErrorInfo[] = [];
    await withProvider(
      fromCustomToken({ endpoint: fake.url, token: 'revoked-token', roleArn: 'arn:minio:iam:::role/idmp-test', onError: (_e, info) => infos.push(info) }),
      async (provider) => {
        const error = await rejection(provider());
        expect(error).toBeInstanceOf(StsServiceError);
        expect(error).toMatchObject({ stsCode: 'InternalError', serverMessage: 'token rejected: revoked', action: 'AssumeRoleWithCustomToken' });
        expect(await rejection(provider())).toBe(error);
        expect(fake.requests).toHaveLength(1);
        expect(infos).toEqual([expect.objectContaining({ retryable: false })]);
      },
    );
  });

  it('a token function that fails or returns nothing rejects the call without a request', async () => {
    const failing = fromCustomToken({
      endpoint: fake.url,
      token: () => Promise.reject(new Error('token file missing')),
      roleArn: 'arn:minio:iam:::role/idmp-test',
    });
    await withProvider(failing, async (provider) => {
      expect(await rejection(provider())).toMatchObject({ message: 'token file missing' });
    });
    await withProvider(fromCustomToken({ endpoint: fake.url, token: () => '', roleArn: 'arn:minio:iam:::role/idmp-test' }), async (provider) => {
      const error = await rejection(provider());
      expect(error).toBeInstanceOf(StsValidationError);
      expect((error as StsValidationError).field).toBe('token');
    });
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    { name: 'an empty token', options: { token: '' }, field: 'token' },
    { name: 'no role ARN', options: { roleArn: '' }, field: 'roleArn' },
    { name: 'no role ARN with a token function', options: { roleArn: '', token: () => 'x' }, field: 'roleArn' },
    { name: 'a duration too long', options: { durationSeconds: 31_536_001 }, field: 'durationSeconds' },
  ])('refuses $name when created', ({ options, field }) => {
    expect(() => fromCustomToken({ endpoint: fake.url, token: 'good-token', roleArn: 'arn:minio:iam:::role/idmp-test', ...options })).toThrow(
      expect.objectContaining({ name: 'StsValidationError', field }),
    );
  });
});
