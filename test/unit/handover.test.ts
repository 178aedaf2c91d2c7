/**
 * The hand-over's parts, tested alone: which variables `env`/`exec` set (and never `AWS_ENDPOINT_URL`
 * for AWS's own hosts), where `exec`'s command begins, how `exec` forwards signals to its command,
 * the loopback credential server's contract, and what `exec --server` serves around a refresh.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { containerCredentialsBody, startCredentialServer } from '../../src/cli/credential-server.js';
import { ARGV_GRAMMAR, METHOD_NAMES } from '../../src/cli/argv-grammar.js';
import { splitExecArgs } from '../../src/cli/exec-argv.js';
import { runCommand } from '../../src/cli/exec.js';
import type { CliIo } from '../../src/cli/io.js';
import { freshCredentials } from '../../src/cli/fresh-credentials.js';
import { destinationVariables, endpointVariable, handoverNames, handoverVariables, isAwsHost } from '../../src/format/handover-vars.js';
import { UnrepresentableValueError } from '../../src/format/shell-posix.js';
import type { RefreshingCredentialProvider } from '../../src/providers/refreshing-provider.js';
import type { TemporaryCredentials } from '../../src/types.js';

const CREDS: TemporaryCredentials = {
  accessKeyId: 'AKID',
  secretAccessKey: 'SECRET',
  sessionToken: 'TOKEN',
  expiration: new Date('2030-01-01T00:00:00Z'),
};

describe('destination variables', () => {
  it.each([
    ['https://sts.amazonaws.com', true],
    ['https://sts.eu-west-1.amazonaws.com', true],
    ['https://sts-fips.us-east-1.amazonaws.com.', true],
    ['https://sts.cn-north-1.amazonaws.com.cn', true],
    ['https://sts.us-east-1.api.aws', true],
    ['http://127.0.0.1:9000', false],
    ['https://minio.example.com', false],
    ['https://amazonaws.com.example.org', false],
    ['https://notamazonaws.com', false],
  ])('isAwsHost(%s) is %s', (url, aws) => {
    expect(isAwsHost(new URL(url))).toBe(aws);
  });

  it('exports the endpoint without user-info or a bare trailing slash, but keeps a path', () => {
    expect(endpointVariable(new URL('http://user:pw@127.0.0.1:9000/'))).toBe('http://127.0.0.1:9000');
    expect(endpointVariable(new URL('https://proxy.example.com/minio/'))).toBe('https://proxy.example.com/minio');
  });

  it('sets the endpoint and both region variables; no endpoint for AWS or when turned off', () => {
    expect(destinationVariables({ endpoint: new URL('http://127.0.0.1:9000'), region: 'eu-1' })).toEqual([
      ['AWS_ENDPOINT_URL', 'http://127.0.0.1:9000'],
      ['AWS_REGION', 'eu-1'],
      ['AWS_DEFAULT_REGION', 'eu-1'],
    ]);
    expect(destinationVariables({ endpoint: new URL('https://sts.amazonaws.com'), region: 'us-east-1' }).map(([n]) => n)).toEqual(['AWS_REGION', 'AWS_DEFAULT_REGION']);
    expect(destinationVariables({ endpoint: undefined, region: 'us-east-1' }).map(([n]) => n)).toEqual(['AWS_REGION', 'AWS_DEFAULT_REGION']);
  });

  it('adds MC_HOST_<alias> with the endpoint even when AWS_ENDPOINT_URL is off, and unsets what it sets', () => {
    const endpoint = new URL('http://127.0.0.1:9000');
    const vars = handoverVariables(CREDS, { endpoint: undefined, region: 'r', mcAlias: 'play' }, endpoint);
    expect(vars.map(([n]) => n)).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_CREDENTIAL_EXPIRATION',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'MC_HOST_play',
    ]);
    expect(vars.at(-1)).toEqual(['MC_HOST_play', 'http://AKID:SECRET:TOKEN@127.0.0.1:9000']);
    expect(handoverNames('play')).toEqual([...vars.slice(0, 4).map(([n]) => n), 'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'MC_HOST_play']);
    expect(() => handoverNames('a-b')).toThrow(UnrepresentableValueError);
  });
});

describe('splitExecArgs', () => {
  const methods = METHOD_NAMES;
  it.each([
    [['aws', 's3', 'ls', '--help'], [], ['aws', 's3', 'ls', '--help']],
    [['-u', 'u', '--endpoint', 'http://e', 'sh', '-V'], ['-u', 'u', '--endpoint', 'http://e'], ['sh', '-V']],
    [['--endpoint=http://e', '-uu', 'sh'], ['--endpoint=http://e', '-uu'], ['sh']],
    [['-du', 'ldap', 'sh'], ['-du', 'ldap'], ['sh']], // -u's value is `ldap`, not a method
    [['ldap', '-u', 'a', 'ldap'], ['ldap', '-u', 'a'], ['ldap']],
    [['--cache', '--', '--debug'], ['--cache'], ['--debug']],
    [['-u', 'a', 'sh', '--', 'x'], ['-u', 'a'], ['sh', '--', 'x']],
    [['-u', 'a'], ['-u', 'a'], []],
    [['-e'], ['-e'], []], // a missing value is commander's to report
  ])('%j → own %j, command %j', (args, own, command) => {
    expect(splitExecArgs(args, ARGV_GRAMMAR, methods)).toEqual({ own, command });
  });
});

describe('the credential server', () => {
  it('answers the container-credentials JSON to the token alone, on 127.0.0.1', async () => {
    const errors: unknown[] = [];
    const server = await startCredentialServer({ credentials: async () => CREDS, onError: (e) => errors.push(e) });
    try {
      const url = new URL(server.url);
      expect(url.hostname).toBe('127.0.0.1');
      expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const ask = (init: RequestInit = {}, path = '/'): Promise<Response> => fetch(new URL(path, url), init);
      expect((await ask()).status).toBe(401);
      expect((await ask({ headers: { authorization: `${server.token}x` } })).status).toBe(403);
      expect((await ask({ headers: { authorization: `Bearer ${server.token}` } })).status).toBe(403);
      expect((await ask({ headers: { authorization: server.token } }, '/other')).status).toBe(404);
      expect((await ask({ method: 'POST', headers: { authorization: server.token } })).status).toBe(405);
      const ok = await ask({ headers: { authorization: server.token } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('cache-control')).toBe('no-store');
      expect(await ok.json()).toEqual({ AccessKeyId: 'AKID', SecretAccessKey: 'SECRET', Token: 'TOKEN', Expiration: '2030-01-01T00:00:00Z' });
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('answers 500 without detail when getting credentials fails, and reports the error', async () => {
    const errors: unknown[] = [];
    const server = await startCredentialServer({
      credentials: () => Promise.reject(new Error('STS said no: SECRET')),
      onError: (e) => errors.push(e),
    });
    try {
      const res = await fetch(server.url, { headers: { authorization: server.token } });
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain('SECRET');
      expect(errors).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('containerCredentialsBody has the four fields the SDKs require', () => {
    expect(Object.keys(containerCredentialsBody(CREDS))).toEqual(['AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
  });
});

describe('freshCredentials', () => {
  /** A provider whose n-th credentials expire at `expiries[n]` (ms); records force-refreshes. */
  function fakeProvider(expiries: number[]): RefreshingCredentialProvider & { forced: number } {
    let n = 0;
    const current = (): TemporaryCredentials => ({ ...CREDS, accessKeyId: `K${n}`, expiration: new Date(expiries[n]!) });
    const provider = Object.assign(async () => current(), {
      forced: 0,
      forceRefresh: async () => {
        provider.forced++;
        n++;
        return current();
      },
      close: async () => undefined,
    });
    return provider;
  }

  it('serves the renewal moment as the expiration, and renews once it has come', async () => {
    let now = 0;
    const provider = fakeProvider([1000_000, 2000_000]);
    const serve = freshCredentials(provider, 300_000, () => now);
    expect(await serve()).toMatchObject({ accessKeyId: 'K0', expiration: new Date(700_000) });
    now = 699_999;
    expect((await serve()).accessKeyId).toBe('K0');
    now = 700_000;
    expect(await serve()).toMatchObject({ accessKeyId: 'K1', expiration: new Date(1700_000) });
    expect(provider.forced).toBe(1);
  });

  it('serves new credentials that are due at once with their real expiry', async () => {
    const provider = fakeProvider([100, 200_000]);
    const serve = freshCredentials(provider, 300_000, () => 1000);
    expect(await serve()).toMatchObject({ accessKeyId: 'K1', expiration: new Date(200_000) });
  });
});

