/**
 * toMinioCredentialsProvider() with the real minio-js 8 classes (minio 8 exports them only from
 * `minio/dist/esm/*`, not from its root): accepted by `Client` (including the
 * `instanceof` check in setCredentialsProvider), converts credentials only when they change, and minio-js
 * signs its requests with them (seen at an in-process fake server).
 */
import { Client } from 'minio/dist/esm/minio.mjs';
import { CredentialProvider } from 'minio/dist/esm/CredentialProvider.mjs';
import { Credentials } from 'minio/dist/esm/Credentials.mjs';
import { describe, expect, it } from 'vitest';
import { StsValidationError, toMinioCredentialsProvider, type AwsStyleCredentialSource } from '../../src/index.js';
import { useFakeSts } from '../helpers/fake-sts.js';

const fake = useFakeSts();
const classes = { CredentialProvider, Credentials };

/** A source whose answer the test changes by hand. */
function switchable() {
  let current = { accessKeyId: 'AK1', secretAccessKey: 'SK1', sessionToken: 'TOKEN1', expiration: new Date(Date.now() + 3600_000) };
  let calls = 0;
  const source: AwsStyleCredentialSource = async () => {
    calls += 1;
    return current;
  };
  return {
    source,
    get calls() {
      return calls;
    },
    rotate(n: number) {
      current = { ...current, accessKeyId: `AK${n}`, secretAccessKey: `SK${n}`, sessionToken: `TOKEN${n}` };
    },
  };
}

describe('toMinioCredentialsProvider', () => {
  it('is an instance of the given CredentialProvider and yields minio Credentials', async () => {
    const src = switchable();
    const provider = toMinioCredentialsProvider(src.source, classes);
    expect(provider).toBeInstanceOf(CredentialProvider);
    const creds = await provider.getCredentials();
    expect(creds).toBeInstanceOf(Credentials);
    expect([creds.getAccessKey(), creds.getSecretKey(), creds.getSessionToken()]).toEqual(['AK1', 'SK1', 'TOKEN1']);
    expect(provider.getAccessKey()).toBe('AK1');
  });

  it('reuses the Credentials object until the source hands out new credentials', async () => {
    const src = switchable();
    const provider = toMinioCredentialsProvider(src.source, classes);
    const a = await provider.getCredentials();
    expect(await provider.getCredentials()).toBe(a);
    src.rotate(2);
    const b = await provider.getCredentials();
    expect(b).not.toBe(a);
    expect(b.getAccessKey()).toBe('AK2');
    expect(provider.getSessionToken()).toBe('TOKEN2');
    expect(src.calls).toBe(3);
  });

  it('without a Credentials class, yields objects with the getters minio uses', async () => {
    const src = switchable();
    const provider = toMinioCredentialsProvider(src.source, { CredentialProvider });
    expect(provider).toBeInstanceOf(CredentialProvider);
    const creds = await provider.getCredentials();
    expect(creds).not.toBeInstanceOf(Credentials);
    expect([creds.getAccessKey(), creds.getSecretKey(), creds.getSessionToken()]).toEqual(['AK1', 'SK1', 'TOKEN1']);
    expect(await provider.getCredentials()).toBe(creds);
  });

  it('leaves the session token unset when the source has none', async () => {
    const provider = toMinioCredentialsProvider(async () => ({ accessKeyId: 'AK', secretAccessKey: 'SK' }), classes);
    expect((await provider.getCredentials()).getSessionToken()).toBeUndefined();
  });

  it('passes Client#setCredentialsProvider’s instanceof check', async () => {
    const client = new Client({ endPoint: '127.0.0.1', port: 9, useSSL: false });
    await expect(client.setCredentialsProvider(toMinioCredentialsProvider(switchable().source, classes))).resolves.toBeUndefined();
    await expect(client.setCredentialsProvider({ getCredentials: async () => null } as never)).rejects.toThrow(/CredentialProvider/);
  });

  it.each([
    { name: 'with', classes: { CredentialProvider, Credentials } },
    { name: 'without', classes: { CredentialProvider } },
  ])('minio-js signs each request with the current credentials and session token ($name a Credentials class)', async ({ classes }) => {
    fake.reply(200, '<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Owner><ID></ID><DisplayName></DisplayName></Owner><Buckets></Buckets></ListAllMyBucketsResult>');
    const src = switchable();
    const { hostname, port } = new URL(fake.url);
    const client = new Client({ endPoint: hostname, port: Number(port), useSSL: false, region: 'us-east-1', credentialsProvider: toMinioCredentialsProvider(src.source, classes) });
    await client.listBuckets();
    src.rotate(2);
    await client.listBuckets();
    const seen = fake.requests.map((r) => ({ token: r.headers['x-amz-security-token'], key: /Credential=([^/]+)\//.exec(String(r.headers.authorization))?.[1] }));
    expect(seen).toEqual([
      { token: 'TOKEN1', key: 'AK1' },
      { token: 'TOKEN2', key: 'AK2' },
    ]);
  });

  it('a failing source fails the minio call with the cause attached', async () => {
    const boom = new Error('STS down');
    const client = new Client({ endPoint: '127.0.0.1', port: 9, useSSL: false, region: 'us-east-1', credentialsProvider: toMinioCredentialsProvider(() => Promise.reject(boom), classes) });
    await expect(client.listBuckets()).rejects.toMatchObject({ cause: boom });
  });

  it('refuses a call without minio’s CredentialProvider class', () => {
    expect(() => toMinioCredentialsProvider(switchable().source, {} as never)).toThrow(StsValidationError);
    expect(() => toMinioCredentialsProvider(switchable().source, { CredentialProvider, Credentials: 'x' as never })).toThrow(StsValidationError);
    expect(() => toMinioCredentialsProvider('nope' as never, classes)).toThrow(StsValidationError);
  });
});
