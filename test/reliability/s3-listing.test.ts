/**
 * The `-b` listing goes through the client's exchange, as an STS call does: a throttled or failing page is
 * tried again, a `RequestTimeTooSkewed` answer corrects the signing clock once, and an S3 refusal stays an
 * S3ListingError. Against the scriptable in-process server; no sleeps (the backoff is injected).
 */
import { describe, expect, it } from 'vitest';
import { S3ListingError, listObjects } from '../../src/s3/list-objects.js';
import { useFakeSts } from '../helpers/fake-sts.js';

const fake = useFakeSts();
const XML = { 'content-type': 'application/xml' };
const CREDENTIALS = { accessKeyId: 'AKIDLISTING', secretAccessKey: 'listing-secret', sessionToken: 'listing-token' };
const PAGE = '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a.txt</Key><Size>3</Size><LastModified>2026-01-01T00:00:00Z</LastModified></Contents></ListBucketResult>';
const errorDoc = (code: string): string => `<Error><Code>${code}</Code><Message>m</Message><RequestId>R1</RequestId></Error>`;
const list = (extra: Partial<Parameters<typeof listObjects>[0]> = {}) =>
  listObjects({ endpoint: fake.url, bucket: 'bucket', credentials: CREDENTIALS, sleep: () => Promise.resolve(), ...extra });

/** The `X-Amz-Date` a request was signed with, as epoch ms. */
const signedAt = (i: number): number => {
  const d = String(fake.requests[i]!.headers['x-amz-date']);
  return Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`);
};

describe('the -b listing reuses the exchange', () => {
  it('tries a 503 SlowDown page again, and lists', async () => {
    fake.once({ kind: 'reply', status: 503, headers: XML, body: errorDoc('SlowDown') }).always({ kind: 'reply', status: 200, headers: XML, body: PAGE });
    const { objects } = await list();
    expect(objects.map((o) => o.key)).toEqual(['a.txt']);
    expect(fake.requests).toHaveLength(2);
  });

  it('corrects the clock once on RequestTimeTooSkewed, by the server Date', async () => {
    const serverDate = new Date(Date.now() + 3600_000);
    fake.once({ kind: 'reply', status: 403, headers: { ...XML, date: serverDate.toUTCString() }, body: errorDoc('RequestTimeTooSkewed') });
    fake.always({ kind: 'reply', status: 200, headers: XML, body: PAGE });
    await list();
    expect(fake.requests).toHaveLength(2);
    expect(Math.abs(signedAt(1) - signedAt(0) - 3600_000)).toBeLessThan(5_000);
  });

  it('starts from the clock correction it is given (the STS call found)', async () => {
    fake.always({ kind: 'reply', status: 200, headers: XML, body: PAGE });
    const now = new Date('2026-06-01T00:00:00Z');
    await list({ now: () => now, clockOffsetMs: 60_000 });
    expect(signedAt(0)).toBe(now.getTime() + 60_000);
  });

  it('an S3 refusal is an S3ListingError, not tried again', async () => {
    fake.always({ kind: 'reply', status: 403, headers: XML, body: errorDoc('AccessDenied') });
    const error = await list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3ListingError);
    expect(error).toMatchObject({ statusCode: 403, s3Code: 'AccessDenied', message: 'ListObjectsV2 on bucket failed: AccessDenied (HTTP 403): m (request id R1)' });
    expect(fake.requests).toHaveLength(1);
  });
});
