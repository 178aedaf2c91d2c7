/**
 * What a user types or a server sends never comes back raw: a password in an endpoint URL, terminal control
 * sequences in a `-b` listing (issue 11, findings 1, 2 and 6).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { assumeRoleSuccessBody, useFakeSts, xmlEscape } from '../helpers/fake-sts.js';

describe('doctor never prints the password of an endpoint URL', () => {
  it.each([
    ['--endpoint', (url: string) => ({ args: ['doctor', '--endpoint', url], env: {} })],
    ['AWS_ENDPOINT_URL', (url: string) => ({ args: ['doctor'], env: { AWS_ENDPOINT_URL: url } })],
    ['AWS_ENDPOINT_URL_STS', (url: string) => ({ args: ['doctor'], env: { AWS_ENDPOINT_URL_STS: url } })],
  ])('given through %s', async (_how, make) => {
    const { args, env } = make('http://user:hunter2pass@127.0.0.1:9/');
    const run = await runCli(args, { env, timeoutMs: 20_000 });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain('hunter2pass');
    expect(run.stdout).toContain('***@');
  });
});

describe('-b: the listing is bounded, and what S3 sends is shown escaped', () => {
  const fake = useFakeSts();
  const creds = assumeRoleSuccessBody({ expiration: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z') });
  const page = (keys: string[], next: string | undefined): string =>
    `<ListBucketResult><Name>b</Name>${keys
      .map((k) => `<Contents><Key>${xmlEscape(k)}</Key><Size>1</Size><LastModified>2026-01-01T00:00:00.000Z</LastModified></Contents>`)
      .join('')}<IsTruncated>${next === undefined ? 'false' : 'true'}</IsTruncated>${next === undefined ? '' : `<NextContinuationToken>${next}</NextContinuationToken>`}</ListBucketResult>`;
  /** STS answers with credentials; S3 GETs get `s3(n)` for the n-th listing request. */
  function serve(s3: (n: number) => { status: number; body: string }): void {
    let listings = 0;
    fake.always({
      kind: 'custom',
      handle: (req, res) => {
        const answer = req.method === 'GET' ? s3(++listings) : { status: 200, body: creds };
        res.writeHead(answer.status, { 'content-type': 'application/xml' }).end(answer.body);
      },
    });
  }
  const listing = (...extra: string[]) => runCli(['assume-role', '--endpoint', fake.url, '-u', 'foobar', '--password-env', 'PW', '-b', 'bucket', ...extra], { env: { PW: 'foo12345' } });

  it('a server that always says "truncated" is asked for at most 100 pages, and the output says the listing was cut', async () => {
    serve((n) => ({ status: 200, body: page([`k${n}`], `token-${n}`) }));
    const run = await listing();
    expect(run.code).toBe(0);
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(100);
    expect(run.stdout).toContain('(listing stopped after 100 pages)');
  });

  it('a continuation token that does not change stops the listing at once', async () => {
    serve(() => ({ status: 200, body: page(['same'], 'stuck') }));
    const run = await listing('-o', 'json');
    expect(run.code).toBe(0);
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ObjectsCut: 'listing stopped: the server repeated a continuation token' });
  });

  it('control sequences in keys and in an S3 error message are escaped; an S3 refusal is not called an STS error', async () => {
    serve(() => ({ status: 200, body: page(['evil\u001b]52;c;cHduZWQ=\u0007key', 'bell\u0007'], undefined) }));
    const ok = await listing();
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(ok.stdout).toContain('Key: evil\\x1b]52;c;cHduZWQ=\\x07key');

    serve(() => ({ status: 403, body: '<Error><Code>AccessDenied</Code><Message>no \u001b[2J way</Message><RequestId>R1</RequestId></Error>' }));
    const denied = await listing();
    expect(denied.code).toBe(1);
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toMatch(/^sts-creds: ListObjectsV2 on bucket failed: AccessDenied \(HTTP 403\): no \\x1b\[2J way/);
    expect(denied.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe('credentials that are already expired are an error, not output', () => {
  const fake = useFakeSts();
  it.each([
    ['judged by the server’s Date', { date: new Date().toUTCString() }, new Date(Date.now() - 60_000)],
    ['judged by the local clock when the server sends no Date', {}, new Date(Date.now() - 60_000)],
  ])('%s: exit 1, nothing on stdout', async (_what, headers, expiration) => {
    const body = assumeRoleSuccessBody({ expiration: expiration.toISOString().replace(/\.\d+Z$/, 'Z') });
    fake.always({
      kind: 'custom',
      handle: (_req, res) => {
        res.sendDate = 'date' in headers;
        res.writeHead(200, { 'content-type': 'application/xml', ...headers }).end(body);
      },
    });
    const run = await runCli(['assume-role', '--endpoint', fake.url, '-u', 'foobar', '--password-env', 'PW', '-o', 'json'], { env: { PW: 'foo12345' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/expired at/);
  });
});