describe('runCommand and signals', () => {
  /** A CliIo whose signal subscriptions the test can see and fire; `fail` makes subscribing throw. */
  function signalIo(fail = false): { io: CliIo; handlers: Map<NodeJS.Signals, () => void> } {
    const handlers = new Map<NodeJS.Signals, () => void>();
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: { write: () => true },
      stdin: Readable.from([]),
      env: {},
      now: () => new Date(),
      onSignal: (signal, handler) => {
        if (fail) throw new Error('no signal handlers here');
        handlers.set(signal, handler);
        return () => handlers.delete(signal);
      },
    };
    return { io, handlers };
  }

  async function waitFor(path: string): Promise<void> {
    for (let waited = 0; !existsSync(path); waited += 20) {
      if (waited > 20_000) throw new Error(`${path} did not appear`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('subscribes to the signals before the command starts: when it cannot, the command never runs', async () => {
    // Were the handlers installed after spawn(), a signal arriving in between would kill sts-creds
    // and orphan the command (seen on loaded CI machines). Here a failing subscription must leave
    // nothing started.
    const dir = mkdtempSync(join(tmpdir(), 'sts-creds-run-'));
    try {
      const { io } = signalIo(true);
      await expect(runCommand(['sh', '-c', `: > '${join(dir, 'ran')}'`], { PATH: process.env.PATH ?? '' }, io)).rejects.toThrow('no signal handlers here');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(existsSync(join(dir, 'ran'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('forwards SIGTERM, SIGINT and SIGHUP to the command, and unsubscribes when it ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sts-creds-run-'));
    try {
      const { io, handlers } = signalIo();
      const ready = join(dir, 'ready');
      const finished = runCommand(['sh', '-c', `trap 'exit 7' TERM; : > '${ready}'; while :; do sleep 0.05; done`], { PATH: process.env.PATH ?? '' }, io);
      expect([...handlers.keys()].sort()).toEqual(['SIGHUP', 'SIGINT', 'SIGTERM']);
      await waitFor(ready);
      handlers.get('SIGTERM')?.();
      expect(await finished).toBe(7);
      expect(handlers.size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
