import { describe, expect, it } from 'vitest';
import { MINIO_SESSION_POLICY_LIMIT, minioSessionPolicySize } from '../../src/sts/minio-policy-size.js';

/** The re-written texts below are what the pinned MinIO put in the session token's `sessionPolicy` claim. */
describe('minioSessionPolicySize', () => {
  it.each([
    [
      'whitespace, a string Action, Id, an unknown field, an escaped Sid and condition value',
      '{ "Version": "2012-10-17", "Id":"x", "Statement": [ { "Sid":"a<b", "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*","arn:aws:s3:::a/*"], "Foo": 1, "Condition": {"StringEquals": {"aws:username": ["x&y"]}} }, {"Effect":"Deny","Action":["s3:PutObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::c"} ] }',
      '{"ID":"x","Version":"2012-10-17","Statement":[{"Sid":"a\\u003cb","Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"],"Condition":{"StringEquals":{"aws:username":["x\\u0026y"]}}},{"Effect":"Deny","Action":["s3:DeleteObject","s3:PutObject"],"Resource":["arn:aws:s3:::c"]}]}',
    ],
    [
      'an empty Sid, duplicate actions, non-ASCII, single condition values',
      '{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":["s3:GetObject","s3:GetObject"],"Resource":"arn:aws:s3:::b/é*","Condition":{"StringEquals":{"aws:username":"x"},"Bool":{"aws:SecureTransport":"true"}}}]}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/é*"],"Condition":{"Bool":{"aws:SecureTransport":["true"]},"StringEquals":{"aws:username":["x"]}}}]}',
    ],
    [
      'a Principal (dropped) and NotResource',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","NotResource":"arn:aws:s3:::b/*"}]}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"NotResource":["arn:aws:s3:::b/*"]}]}',
    ],
  ])('%s: the length of what MinIO wrote', (_name, sent, rewritten) => {
    expect(minioSessionPolicySize(sent)).toBe(Buffer.byteLength(rewritten));
  });

  it('is not the byte count sent: 433 bytes of ampersands are over the limit, 2160 bytes of pretty-printing under it', () => {
    const amp = (n: number): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${'&'.repeat(n)}` }] });
    expect(Buffer.byteLength(amp(323))).toBe(433);
    expect(minioSessionPolicySize(amp(323))).toBe(2052); // refused by MinIO
    expect(minioSessionPolicySize(amp(322))).toBe(2046); // accepted by MinIO
    const pretty = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'pad', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${'x'.repeat(1900)}` }] }, null, 4);
    expect(Buffer.byteLength(pretty)).toBeGreaterThan(MINIO_SESSION_POLICY_LIMIT);
    expect(minioSessionPolicySize(pretty)).toBeLessThanOrEqual(MINIO_SESSION_POLICY_LIMIT);
  });

  it('leaves text that is not a JSON object to the server', () => {
    expect(minioSessionPolicySize('[1]')).toBeUndefined();
    expect(minioSessionPolicySize('{')).toBeUndefined();
  });
});
