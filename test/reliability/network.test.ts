/**
 * Proxies and TLS: HTTP_PROXY/HTTPS_PROXY/NO_PROXY through undici's EnvHttpProxyAgent (taken from
 * an environment map the caller passes, never from process.env behind its back), a private CA via
 * `ca` / `--ca-bundle` / `AWS_CA_BUNDLE`, the typed error without it, and `--insecure` with its warning.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StsClient, StsTransportError, type StsClientOptions, type StsEvent } from '../../src/index.js';
import { FAKE_CREDENTIALS, FakeSts, useFakeSts, useTlsFakeSts } from '../helpers/fake-sts.js';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js';
import { missingOutsideCi } from '../consumers/harness.js';
import { hasOpenssl } from '../helpers/test-pki.js';
import { ensureBuilt, expectCleanFailure, REPO, runMain } from '../helpers/cli.js';

const fake: FakeSts = useFakeSts();
const ROOT = { accessKeyId: 'rootuser', secretAccessKey: 'rootpass123-secret' };
const PASSWORD_ENV = { PW: 'network-test-password' };

function useProxy(options: { refuseWith?: number } = {}): () => ForwardProxy {
  let proxy: ForwardProxy | undefined;
  beforeAll(async () => {
    proxy = await startForwardProxy(options);
  });
  beforeEach(() => {
    proxy!.targets.length = 0;
    proxy!.authorizations.length = 0;
  });
  afterAll(async () => {
    await proxy?.stop();
  });
  return () => proxy!;
}

async function call(endpoint: string, options: Partial<StsClientOptions> = {}): Promise<{ events: StsEvent[]; result?: unknown; error?: Error }> {
  const events: StsEvent[] = [];
  const sts = new StsClient({ endpoint, timeoutMs: 3_000, maxAttempts: 1, onEvent: (e) => events.push(e), ...options });
  try {
    return { events, result: await sts.assumeRole({ credentials: ROOT }) };
  } catch (error) {
    return { events, error: error as Error };
  } finally {
    await sts.close();
  }
}

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const { freePort } = await import('../../scripts/minio.mjs');
  return freePort();
}

describe('HTTP proxies from the environment map', () => {
  const proxy = useProxy();
  const target = (): string => new URL(fake.url).host;

  it('sends the request through HTTP_PROXY (a CONNECT tunnel) and says so in the request event', async () => {
    const { result, events } = await call(fake.url, { proxyEnv: { HTTP_PROXY: proxy().url } });
    expect(result).toMatchObject({ accessKeyId: FAKE_CREDENTIALS.accessKeyId });
    expect(proxy().targets).toEqual([target()]);
    expect(events[0]).toMatchObject({ type: 'request', proxy: proxy().url });
  });

  it('prefers the lower-case variable, as curl and undici do', async () => {
    const { result } = await call(fake.url, { proxyEnv: { http_proxy: proxy().url, HTTP_PROXY: `http://127.0.0.1:${await deadPort()}` } });
    expect(result).toBeDefined();
    expect(proxy().targets).toHaveLength(1);
  });

  it.each([
    ['the host', '127.0.0.1'],
    ['the host and port', () => target()],
    ['a list with the host', 'example.com, .internal,127.0.0.1'],
    ['*', '*'],
  ])('NO_PROXY with %s bypasses the proxy', async (_label, noProxy) => {
    const value = typeof noProxy === 'function' ? noProxy() : noProxy;
    const { result } = await call(fake.url, { proxyEnv: { HTTP_PROXY: proxy().url, NO_PROXY: value } });
    expect(result).toBeDefined();
    expect(proxy().targets).toEqual([]);
  });

  it('NO_PROXY for another port, or another host, does not bypass it', async () => {
    const { result } = await call(fake.url, { proxyEnv: { HTTP_PROXY: proxy().url, NO_PROXY: '127.0.0.1:1,example.com' } });
    expect(result).toBeDefined();
    expect(proxy().targets).toHaveLength(1);
  });

  it('HTTPS_PROXY alone does not apply to an http:// endpoint', async () => {
    const { result } = await call(fake.url, { proxyEnv: { HTTPS_PROXY: `http://127.0.0.1:${await deadPort()}` } });
    expect(result).toBeDefined();
  });

  it('a proxy that is down is a typed transport error naming the proxy', async () => {
    const port = await deadPort();
    const { error } = await call(fake.url, { proxyEnv: { HTTP_PROXY: `http://127.0.0.1:${port}` } });
    expect(error).toBeInstanceOf(StsTransportError);
    expect(error!.message).toMatch(new RegExp(`through proxy http://127.0.0.1:${port}`));
  });

  it('proxy credentials are sent to the proxy but never shown', async () => {
    const url = new URL(proxy().url);
    url.username = 'proxyuser';
    url.password = 'proxy-pass-word';
    const { result, events } = await call(fake.url, { proxyEnv: { HTTP_PROXY: url.href } });
    expect(result).toBeDefined();
    expect(proxy().authorizations).toEqual([`Basic ${Buffer.from('proxyuser:proxy-pass-word').toString('base64')}`]);
    expect(JSON.stringify(events)).not.toContain('proxy-pass-word');
    expect(events[0]).toMatchObject({ proxy: `${proxy().url} (with credentials)` });
  });

  it('a malformed proxy URL is an input error that does not quote it', async () => {
    const { error } = await call(fake.url, { proxyEnv: { HTTP_PROXY: 'http://user:s3cr3t@[bad' } });
    expect(error?.name).toBe('StsValidationError');
    expect(error!.message).not.toContain('s3cr3t');
  });

  it('ignores the real process environment: only the map passed in counts', async () => {
    ensureBuilt();
    const script = `const { StsClient } = await import(${JSON.stringify(`${REPO}dist/index.js`)});
      const sts = new StsClient({ endpoint: process.argv[1], maxAttempts: 1, timeoutMs: 3000 });
      const r = await sts.assumeRole({ credentials: { accessKeyId: 'a', secretAccessKey: 'bbbbbbbb' } });
      await sts.close(); console.log(r.accessKeyId);`;
    // Asynchronously: the fake that must answer the child lives in this process.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, fake.url], {
      env: { PATH: process.env.PATH ?? '', HTTP_PROXY: proxy().url, http_proxy: proxy().url },
      encoding: 'utf8',
    });
    expect(stdout.trim()).toBe(FAKE_CREDENTIALS.accessKeyId);
    expect(proxy().targets).toEqual([]);
  });

  it('the CLI passes its environment: HTTP_PROXY is used, NO_PROXY bypasses it, --debug shows the proxy', async () => {
    const args = ['assume-role', '--endpoint', fake.url, '-u', 'rootuser', '--password-env', 'PW', '-o', 'json', '--retries', '0'];
    const through = await runMain([...args, '--debug'], { env: { ...PASSWORD_ENV, HTTP_PROXY: proxy().url } });
    expect(through.code).toBe(0);
    expect(proxy().targets).toEqual([target()]);
    expect(through.stderr).toContain(`via proxy ${proxy().url}`);

    proxy().targets.length = 0;
    const bypass = await runMain(args, { env: { ...PASSWORD_ENV, HTTP_PROXY: proxy().url, NO_PROXY: '127.0.0.1' } });
    expect(bypass.code).toBe(0);
    expect(proxy().targets).toEqual([]);
  });
});

describe('a proxy that refuses the tunnel', () => {
  const proxy = useProxy({ refuseWith: 407 });
  it('is a typed transport error with the proxy status, not retried as if the server were down', async () => {
    let backoffs = 0;
    const { error } = await call(fake.url, { proxyEnv: { HTTP_PROXY: proxy().url }, maxAttempts: 3, sleep: async () => void backoffs++ });
    expect(backoffs).toBe(0);
    expect(proxy().targets).toHaveLength(1);
    expect(error).toBeInstanceOf(StsTransportError);
    expect((error as StsTransportError).causeCode).toBe('PROXY_TUNNEL');
    expect(error!.message).toMatch(/the proxy refused to open a tunnel \(HTTP 407\)/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe.skipIf(missingOutsideCi(hasOpenssl(), 'openssl'))('TLS with a private CA', () => {
  const secure = useTlsFakeSts();
  const tlsFake = secure.fake;
  const proxy = useProxy();

  it('trusts the server with `ca`', async () => {
    expect(tlsFake.url).toMatch(/^https:/);
    const { result } = await call(tlsFake.url, { ca: secure.pki.ca.cert });
    expect(result).toMatchObject({ accessKeyId: FAKE_CREDENTIALS.accessKeyId });
  });

  it('without it, a typed transport error that names the problem, and no retry', async () => {
    const { error, events } = await call(tlsFake.url, { maxAttempts: 3, sleep: async () => undefined });
    expect(error).toBeInstanceOf(StsTransportError);
    // The test server sends its leaf without the chain: UNABLE_TO_VERIFY_LEAF_SIGNATURE.
    expect((error as StsTransportError).causeCode).toMatch(/^UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT_LOCALLY)$/);
    expect(error!.message).toMatch(/^AssumeRole failed: TLS certificate issued by an untrusted CA \(https:\/\/127\.0\.0\.1:\d+\)/);
    expect(events.filter((e) => e.type === 'request')).toHaveLength(1);
    expect(tlsFake.requests).toHaveLength(0);
  });

  it('trusting a different CA fails the same way', async () => {
    const { error } = await call(tlsFake.url, { ca: (await secure.pki.otherCa()).cert });
    expect((error as StsTransportError).causeCode).toMatch(/^UNABLE_TO_|^SELF_SIGNED/);
  });

  it('`insecure` skips verification', async () => {
    const { result } = await call(tlsFake.url, { insecure: true });
    expect(result).toBeDefined();
  });

  it('the CA also applies inside a proxy tunnel', async () => {
    const { result } = await call(tlsFake.url, { ca: secure.pki.ca.cert, proxyEnv: { HTTPS_PROXY: proxy().url } });
    expect(result).toBeDefined();
    expect(proxy().targets).toEqual([new URL(tlsFake.url).host]);
    const { error } = await call(tlsFake.url, { proxyEnv: { HTTPS_PROXY: proxy().url } });
    expect(error).toBeInstanceOf(StsTransportError);
  });

  describe('the CLI', () => {
    const args = (): string[] => ['assume-role', '--endpoint', tlsFake.url, '-u', 'rootuser', '--password-env', 'PW', '-o', 'json', '--retries', '0'];

    it('--ca-bundle <file> trusts the CA', async () => {
      const run = await runMain([...args(), '--ca-bundle', secure.pki.ca.certFile], { env: PASSWORD_ENV });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    });

    it('AWS_CA_BUNDLE does the same', async () => {
      const run = await runMain(args(), { env: { ...PASSWORD_ENV, AWS_CA_BUNDLE: secure.pki.ca.certFile } });
      expect(run.code).toBe(0);
    });

    it('without either: exit 1, one clear line with the fix', async () => {
      const run = await runMain(args(), { env: PASSWORD_ENV });
      expectCleanFailure(run, /^sts-creds: AssumeRole failed: TLS certificate issued by an untrusted CA .*\[UNABLE_TO_\w+\]; to trust a private CA use --ca-bundle <file> or AWS_CA_BUNDLE\n$/);
    });

    it('an unreadable or non-PEM bundle is a usage error (exit 2)', async () => {
      expectCleanFailure(await runMain([...args(), '--ca-bundle', '/nonexistent/ca.pem'], { env: PASSWORD_ENV }), /cannot read CA bundle "\/nonexistent\/ca.pem": ENOENT/, 2);
      expectCleanFailure(await runMain([...args(), '--ca-bundle', `${REPO}package.json`], { env: PASSWORD_ENV }), /holds no PEM certificate/, 2);
    });

    it('--insecure works, with one loud warning', async () => {
      const run = await runMain([...args(), '--insecure'], { env: PASSWORD_ENV });
      expect(run.code).toBe(0);
      const warnings = run.stderr.split('\n').filter(Boolean);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^sts-creds: warning: --insecure: TLS certificates are NOT verified\. .*--ca-bundle/);
    });

    it('no --insecure warning unless asked', async () => {
      const run = await runMain([...args(), '--ca-bundle', secure.pki.ca.certFile], { env: PASSWORD_ENV });
      expect(run.stderr).not.toMatch(/insecure/);
    });
  });
});
