/**
 * SigV4 known-answer tests. The expected Authorization header is computed here, independently of
 * the code under test, straight from the SigV4 steps: canonical request → string to sign →
 * signing key → signature (node:crypto only).
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StsClient } from '../../src/client/sts-client.js';
import { nodeSha256 } from '../../src/signing/sha256.js';
import { createSigner, signRequest } from '../../src/signing/sign-request.js';
import { FAKE_CREDENTIALS, useFakeSts } from '../helpers/fake-sts.js';

const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

interface Expectation {
  method: string;
  /** Canonical URI (already encoded). */
  path: string;
  /** Canonical query string (already sorted and encoded); '' for none. */
  query: string;
  /** Every header that is signed, lower-case name → value as sent. */
  signedHeaders: Record<string, string>;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
  date: Date;
}

function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The whole SigV4 computation, written out step by step. */
function expectedAuthorization(x: Expectation): { authorization: string; canonicalRequest: string; stringToSign: string } {
  const stamp = amzDate(x.date);
  const day = stamp.slice(0, 8);
  const names = Object.keys(x.signedHeaders).map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names.map((n) => `${n}:${x.signedHeaders[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaderList = names.join(';');
  const canonicalRequest = [x.method, x.path, x.query, canonicalHeaders, signedHeaderList, sha256(x.body)].join('\n');
  const scope = `${day}/${x.region}/${x.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${x.secretAccessKey}`, day);
  const kRegion = hmac(kDate, x.region);
  const kService = hmac(kRegion, x.service);
  const kSigning = hmac(kService, 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${x.accessKeyId}/${scope}, SignedHeaders=${signedHeaderList}, Signature=${signature}`,
    canonicalRequest,
    stringToSign,
  };
}

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const BODY = 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=3600';
const DATE = new Date('2026-02-12T22:18:48.512Z');
const KEYS = { accessKeyId: 'minioadmin', secretAccessKey: 'minio/secret+key=123' };

/** The Authorization of the AssumeRole form POST to http://127.0.0.1:9000/ (us-east-1, sts), computed independently. */
function expectedFormPost(keys: { accessKeyId: string; secretAccessKey: string }, date: Date, sessionToken?: string): string {
  return expectedAuthorization({
    method: 'POST',
    path: '/',
    query: '',
    signedHeaders: {
      'content-type': FORM,
      host: '127.0.0.1:9000',
      'x-amz-content-sha256': sha256(BODY),
      'x-amz-date': amzDate(date),
      ...(sessionToken ? { 'x-amz-security-token': sessionToken } : {}),
    },
    body: BODY,
    ...keys,
    region: 'us-east-1',
    service: 'sts',
    date,
  }).authorization;
}

describe('signRequest: known answers', () => {
  it('the independent computation reproduces the published SigV4 test-suite vector "get-vanilla" (guards the helper itself)', () => {
    const { canonicalRequest, authorization } = expectedAuthorization({
      method: 'GET',
      path: '/',
      query: '',
      signedHeaders: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
      body: '',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      region: 'us-east-1',
      service: 'service',
      date: new Date('2015-08-30T12:36:00Z'),
    });
    expect(canonicalRequest).toBe(
      'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, ' +
        'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('POST / to http://127.0.0.1:9000 with the AssumeRole form body, service sts, region us-east-1', async () => {
    const url = new URL('http://127.0.0.1:9000/');
    const headers = await signRequest(
      { method: 'POST', url, headers: { 'content-type': FORM, 'user-agent': 'sts-creds' }, body: BODY },
      { credentials: KEYS, region: 'us-east-1', service: 'sts', signingDate: DATE },
    );
    const bodyHash = sha256(BODY);
    const { authorization } = expectedAuthorization({
      method: 'POST',
      path: '/',
      query: '',
      signedHeaders: { 'content-type': FORM, host: '127.0.0.1:9000', 'x-amz-content-sha256': bodyHash, 'x-amz-date': '20260212T221848Z' },
      body: BODY,
      ...KEYS,
      region: 'us-east-1',
      service: 'sts',
      date: DATE,
    });
    expect(headers).toEqual({
      'content-type': FORM,
      'user-agent': 'sts-creds',
      host: '127.0.0.1:9000',
      'x-amz-content-sha256': bodyHash,
      'x-amz-date': '20260212T221848Z',
      authorization,
    });
    expect(headers.host).toBe('127.0.0.1:9000');
    expect(headers['x-amz-content-sha256']).toBe(createHash('sha256').update(BODY).digest('hex'));
    expect(headers['x-amz-content-sha256']).not.toBe('UNSIGNED-PAYLOAD');
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=minioadmin\/20260212\/us-east-1\/sts\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/);
    expect(headers.authorization!.split(', ')).toHaveLength(3);
    expect(headers).not.toHaveProperty('x-amz-security-token');
  });

  it.each([
    { what: 'region eu-west-1', url: 'http://127.0.0.1:9000/', region: 'eu-west-1', host: '127.0.0.1:9000', path: '/' },
    { what: 'empty-string region (MinIO default accepts it)', url: 'http://127.0.0.1:9000/', region: '', host: '127.0.0.1:9000', path: '/' },
    { what: 'https on the default port: host has no port', url: 'https://sts.example.com/', region: 'us-east-1', host: 'sts.example.com', path: '/' },
    { what: 'http on a non-default port', url: 'http://localhost:19000/', region: 'us-east-1', host: 'localhost:19000', path: '/' },
    { what: 'IPv6 loopback', url: 'http://[::1]:9000/', region: 'us-east-1', host: '[::1]:9000', path: '/' },
    { what: 'a path under a reverse proxy', url: 'http://127.0.0.1:9000/sts/', region: 'us-east-1', host: '127.0.0.1:9000', path: '/sts/' },
  ])('$what', async ({ url, region, host, path }) => {
    const headers = await signRequest(
      { method: 'POST', url: new URL(url), headers: { 'content-type': FORM }, body: BODY },
      { credentials: KEYS, region, service: 'sts', signingDate: DATE },
    );
    const { authorization } = expectedAuthorization({
      method: 'POST',
      path,
      query: '',
      signedHeaders: { 'content-type': FORM, host, 'x-amz-content-sha256': sha256(BODY), 'x-amz-date': '20260212T221848Z' },
      body: BODY,
      ...KEYS,
      region,
      service: 'sts',
      date: DATE,
    });
    expect(headers.host).toBe(host);
    expect(headers.authorization).toBe(authorization);
  });

  it('a session token is sent as x-amz-security-token and signed', async () => {
    const credentials = { ...KEYS, sessionToken: 'session/token+value' };
    const headers = await signRequest(
      { method: 'POST', url: new URL('http://127.0.0.1:9000/'), headers: { 'content-type': FORM }, body: BODY },
      { credentials, region: 'us-east-1', service: 'sts', signingDate: DATE },
    );
    expect(headers['x-amz-security-token']).toBe('session/token+value');
    expect(headers.authorization).toBe(expectedFormPost(KEYS, DATE, 'session/token+value'));
  });

  it.each([
    {
      what: 'an S3 GET with a query string signs the sorted, encoded query and the empty-body hash',
      query: [['list-type', '2'], ['continuation-token', 'a b/c+d']],
      canonical: 'continuation-token=a%20b%2Fc%2Bd&list-type=2',
    },
    { what: 'signs query parameters named like Object.prototype members (toString, constructor)', query: [['toString', '1'], ['constructor', '2']], canonical: 'constructor=2&toString=1' },
  ])('$what', async ({ query, canonical }) => {
    const url = new URL('http://127.0.0.1:9000/my-bucket');
    for (const [name, value] of query) url.searchParams.set(name!, value!);
    const headers = await signRequest(
      { method: 'GET', url, headers: {}, body: undefined },
      { credentials: KEYS, region: 'us-east-1', service: 's3', signingDate: DATE },
    );
    const { authorization } = expectedAuthorization({
      method: 'GET',
      path: '/my-bucket',
      query: canonical,
      signedHeaders: { host: '127.0.0.1:9000', 'x-amz-content-sha256': sha256(''), 'x-amz-date': '20260212T221848Z' },
      body: '',
      ...KEYS,
      region: 'us-east-1',
      service: 's3',
      date: DATE,
    });
    expect(headers['x-amz-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(headers.authorization).toBe(authorization);
  });

  it('the signature changes with every input (secret, date, body, region, service)', async () => {
    const base = { method: 'POST', url: new URL('http://127.0.0.1:9000/'), headers: { 'content-type': FORM }, body: BODY };
    const opts = { credentials: KEYS, region: 'us-east-1', service: 'sts', signingDate: DATE };
    const sig = async (req: typeof base, o: typeof opts): Promise<string> => (await signRequest(req, o)).authorization!.split('Signature=')[1]!;
    const reference = await sig(base, opts);
    const variants = await Promise.all([
      sig(base, { ...opts, credentials: { ...KEYS, secretAccessKey: `${KEYS.secretAccessKey}x` } }),
      sig(base, { ...opts, signingDate: new Date(DATE.getTime() + 1000) }),
      sig({ ...base, body: `${BODY}0` }, opts),
      sig(base, { ...opts, region: 'us-east-2' }),
      sig(base, { ...opts, service: 's3' }),
    ]);
    expect(new Set([reference, ...variants]).size).toBe(6);
  });
});

describe('createSigner: one signer for many requests', () => {
  const request = { method: 'POST', url: new URL('http://127.0.0.1:9000/'), headers: { 'content-type': FORM }, body: BODY };

  it('signs every request right when the credentials, the day and the session token change between requests (nothing stale is reused)', async () => {
    const sign = createSigner({ region: 'us-east-1', service: 'sts' });
    const other = { accessKeyId: 'otheruser', secretAccessKey: 'other/secret' };
    // Same secret, other access key: what a signer keyed on the secret alone would get wrong.
    const sameSecret = { accessKeyId: 'minioadmin2', secretAccessKey: KEYS.secretAccessKey };
    const nextDay = new Date(DATE.getTime() + 86_400_000);
    const steps: { keys: typeof KEYS; date: Date; sessionToken?: string }[] = [
      { keys: KEYS, date: DATE },
      { keys: KEYS, date: DATE },
      { keys: other, date: DATE },
      { keys: KEYS, date: nextDay },
      { keys: sameSecret, date: nextDay },
      { keys: KEYS, date: DATE, sessionToken: 'token/one' },
      { keys: KEYS, date: DATE, sessionToken: 'token/two' },
      { keys: KEYS, date: DATE },
    ];
    for (const step of steps) {
      const credentials = step.sessionToken ? { ...step.keys, sessionToken: step.sessionToken } : { ...step.keys };
      const headers = await sign(request, credentials, step.date);
      expect(headers.authorization).toBe(expectedFormPost(step.keys, step.date, step.sessionToken));
      expect(headers['x-amz-security-token']).toBe(step.sessionToken);
    }
  });

  it('does not see later changes to the credentials object it was given, and signs with the new values', async () => {
    const sign = createSigner({ region: 'us-east-1', service: 'sts' });
    const credentials = { ...KEYS };
    expect((await sign(request, credentials, DATE)).authorization).toBe(expectedFormPost(KEYS, DATE));
    credentials.secretAccessKey = 'changed/secret';
    expect((await sign(request, credentials, DATE)).authorization).toBe(expectedFormPost({ ...KEYS, secretAccessKey: 'changed/secret' }, DATE));
  });
});

describe('nodeSha256: the checksum constructor given to @smithy/signature-v4', () => {
  const digest = async (Sha: ReturnType<typeof nodeSha256>, secret: string | Uint8Array | undefined, data: string): Promise<string> => {
    const sha = secret === undefined ? new Sha() : new Sha(secret);
    sha.update(new TextEncoder().encode(data));
    return Buffer.from(await sha.digest()).toString('hex');
  };

  it('gives node:crypto\'s SHA-256 and HMAC-SHA-256 for every key and message, repeated or not (the remembered HMAC never answers another question)', async () => {
    const Sha = nodeSha256();
    const cases: [string | Uint8Array | undefined, string][] = [
      ['secret', 'minioadmin'],
      ['secret', 'minioadmin'],
      ['secret', 'minioadmin2'],
      ['secret', 'minioadmi'],
      ['secret2', 'minioadmin'],
      ['AWS4secret', '20260212'],
      ['secret', 'minioadmin'],
      [Buffer.from('secret'), 'minioadmin'],
      [undefined, 'minioadmin'],
      ['', ''],
    ];
    for (const [secret, data] of cases) {
      const want = secret === undefined ? sha256(data) : hmac(typeof secret === 'string' ? secret : Buffer.from(secret), data).toString('hex');
      expect(await digest(Sha, secret, data)).toBe(want);
    }
  });

  it('a digest handed out is the caller\'s own copy: changing it does not change the next answer', async () => {
    const Sha = nodeSha256();
    const first = new Sha('secret');
    first.update(new TextEncoder().encode('minioadmin'));
    const bytes = await first.digest();
    bytes.fill(0);
    expect(await digest(Sha, 'secret', 'minioadmin')).toBe(hmac('secret', 'minioadmin').toString('hex'));
    const second = new Sha('secret');
    second.update(new TextEncoder().encode('minioadmin'));
    (await second.digest()).fill(1);
    expect(await digest(Sha, 'secret', 'minioadmin')).toBe(hmac('secret', 'minioadmin').toString('hex'));
  });
});

describe('StsClient: the request actually sent', () => {
  const fake = useFakeSts();

  it('carries x-amz-date from the injected clock and a signature the server can recompute from what it received', async () => {
    const now = new Date('2026-02-12T22:18:48.999Z');
    const client = new StsClient({ endpoint: fake.url, now: () => now });
    try {
      const result = await client.assumeRole({ credentials: KEYS, durationSeconds: 3600 });
      expect(result.accessKeyId).toBe(FAKE_CREDENTIALS.accessKeyId);
    } finally {
      await client.close();
    }
    const req = fake.onlyRequest();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/');
    expect(req.headers['x-amz-date']).toBe('20260212T221848Z');
    expect(req.headers['x-amz-security-token']).toBeUndefined();
    expect(req.body).toBe(BODY);
    expect(req.headers['content-type']).toBe(FORM);
    expect(req.headers['x-amz-content-sha256']).toBe(sha256(req.body));
    expect(req.headers.host).toBe(new URL(fake.url).host);

    // Recompute, as MinIO does, from the received request: its SignedHeaders, its Host, its body bytes.
    const auth = req.headers.authorization!;
    const signedNames = /SignedHeaders=([^,]+)/.exec(auth)![1]!.split(';');
    expect(signedNames).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-content-sha256']));
    const signedHeaders = Object.fromEntries(signedNames.map((n) => [n, String(req.headers[n])]));
    const { authorization } = expectedAuthorization({
      method: req.method,
      path: req.url,
      query: '',
      signedHeaders,
      body: req.body,
      ...KEYS,
      region: 'us-east-1',
      service: 'sts',
      date: now,
    });
    expect(auth).toBe(authorization);
  });

  it('uses the configured region in the scope', async () => {
    const client = new StsClient({ endpoint: fake.url, region: 'eu-central-1', now: () => DATE });
    try {
      await client.assumeRole({ credentials: KEYS });
    } finally {
      await client.close();
    }
    expect(fake.onlyRequest().headers.authorization).toContain('Credential=minioadmin/20260212/eu-central-1/sts/aws4_request');
  });
});
