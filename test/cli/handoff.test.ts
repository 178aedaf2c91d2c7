/**
 * The hand-over of `env` and `exec` (issue 12), against the in-process fake STS: `env` and usage errors
 * run in-process; `exec` spawns the built bin where the test reads what its command printed:
 * the destination variables in every shell dialect, `--unset`, `--no-export-endpoint`, `--mc-alias`;
 * `exec` running exactly what it is given (its `--help`, `-V`, `--debug`), the user's shell when
 * given nothing, and refusing to nest; `exec --server`'s loopback endpoint; `-b` only where a listing
 * shows; and the `eval` form that fails when sts-creds fails, in bash, dash, zsh and fish.
 */
import { createServer } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SHELLS } from '../../src/format/render-shell.js';
import { FAKE_CREDENTIALS, assumeRoleSuccessBody, useFakeSts } from '../helpers/fake-sts.js';
import { BIN, cliEnv, expectCleanFailure, makeHome, runCli, runMain, runProgram } from '../helpers/cli.js';
import { findProgram, requireProgram } from '../consumers/harness.js';

const fake = useFakeSts();
const PW = 'pw-0123456789';
const ENV = { PW };
const flags = (): string[] => ['-u', 'foobar', '--password-env', 'PW', '--endpoint', fake.url];
const HANDOVER = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_DEFAULT_REGION'];

/** Makes the fake answer credentials that live another hour (the default answer's have expired). */
function answerFresh(): string {
  const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  fake.always({ kind: 'reply', status: 200, headers: { 'content-type': 'application/xml' }, body: assumeRoleSuccessBody({ expiration }) });
  return expiration;
}

