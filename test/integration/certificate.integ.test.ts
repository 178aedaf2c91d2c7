/**
 * AssumeRoleWithCertificate against a real MinIO serving TLS from a CA made here with `openssl`
 * (test/helpers/test-pki.ts), with MINIO_IDENTITY_TLS_ENABLE=on: mutual TLS from the library, the provider
 * and the CLI; and the ways it fails (no client certificate, an untrusted one, plain http, disabled).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMinio, type RunningMinio } from '../../scripts/minio.mjs';
import {
  StsClient,
  StsTransportError,
  assumeRoleWithCertificate,
  fromCertificate,
  type TemporaryCredentials,
} from '../../src/index.js';
import { showMinioLogOnFailure, useMinio } from '../helpers/minio-context.js';
import { s3Request } from '../helpers/s3.js';
import { runCli, runMain } from '../helpers/cli.js';
import { missingOutsideCi } from '../consumers/harness.js';
import { createTestPki, hasOpenssl, type IssuedCert, type TestPki } from '../helpers/test-pki.js';
import { lifetime, serviceError } from '../helpers/sts-assert.js';

const harness = useMinio();

const opensslMissing = missingOutsideCi(hasOpenssl(), 'openssl');

const PFX_PASSPHRASE = 'p12-passphrase-31';

let pki: TestPki | undefined;
let tlsMinio: RunningMinio | undefined;
let plainMinio: RunningMinio | undefined;
let readwrite: IssuedCert;
let readonly: IssuedCert;
let serverAuthOnly: IssuedCert;
let untrusted: IssuedCert;

function tls(): RunningMinio {
  if (!tlsMinio) throw new Error('MinIO with TLS did not start');
  return tlsMinio;
}

function ca(): string {
  return pki!.ca.cert;
}

const bucketName = (label: string): string => `cert-${label}-${randomBytes(4).toString('hex')}`;


/** Creates a bucket and an object with the credentials, over https trusting the test CA. */
async function s3Works(creds: TemporaryCredentials, label: string): Promise<void> {
  const bucket = bucketName(label);
  const endpoint = tls().endpoint;
  expect((await s3Request({ endpoint, credentials: creds, method: 'PUT', bucket, ca: ca() })).statusCode).toBe(200);
  expect((await s3Request({ endpoint, credentials: creds, method: 'PUT', bucket, key: 'k.txt', body: 'mtls', ca: ca() })).statusCode).toBe(200);
  const got = await s3Request({ endpoint, credentials: creds, method: 'GET', bucket, key: 'k.txt', ca: ca() });
  expect(got.body).toBe('mtls');
}

