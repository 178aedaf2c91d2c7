/**
 * `sts-creds doctor`: the checklist against a fake STS (healthy, broken in each way it can be),
 * over TLS with and without the CA, through a proxy. Against the real MinIO: test/integration/doctor.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDoctorReport } from '../../src/cli/commands/doctor.js';
import { runDoctor, type DoctorReport } from '../../src/doctor/run-doctor.js';
import { FakeSts, stsErrorBody, useFakeSts, useTlsFakeSts } from '../helpers/fake-sts.js';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js';
import { missingOutsideCi } from '../consumers/harness.js';
import { hasOpenssl } from '../helpers/test-pki.js';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const fake: FakeSts = useFakeSts();
const makeTempDir = useTempDirs('doctor');
const XML = { 'content-type': 'application/xml' };

/** A MinIO-like server: STS refuses an unsigned AssumeRole with 400, health endpoints answer. */
function minioLike(options: { date?: () => Date; cluster?: number } = {}) {
  return {
    kind: 'custom' as const,
    handle: (req: IncomingMessage, res: ServerResponse) => {
      const headers: Record<string, string> = { ...XML, server: 'MinIO' };
      if (options.date) headers.date = options.date().toUTCString();
      if (req.method === 'GET' && req.url === '/minio/health/live') return void res.writeHead(200, headers).end();
      if (req.method === 'GET' && req.url === '/minio/health/cluster') {
        const status = options.cluster ?? 200;
        return void res.writeHead(status, { ...headers, ...(status === 200 ? {} : { 'x-minio-server-status': 'iam-offline' }) }).end();
      }
      res.writeHead(400, headers).end(stsErrorBody('InvalidParameterValue', 'Unsupported action AssumeRole'));
    },
  };
}

const status = (report: DoctorReport): Record<string, string> => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));

describe('doctor against a fake server', () => {
  it('passes every check for a healthy MinIO-like server', async () => {
    fake.always(minioLike());
    const report = await runDoctor({ endpoint: fake.url, timeoutMs: 2_000 });
    expect(status(report)).toEqual({ endpoint: 'ok', proxy: 'ok', connect: 'ok', tls: 'skip', sts: 'ok', clock: 'ok', minio: 'ok' });
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.id === 'sts')?.detail).toMatch(/HTTP 400 InvalidParameterValue: Unsupported action AssumeRole/);
    // The STS probe is unsigned: no credentials are sent anywhere.
    const probe = fake.requests.find((r) => r.method === 'POST');
    expect(probe?.headers.authorization).toBeUndefined();
    expect(probe?.body).toBe('Action=AssumeRole&Version=2011-06-15');
  });

  it('a closed port fails the connection and skips the rest, with a fix', async () => {
    const { freePort } = await import('../../scripts/minio.mjs');
    const port = await freePort();
    const report = await runDoctor({ endpoint: `http://127.0.0.1:${port}`, timeoutMs: 2_000 });
    expect(status(report)).toMatchObject({ connect: 'fail', tls: 'skip', sts: 'skip', clock: 'skip', minio: 'skip' });
    const text = renderDoctorReport(report);
    expect(text).toMatch(/\[FAIL\] connect {2}cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(text).toMatch(/fix: start the server, or correct the host and port in --endpoint/);
    expect(text).toMatch(/1 check failed\.\n$/);
  });

  it('an HTML page where STS should be fails the STS check', async () => {
    fake.reply(200, '<!doctype html><html><body>console</body></html>', { 'content-type': 'text/html' });
    const report = await runDoctor({ endpoint: fake.url, timeoutMs: 2_000 });
    expect(status(report).sts).toBe('fail');
    expect(report.checks.find((c) => c.id === 'sts')?.fix).toMatch(/STS\/S3 API port/);
  });

  it('a 503 from STS says it is not ready', async () => {
    fake.reply(503, stsErrorBody('STSNotInitialized', 'STS API not initialized, please try again.'));
    const report = await runDoctor({ endpoint: fake.url, timeoutMs: 2_000 });
    expect(report.checks.find((c) => c.id === 'sts')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/not ready: HTTP 503 STSNotInitialized/) });
  });

  it('a MinIO whose IAM is still offline fails the MinIO check', async () => {
    fake.always(minioLike({ cluster: 503 }));
    const report = await runDoctor({ endpoint: fake.url, timeoutMs: 2_000 });
    expect(report.checks.find((c) => c.id === 'minio')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/HTTP 503 \(iam-offline\)/) });
  });

  it.each([
    [0, 'ok'],
    [-5 * 60_000, 'warn'],
    [2 * 60 * 60_000, 'fail'],
  ])('server clock %i ms from ours: %s', async (offset, expected) => {
    fake.always(minioLike({ date: () => new Date(Date.now() + offset) }));
    const report = await runDoctor({ endpoint: fake.url, timeoutMs: 2_000 });
    const clock = report.checks.find((c) => c.id === 'clock')!;
    expect(clock.status).toBe(expected);
    if (offset !== 0) {
      // The Date header has whole seconds, so the measured skew may be off by one.
      const [, seconds, direction] = /(\d+) s (behind|ahead of)/.exec(clock.detail) ?? [];
      expect(Math.abs(Number(seconds) - Math.abs(offset / 1000))).toBeLessThanOrEqual(2);
      expect(direction).toBe(offset > 0 ? 'behind' : 'ahead of');
    }
    expect(report.ok).toBe(expected !== 'fail');
  });

  it('a redirect is reported, not followed', async () => {
    fake.reply(301, '', { location: 'https://elsewhere.example/' });
    const report = await runDoctor({ endpoint: fake.url, timeoutMs: 2_000 });
    expect(report.checks.find((c) => c.id === 'sts')?.detail).toMatch(/redirects are not followed/);
    expect(fake.requests.every((r) => r.url === '/' || r.url.startsWith('/minio/'))).toBe(true);
  });

  it('an endpoint that is not a URL', async () => {
    const report = await runDoctor({ endpoint: 'localhost:9000' });
    expect(report.checks).toEqual([expect.objectContaining({ id: 'endpoint', status: 'fail' })]);
  });
});