/** `NAME=value` lines of an `env` listing, as a map. */
function envLines(text: string): Map<string, string> {
  return new Map(text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('env hands over the destination', () => {
  it('sets the endpoint, the region and the expiration besides the keys, read back by sh', async () => {
    const sh = findProgram('sh')!;
    const home = makeHome();
    const script = `creds=$("$NODE" "$BIN" env -u foobar --password-env PW --endpoint "$EP") && eval "$creds" && env`;
    const run = await runProgram(sh, ['-c', script], { env: cliEnv(home, { NODE: process.execPath, BIN, EP: fake.url, PW }), newSession: true });
    expect(run.code, run.stderr).toBe(0);
    const vars = envLines(run.stdout);
    expect(vars.get('AWS_ACCESS_KEY_ID')).toBe(FAKE_CREDENTIALS.accessKeyId);
    expect(vars.get('AWS_ENDPOINT_URL')).toBe(fake.url);
    expect(vars.get('AWS_REGION')).toBe('us-east-1');
    expect(vars.get('AWS_DEFAULT_REGION')).toBe('us-east-1');
    expect(vars.get('AWS_CREDENTIAL_EXPIRATION')).toBe(FAKE_CREDENTIALS.expiration);
  });

  it.each(SHELLS)('--shell %s sets all seven variables, and --unset removes all seven (and MC_HOST_<alias>)', async (shell) => {
    const set = await runMain(['env', ...flags(), '--shell', shell, '--region', 'eu-west-3'], { env: ENV });
    expect(set.code, set.stderr).toBe(0);
    for (const name of HANDOVER) expect(set.stdout, name).toContain(name);
    expect(set.stdout).toContain('eu-west-3');
    const unset = await runMain(['env', '--unset', '--shell', shell, '--mc-alias', 'play']);
    expect(unset.code, unset.stderr).toBe(0);
    for (const name of [...HANDOVER, 'MC_HOST_play']) expect(unset.stdout, name).toContain(name);
  });

  it('--no-export-endpoint leaves AWS_ENDPOINT_URL out; --region sets both region variables', async () => {
    const run = await runMain(['env', ...flags(), '--no-export-endpoint', '--region', 'eu-west-3'], { env: ENV });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('AWS_ENDPOINT_URL');
    expect(run.stdout).toContain("export AWS_REGION='eu-west-3';\nexport AWS_DEFAULT_REGION='eu-west-3';\n");
  });

  it("--mc-alias sets MC_HOST_<alias> in mc's URL form with the temporary keys", async () => {
    const run = await runMain(['env', ...flags(), '--mc-alias', 'play'], { env: ENV });
    expect(run.code, run.stderr).toBe(0);
    const { accessKeyId, secretAccessKey, sessionToken } = FAKE_CREDENTIALS;
    expect(run.stdout).toContain(`export MC_HOST_play='http://${accessKeyId}:${secretAccessKey}:${sessionToken}@${new URL(fake.url).host}';\n`);
  });

  it('refuses an --mc-alias that cannot be part of a variable name, before any request', async () => {
    const run = await runMain(['env', ...flags(), '--mc-alias', 'my-alias'], { env: ENV });
    expectCleanFailure(run, /invalid --mc-alias/, 2);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('-b only where the output shows a listing', () => {
  it.each(['env', 'credential-process', 'dotenv', 'ini', 'mc'])('-o %s -b is a usage error, before any request', async (format) => {
    const run = await runMain(['assume-role', ...flags(), '-o', format, '-b', 'bucket'], { env: ENV });
    expectCleanFailure(run, /-b\/--bucket .* no place for a listing/, 2);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('exec runs what it is given', () => {
  it.each([
    ['with --', ['--']],
    ['without --', []],
  ])('the command’s --help, -V and --debug reach it (%s)', async (_label, separator) => {
    const run = await runCli(['exec', ...flags(), ...separator, 'sh', '-c', 'printf "%s\\n" "$@"', 'sh', '--help', '-V', '--debug'], { env: ENV });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('--help\n-V\n--debug\n');
  });

  it('gives the command the seven variables and the session marker, and keeps the password variable from it', async () => {
    const run = await runCli(['exec', ...flags(), '--mc-alias', 'play', '--', 'env'], { env: ENV });
    expect(run.code, run.stderr).toBe(0);
    const vars = envLines(run.stdout);
    for (const name of [...HANDOVER, 'MC_HOST_play']) expect(vars.has(name), name).toBe(true);
    expect(vars.get('AWS_ENDPOINT_URL')).toBe(fake.url);
    expect(vars.get('STS_CREDS_EXEC')).toBe('1');
    expect(vars.get('STS_CREDS_EXEC_ENDPOINT')).toBe(fake.url);
    expect(vars.has('PW')).toBe(false);
  });

  it('with no command starts $SHELL with the credentials', async () => {
    const sh = findProgram('sh')!;
    const run = await runCli(['exec', ...flags()], { env: { ...ENV, SHELL: sh }, stdin: 'echo "in $STS_CREDS_EXEC $AWS_ACCESS_KEY_ID $AWS_REGION"\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`in 1 ${FAKE_CREDENTIALS.accessKeyId} us-east-1\n`);
  });

  it('a nested exec says so and exits 2 without a request or running anything', async () => {
    const run = await runCli(['exec', ...flags(), '--', 'sh', '-c', 'echo ran'], { env: { ...ENV, STS_CREDS_EXEC: '1', STS_CREDS_EXEC_ENDPOINT: 'http://outer:9000' } });
    expectCleanFailure(run, /already inside an sts-creds exec session \(endpoint http:\/\/outer:9000\)/, 2);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('exec --server', () => {
  /** A node script, run as the command: checks the endpoint is loopback, then asks it with no, a wrong and the right token. */
  const CONSUMER = `
    const url = new URL(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
    const ask = async (auth) => { const r = await fetch(url, auth === undefined ? {} : { headers: { authorization: auth } }); return [r.status, await r.text()]; };
    (async () => {
      const out = { host: url.hostname, keys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'].filter((n) => n in process.env) };
      out.none = await ask(undefined);
      out.wrong = await ask('x' + process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN);
      out.right = await ask(process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN);
      out.endpoint = process.env.AWS_ENDPOINT_URL;
      out.region = process.env.AWS_REGION;
      console.log(JSON.stringify(out));
    })();`;

  it('serves the credentials on loopback to the token alone, with no static keys in the environment, and stops with the command', async () => {
    const expiration = answerFresh();
    const run = await runCli(['exec', ...flags(), '--server', '--', process.execPath, '-e', CONSUMER], { env: ENV });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out.host).toBe('127.0.0.1');
    expect(isIP(out.host as string)).toBe(4);
    expect(out.keys).toEqual([]);
    expect((out.none as [number])[0]).toBe(401);
    expect((out.wrong as [number, string])[0]).toBe(403);
    expect((out.wrong as [number, string])[1]).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
    const [status, body] = out.right as [number, string];
    expect(status).toBe(200);
    const served = JSON.parse(body) as Record<string, string>;
    expect(served).toMatchObject({ AccessKeyId: FAKE_CREDENTIALS.accessKeyId, SecretAccessKey: FAKE_CREDENTIALS.secretAccessKey, Token: FAKE_CREDENTIALS.sessionToken });
    // Served as due 5 minutes (--refresh-before's default) before the real expiry.
    expect(Date.parse(served.Expiration!)).toBe(Date.parse(expiration) - 300_000);
    expect(out.endpoint).toBe(fake.url);
    expect(out.region).toBe('us-east-1');
  });

  it('the endpoint is gone once the command has ended', async () => {
    answerFresh();
    const run = await runCli(['exec', ...flags(), '--server', '--', 'sh', '-c', 'echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI"'], { env: ENV });
    expect(run.code, run.stderr).toBe(0);
    const url = run.stdout.trim();
    expect(new URL(url).hostname).toBe('127.0.0.1');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('renews the credentials once less than --refresh-before is left, on a clock the test moves', async () => {
    // Each answer lives 1000 s; with --refresh-before 998s every answer is due 2 s after it came.
    fake.always({
      kind: 'custom',
      handle: (_req, res) => {
        const n = fake.requests.length;
        const expiration = new Date(Date.now() + 1000_000).toISOString();
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(assumeRoleSuccessBody({ expiration, accessKeyId: `AKIDFAKE${String(n).padStart(12, '0')}` }));
      },
    });
    // The command reports each key it was served to this server; the second report moves the CLI's
    // clock 3 s on, past the moment the credentials are due. No waiting: the clock is the test's.
    let offsetMs = 0;
    const reported: string[] = [];
    const control = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        reported.push(body);
        if (reported.length === 2) offsetMs += 3_000;
        res.end();
      });
    });
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    // node:http rather than fetch: the command starts faster without undici.
    const script = `
      const http = require('node:http');
      const call = (url, options, body) => new Promise((resolve, reject) => {
        const req = http.request(url, { agent: false, ...options }, (res) => { let text = ''; res.on('data', (c) => (text += c)); res.on('end', () => resolve(text)); });
        req.on('error', reject);
        req.end(body);
      });
      const get = async () => JSON.parse(await call(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, { headers: { authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN } })).AccessKeyId;
      (async () => { for (let i = 0; i < 3; i++) await call(process.env.REPORT_URL, { method: 'POST' }, await get()); })().catch((e) => { console.error(e); process.exit(1); });`;
    try {
      const { port } = control.address() as AddressInfo;
      const run = await runMain(['exec', ...flags(), '--server', '--refresh-before', '998s', '--', process.execPath, '-e', script], {
        env: { ...ENV, REPORT_URL: `http://127.0.0.1:${port}/` },
        now: () => new Date(Date.now() + offsetMs),
      });
      expect(run.code, run.stderr).toBe(0);
    } finally {
      control.close();
    }
    // The same key until the clock passes the renewal point, then a new one from a second request.
    expect(reported).toEqual(['AKIDFAKE000000000001', 'AKIDFAKE000000000001', 'AKIDFAKE000000000002']);
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    ['--refresh-before without --server', ['--refresh-before', '1m'], /--refresh-before is for exec --server/],
    ['--mc-alias with --server', ['--server', '--mc-alias', 'x'], /--mc-alias hands mc static keys/],
    ['--serial-number with --server', ['--server', '--serial-number', 'arn:mfa'], /cannot refresh with an MFA code/],
  ])('%s is a usage error, before any request', async (_label, extra, pattern) => {
    const run = await runMain(['exec', ...flags(), ...extra, '--', 'true'], { env: ENV });
    expectCleanFailure(run, pattern, 2);
    expect(fake.requests).toHaveLength(0);
  });

  it('a --refresh-before not shorter than the lifetime is a usage error, and the command never runs', async () => {
    answerFresh();
    const run = await runMain(['exec', ...flags(), '--server', '--refresh-before', '2h', '--', 'sh', '-c', 'echo ran'], { env: ENV });
    expectCleanFailure(run, /--refresh-before \(7200s\) must be shorter than the credentials' lifetime/, 2);
  });
});

describe('eval: the documented form fails when sts-creds fails', () => {
  const POSIX = (ep: string): string => `creds=$("$NODE" "$BIN" env -u foobar --password-env PW --endpoint "${ep}") && eval "$creds"`;
  const FISH = (ep: string): string => `set creds ("$NODE" "$BIN" env --shell fish -u foobar --password-env PW --endpoint "${ep}"); and eval (string join \\n -- $creds)`;
  const shells = [
    { name: 'bash', args: ['--norc', '--noprofile', '-c'], form: POSIX, status: 'echo "status=$?"', show: 'echo "key=$AWS_ACCESS_KEY_ID ep=$AWS_ENDPOINT_URL"' },
    { name: 'dash', args: ['-c'], form: POSIX, status: 'echo "status=$?"', show: 'echo "key=$AWS_ACCESS_KEY_ID ep=$AWS_ENDPOINT_URL"' },
    { name: 'zsh', args: ['-f', '-c'], form: POSIX, status: 'echo "status=$?"', show: 'echo "key=$AWS_ACCESS_KEY_ID ep=$AWS_ENDPOINT_URL"' },
    { name: 'fish', args: ['--no-config', '-c'], form: FISH, status: 'echo "status=$status"', show: 'echo "key=$AWS_ACCESS_KEY_ID ep=$AWS_ENDPOINT_URL"' },
  ];

  it.for(shells)('$name: fails on an unreachable endpoint, sets the variables on success', async ({ name, args, form, status, show }, ctx) => {
    const shell = requireProgram(ctx, name, findProgram(name));
    const env = cliEnv(makeHome(), { NODE: process.execPath, BIN, PW });
    const failing = await runProgram(shell, [...args, `${form('http://127.0.0.1:1')}\n${status}\n${show}`], { env, newSession: true });
    expect(failing.stdout).toMatch(/^status=[1-9]\d*\nkey= ep=\n$/);
    const working = await runProgram(shell, [...args, `${form(fake.url)}\n${status}\n${show}`], { env, newSession: true });
    expect(working.stdout).toBe(`status=0\nkey=${FAKE_CREDENTIALS.accessKeyId} ep=${fake.url}\n`);
  });
});