describe.skipIf(opensslMissing)('AssumeRoleWithCertificate (MinIO over TLS)', () => {
  beforeAll(async () => {
    if (!harness.available) return;
    pki = await createTestPki();
    // The subject CN names the MinIO policy.
    readwrite = await pki.client('client-readwrite', { cn: 'readwrite' });
    readonly = await pki.client('client-readonly', { cn: 'readonly' });
    serverAuthOnly = await pki.client('client-server-eku', { cn: 'readwrite', eku: 'serverAuth' });
    untrusted = await pki.client('client-untrusted', { cn: 'readwrite', issuer: await pki.otherCa() });
    [tlsMinio, plainMinio] = await Promise.all([
      startMinio({ env: { MINIO_IDENTITY_TLS_ENABLE: 'on' }, tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert } }),
      startMinio({ env: { MINIO_IDENTITY_TLS_ENABLE: 'on' } }),
    ]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([tlsMinio?.stop(), plainMinio?.stop()]);
    await pki?.remove();
  });

  showMinioLogOnFailure('MinIO (TLS)', () => tlsMinio);

  describe('library', () => {
    it('exchanges a client certificate (CN=readwrite) for credentials that do S3 work', async () => {
      const m = tls();
      expect(m.endpoint).toMatch(/^https:/);
      const result = await assumeRoleWithCertificate({ endpoint: m.endpoint, cert: readwrite.cert, key: readwrite.key, ca: ca() });
      expect(result.action).toBe('AssumeRoleWithCertificate');
      expect(result.accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
      expect(result.sessionToken.split('.')).toHaveLength(3);
      expect(result.requestId).toMatch(/^[0-9A-F]{16}$/);
      expect(Math.abs(lifetime(result) - 3600)).toBeLessThanOrEqual(5);
      await s3Works(result, 'rw');
    });

    it('honours DurationSeconds, and the CN picks the policy (readonly cannot write)', async () => {
      const m = tls();
      const result = await assumeRoleWithCertificate({ endpoint: m.endpoint, cert: readonly.cert, key: readonly.key, ca: ca(), durationSeconds: 900 });
      expect(Math.abs(lifetime(result) - 900)).toBeLessThanOrEqual(5);
      const put = await s3Request({ endpoint: m.endpoint, credentials: result, method: 'PUT', bucket: bucketName('ro'), ca: ca() });
      expect(put.statusCode).toBe(403);
    });

    it('accepts the certificate and key as a passphrase-protected PKCS#12 bundle', async () => {
      const m = tls();
      const { data } = await pki!.pkcs12(readwrite, PFX_PASSPHRASE);
      const result = await assumeRoleWithCertificate({ endpoint: m.endpoint, pfx: data, passphrase: PFX_PASSPHRASE, ca: ca() });
      expect(result.accessKeyId).toMatch(/^[0-9A-Z]{20}$/);
    });

    it('without a client certificate: a clear 400 MissingParameter', async () => {
      const m = tls();
      const error = await serviceError(assumeRoleWithCertificate({ endpoint: m.endpoint, ca: ca() }));
      expect(error.statusCode).toBe(400);
      expect(error.stsCode).toBe('MissingParameter');
      expect(error.serverMessage).toBe('No client certificate provided');
      expect(error.message).toMatch(/^AssumeRoleWithCertificate failed: MissingParameter \(HTTP 400\): No client certificate provided/);
    });

    it('over plain http: 400 InsecureConnection', async () => {
      const error = await serviceError(assumeRoleWithCertificate({ endpoint: plainMinio!.endpoint, cert: readwrite.cert, key: readwrite.key }));
      expect(error.statusCode).toBe(400);
      expect(error.stsCode).toBe('InsecureConnection');
    });

    it('when the server has not enabled it: 503 STSNotInitialized', async () => {
      const error = await serviceError(assumeRoleWithCertificate({ endpoint: harness().endpoint }));
      expect(error.statusCode).toBe(503);
      expect(error.stsCode).toBe('STSNotInitialized');
      expect(error.serverMessage).toMatch(/disabled/);
    });

    it.each([
      ['issued by a CA MinIO does not trust', () => untrusted],
      ['without the clientAuth extended key usage', () => serverAuthOnly],
    ])('refuses a client certificate %s with 400 InvalidClientCertificate', async (_what, which) => {
      const m = tls();
      const cert = which();
      const error = await serviceError(assumeRoleWithCertificate({ endpoint: m.endpoint, cert: cert.cert, key: cert.key, ca: ca() }));
      expect(error.statusCode).toBe(400);
      expect(error.stsCode).toBe('InvalidClientCertificate');
    });

    it('without the CA, the server certificate is not trusted: a transport error naming the TLS problem', async () => {
      const m = tls();
      const error = await assumeRoleWithCertificate({ endpoint: m.endpoint, cert: readwrite.cert, key: readwrite.key }).then(
        () => expect.unreachable('the call should have failed'),
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(StsTransportError);
      expect((error as StsTransportError).causeCode).toMatch(/^(UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO)/);
      expect((error as Error).message).toMatch(/TLS/);
    });

    it('works through a long-lived StsClient and through fromCertificate', async () => {
      const m = tls();
      const client = new StsClient({ endpoint: m.endpoint, cert: readwrite.cert, key: readwrite.key, ca: ca() });
      try {
        const a = await client.assumeRoleWithCertificate();
        const b = await client.assumeRoleWithCertificate({ durationSeconds: 1200 });
        expect(a.accessKeyId).not.toBe(b.accessKeyId);
      } finally {
        await client.close();
      }
      const provider = fromCertificate({ endpoint: m.endpoint, cert: readwrite.cert, key: readwrite.key, ca: ca(), durationSeconds: 900 });
      try {
        const creds = await provider();
        expect(await provider()).toBe(creds);
        await s3Works(creds, 'provider');
      } finally {
        await provider.close();
      }
      expect(() => fromCertificate({ endpoint: m.endpoint, cert: readwrite.cert })).toThrow(/cert and key must be given together/);
    });
  });

  describe('CLI', () => {
    it('sts-creds certificate --cert --key --ca-bundle, with -b listing a bucket over https', async () => {
      const m = tls();
      const creds = await assumeRoleWithCertificate({ endpoint: m.endpoint, cert: readwrite.cert, key: readwrite.key, ca: ca() });
      const bucket = bucketName('cli');
      await s3Request({ endpoint: m.endpoint, credentials: creds, method: 'PUT', bucket, ca: ca() });
      await s3Request({ endpoint: m.endpoint, credentials: creds, method: 'PUT', bucket, key: 'listed.txt', body: 'hi', ca: ca() });

      const run = await runMain([
        'certificate', '--cert', readwrite.certFile, '--key', readwrite.keyFile, '--ca-bundle', pki!.ca.certFile,
        '--endpoint', m.endpoint, '-o', 'json', '-b', bucket,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as { Action: string; AccessKeyId: string; Objects: Array<{ Key: string }> };
      expect(out.Action).toBe('AssumeRoleWithCertificate');
      expect(out.AccessKeyId).toMatch(/^[0-9A-Z]{20}$/);
      expect(out.Objects.map((o) => o.Key)).toEqual(['listed.txt']);
    });

    it('takes --pfx with --passphrase-env and AWS_CA_BUNDLE, and works under exec', async () => {
      const m = tls();
      const { file } = await pki!.pkcs12(readwrite, PFX_PASSPHRASE);
      const run = await runCli(
        ['exec', 'certificate', '--pfx', file, '--passphrase-env', 'P12_PW', '--endpoint', m.endpoint, '--', process.execPath, '-e', 'process.stdout.write(process.env.AWS_ACCESS_KEY_ID ?? "")'],
        { env: { P12_PW: PFX_PASSPHRASE, AWS_CA_BUNDLE: pki!.ca.certFile } },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^[0-9A-Z]{20}$/);
    });

    it('env certificate prints export lines', async () => {
      const m = tls();
      const run = await runMain(['env', 'certificate', '--cert', readwrite.certFile, '--key', readwrite.keyFile, '--ca-bundle', pki!.ca.certFile, '--endpoint', m.endpoint]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^export AWS_ACCESS_KEY_ID='[0-9A-Z]{20}';$/m);
    });

    it('an untrusted client certificate exits 1 with one clear line', async () => {
      const m = tls();
      const run = await runMain(['certificate', '--cert', untrusted.certFile, '--key', untrusted.keyFile, '--ca-bundle', pki!.ca.certFile, '--endpoint', m.endpoint]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^sts-creds: AssumeRoleWithCertificate failed: InvalidClientCertificate \(HTTP 400\)/);
    });

    it('usage errors exit 2 before any request: no certificate, --cert without --key, both --pfx and --cert', async () => {
      const m = tls();
      const none = await runMain(['certificate', '--endpoint', m.endpoint]);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/no client certificate: use --cert and --key, or --pfx/);
      const half = await runMain(['certificate', '--cert', readwrite.certFile, '--endpoint', m.endpoint]);
      expect(half.code).toBe(2);
      expect(half.stderr).toMatch(/--cert and --key go together/);
      const both = await runMain(['certificate', '--pfx', 'x.p12', '--cert', readwrite.certFile, '--key', readwrite.keyFile, '--endpoint', m.endpoint]);
      expect(both.code).toBe(2);
      const swapped = await runMain(['certificate', '--cert', readwrite.keyFile, '--key', readwrite.certFile, '--endpoint', m.endpoint]);
      expect(swapped.code).toBe(2);
      expect(swapped.stderr).toMatch(/holds no PEM certificate/);
    });
  });
});