describe('doctor with a proxy', () => {
  let proxy: ForwardProxy;
  beforeAll(async () => {
    proxy = await startForwardProxy();
  });
  afterAll(async () => {
    await proxy.stop();
  });
  it('names the proxy, connects to it, and sends the probes through it', async () => {
    fake.always(minioLike());
    const report = await runDoctor({ endpoint: fake.url, timeoutMs: 2_000, proxyEnv: { HTTP_PROXY: proxy.url } });
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.id === 'proxy')?.detail).toMatch(new RegExp(`through ${proxy.url} \\(HTTP_PROXY`));
    expect(report.checks.find((c) => c.id === 'connect')?.detail).toMatch(/to proxy 127\.0\.0\.1:\d+/);
    expect(proxy.targets.length).toBeGreaterThan(0);
  });
  it('NO_PROXY is reported as a bypass', async () => {
    fake.always(minioLike());
    const report = await runDoctor({ endpoint: fake.url, timeoutMs: 2_000, proxyEnv: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    expect(report.checks.find((c) => c.id === 'proxy')?.detail).toBe('direct (NO_PROXY exempts 127.0.0.1)');
  });
});

describe.skipIf(missingOutsideCi(hasOpenssl(), 'openssl'))('doctor over TLS', () => {
  const secure = useTlsFakeSts();
  const tlsFake = secure.fake;

  it('shows issuer and expiry, and passes with the CA', async () => {
    tlsFake.always(minioLike());
    const report = await runDoctor({ endpoint: tlsFake.url, timeoutMs: 2_000, ca: secure.pki.ca.cert });
    const tls = report.checks.find((c) => c.id === 'tls')!;
    expect(tls.status).toBe('ok');
    expect(tls.detail).toMatch(/certificate CN=127\.0\.0\.1, issued by CN=sts-creds test CA, valid until \d{4}-.* \(\d+ days\), TLSv1\.3; trusted/);
    expect(report.ok).toBe(true);
  });

  it('without the CA: the TLS check fails with the fix, and so does STS', async () => {
    tlsFake.always(minioLike());
    const report = await runDoctor({ endpoint: tlsFake.url, timeoutMs: 2_000 });
    expect(report.checks.find((c) => c.id === 'tls')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/NOT trusted: UNABLE_TO_/),
      fix: expect.stringMatching(/--ca-bundle <file> or AWS_CA_BUNDLE/),
    });
    expect(report.checks.find((c) => c.id === 'sts')?.status).toBe('fail');
  });

  it('--insecure turns the TLS failure into a warning', async () => {
    tlsFake.always(minioLike());
    const report = await runDoctor({ endpoint: tlsFake.url, timeoutMs: 2_000, insecure: true });
    expect(status(report)).toMatchObject({ tls: 'warn', sts: 'ok' });
    expect(report.ok).toBe(true);
  });

  it('https:// to a plain HTTP port is a handshake failure that suggests http://', async () => {
    const report = await runDoctor({ endpoint: fake.url.replace('http:', 'https:'), timeoutMs: 2_000 });
    expect(report.checks.find((c) => c.id === 'tls')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/use http:\/\//) });
  });

  it('the CLI: exit 0 with --ca-bundle, exit 1 without', async () => {
    tlsFake.always(minioLike());
    const good = await runCli(['doctor', '--endpoint', tlsFake.url, '--ca-bundle', secure.pki.ca.certFile]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^sts-creds doctor: https:\/\/127\.0\.0\.1:\d+\n/);
    expect(good.stdout).toMatch(/All checks passed\.\n$/);
    const bad = await runCli(['doctor', '--endpoint', tlsFake.url]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/\[FAIL\] TLS/);
    expect(bad.stdout).toMatch(/fix: trust the server's CA with --ca-bundle/);
  });

  it('--profile and --alias name the endpoint (a profile its ca_bundle too), as for the credential commands; flags still win', async () => {
    tlsFake.always(minioLike());
    const home = makeTempDir();
    mkdirSync(join(home, '.aws'), { mode: 0o700 });
    mkdirSync(join(home, '.mc'), { mode: 0o700 });
    writeFileSync(join(home, '.aws', 'config'), `[profile tls]\nendpoint_url = ${tlsFake.url}\nca_bundle = ${secure.pki.ca.certFile}\n`, { mode: 0o600 });
    const mc = { version: '10', aliases: { local: { url: tlsFake.url, accessKey: 'AK', secretKey: 'not-needed-here', api: 's3v4', path: 'auto' } } };
    writeFileSync(join(home, '.mc', 'config.json'), JSON.stringify(mc), { mode: 0o600 });

    const profile = await runCli(['doctor', '--profile', 'tls'], { home });
    expect(profile.code, profile.stdout + profile.stderr).toBe(0);
    expect(profile.stdout).toContain(`sts-creds doctor: ${tlsFake.url}\n`);
    // AWS_PROFILE names it as well.
    expect((await runCli(['doctor'], { home, env: { AWS_PROFILE: 'tls' } })).code).toBe(0);
    // The alias gives the endpoint; the CA comes from the flag.
    const alias = await runCli(['doctor', '--alias', 'local', '--ca-bundle', secure.pki.ca.certFile], { home });
    expect(alias.code, alias.stdout + alias.stderr).toBe(0);
    expect(alias.stdout).toContain(`sts-creds doctor: ${tlsFake.url}\n`);
    // --endpoint beats the profile's.
    const flag = await runCli(['doctor', '--profile', 'tls', '--endpoint', fake.url], { home });
    expect(flag.stdout).toContain(`sts-creds doctor: ${fake.url}\n`);
    // Both, or a profile that is not there: a usage error before any probe.
    const both = await runCli(['doctor', '--profile', 'tls', '--alias', 'local'], { home });
    expect(both.code).toBe(2);
    expect(both.stdout).toBe('');
    expect(both.stderr).toBe('sts-creds: use either --profile or --alias, not both\n');
    const missing = await runCli(['doctor', '--profile', 'nope'], { home });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^sts-creds: [^\n]*"nope"[^\n]*\n$/);
  });
});
