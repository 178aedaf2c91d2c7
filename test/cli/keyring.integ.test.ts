/**
 * `sts-creds keyring add|list|remove` and `--keyring NAME`, run as the built bin against a REAL Secret
 * Service (gnome-keyring-daemon on a private D-Bus bus, test/helpers/secret-service.ts) and the in-process
 * fake STS: what is stored is what `secret-tool` (libsecret, a consumer nobody here wrote) finds, what
 * reaches the STS server is the stored secret, no secret is ever printed, and every keyring failure
 * (no bus, no Secret Service, a locked keyring, a frozen daemon, a missing entry) is one line, exit 2.
 * The same against the real MinIO: test/integration/keyring.integ.test.ts.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, expectCleanFailure, runCli, runProgram, type CliResult } from '../helpers/cli.js';
import { FAKE_CREDENTIALS, expectedSigV4Authorization, useFakeSts } from '../helpers/fake-sts.js';
import { useSecretService, type PrivateBus } from '../helpers/secret-service.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const fake = useFakeSts();
const makeTempDir = useTempDirs('keyring');
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const XML = { 'content-type': 'application/xml', 'x-amz-request-id': FAKE_CREDENTIALS.requestId };

const SECRET_KEY = 'kr-secret-Z7hSjluf6gEbb9066hnx315wHT';
const LDAP_PASSWORD = 'kr-ldap-pw&"1';
const TOKEN = 'eyJhbGciOiJub25lIn0.kr-token-payload.sig';

/** The secret-tool (libsecret) lookup of an entry: service `sts-creds`, the entry name as `username`. */
async function secretTool(bus: PrivateBus, ...args: string[]): Promise<CliResult> {
  return runProgram('secret-tool', args, { env: cliEnv(makeTempDir(), bus.env) });
}

/** Nothing printed holds any of the test secrets. */
function expectNoSecret(run: CliResult): void {
  for (const secret of [SECRET_KEY, LDAP_PASSWORD, TOKEN]) expect(run.stdout + run.stderr).not.toContain(secret);
}

describe('keyring with a running Secret Service', () => {
  const secrets = useSecretService();
  const kr = (args: string[], stdin?: string): Promise<CliResult> =>
    runCli(args, { env: secrets().env, ...(stdin === undefined ? {} : { stdin }) });

  it('add stores access keys where secret-tool finds them, and prints no secret', async () => {
    const run = await kr(['keyring', 'add', 'minio', '--access-key', 'AKIDKEYRING1', '--secret-key-stdin'], `${SECRET_KEY}\n`);
    expect(run).toMatchObject({ code: 0, stderr: '', stdout: "stored access keys for AKIDKEYRING1 as keyring entry 'minio'\n" });
    expectNoSecret(run);
    const lookup = await secretTool(secrets(), 'lookup', 'service', 'sts-creds', 'username', 'minio');
    expect(lookup.code).toBe(0);
    expect(JSON.parse(lookup.stdout)).toEqual({ kind: 'keys', id: 'AKIDKEYRING1', secret: SECRET_KEY });
    const search = await secretTool(secrets(), 'search', '--all', 'service', 'sts-creds');
    expect(search.stdout + search.stderr).toMatch(/attribute\.username = minio/);
  });

  it('add --kind password and --kind token; list shows names, kinds and ids, never a secret', async () => {
    expect(await kr(['keyring', 'add', 'corp', '--kind', 'password', '-u', 'alice', '--secret-key-stdin'], LDAP_PASSWORD)).toMatchObject({ code: 0 });
    expect(await kr(['keyring', 'add', 'idp', '--kind', 'token', '--secret-key-stdin'], `  ${TOKEN}\n`)).toMatchObject({ code: 0 });
    const list = await kr(['keyring', 'list']);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout).toBe('corp\tpassword\talice\nidp\ttoken\t-\nminio\tkeys\tAKIDKEYRING1\n');
    expectNoSecret(list);
    const token = await secretTool(secrets(), 'lookup', 'service', 'sts-creds', 'username', 'idp');
    expect(JSON.parse(token.stdout)).toEqual({ kind: 'token', secret: TOKEN });
  });

  it('assume-role --keyring signs with the stored access key and secret key', async () => {
    const run = await kr(['assume-role', '--keyring', 'minio', '--endpoint', fake.url, '-o', 'json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout).AccessKeyId).toBe(FAKE_CREDENTIALS.accessKeyId);
    const sent = fake.onlyRequest();
    expect(sent.headers.authorization).toContain('Credential=AKIDKEYRING1/');
    expect(sent.headers.authorization).toBe(expectedSigV4Authorization(sent, SECRET_KEY));
    expectNoSecret(run);
  });

  it('exec --keyring gives the child temporary credentials, not the stored secret', async () => {
    const run = await kr(['exec', '--keyring', 'minio', '--endpoint', fake.url, '--', 'sh', '-c', 'env']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`AWS_ACCESS_KEY_ID=${FAKE_CREDENTIALS.accessKeyId}\n`);
    expectNoSecret(run);
  });

  it('ldap --keyring logs in as the stored user with the stored password', async () => {
    fake.reply(200, fixture('minio-ldap.xml'), XML);
    const run = await kr(['ldap', '--keyring', 'corp', '--endpoint', fake.url, '-o', 'json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const sent = new URLSearchParams(fake.onlyRequest().body);
    expect(sent.get('LDAPUsername')).toBe('alice');
    expect(sent.get('LDAPPassword')).toBe(LDAP_PASSWORD);
    expectNoSecret(run);
  });

  it('ldap --keyring NAME -u bob logs in as bob with the stored password (-u overrides the stored user, as docs/keyring.md says)', async () => {
    fake.reply(200, fixture('minio-ldap.xml'), XML);
    const run = await kr(['ldap', '--keyring', 'corp', '-u', 'bob', '--endpoint', fake.url, '-o', 'json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const sent = new URLSearchParams(fake.onlyRequest().body);
    expect(sent.get('LDAPUsername')).toBe('bob');
    expect(sent.get('LDAPPassword')).toBe(LDAP_PASSWORD);
  });

  it.each([
    ['custom-token', ['-r', 'arn:minio:iam:::role/idmp-x'], 'Token', 'minio-custom-token.xml'],
    ['web-identity', [], 'WebIdentityToken', 'minio-web-identity.xml'],
    ['client-grants', [], 'Token', 'minio-client-grants.xml'],
  ])('%s --keyring sends the stored token', async (method, extra, field, body) => {
    fake.reply(200, fixture(body), XML);
    const run = await kr([method, '--keyring', 'idp', ...extra, '--endpoint', fake.url, '-o', 'json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const sent = fake.onlyRequest();
    // custom-token sends its parameters in the query, the others in the form body.
    const params = method === 'custom-token' ? new URL(sent.url, fake.url).searchParams : new URLSearchParams(sent.body);
    expect(params.get(field)).toBe(TOKEN);
    expectNoSecret(run);
  });

  it('an entry that does not exist: one line naming it and how to add it, exit 2, no request', async () => {
    const run = await kr(['assume-role', '--keyring', 'nosuch', '--endpoint', fake.url]);
    expectCleanFailure(run, /^sts-creds: no keyring entry 'nosuch': add it with `sts-creds keyring add nosuch`$/m, 2);
    const token = await kr(['web-identity', '--keyring', 'nosuch', '--endpoint', fake.url]);
    expectCleanFailure(token, /no keyring entry 'nosuch': add it with `sts-creds keyring add nosuch --kind token`/, 2);
    expect(fake.requests).toHaveLength(0);
  });

  it('an entry of another kind is refused, exit 2', async () => {
    const run = await kr(['assume-role', '--keyring', 'idp', '--endpoint', fake.url]);
    expectCleanFailure(run, /keyring entry 'idp' holds a token, not access keys/, 2);
    expect(fake.requests).toHaveLength(0);
  });

  it('a profile uses the keyring: sts_creds_keyring = NAME, and (as aws-vault does) an entry named like a keyless profile', async () => {
    const dir = makeTempDir();
    const config = join(dir, 'config');
    writeFileSync(
      config,
      `[profile named]\nendpoint_url = ${fake.url}\nsts_creds_keyring = minio\n\n[profile minio]\nendpoint_url = ${fake.url}\n\n[profile nokeys]\nendpoint_url = ${fake.url}\n`,
      { mode: 0o600 },
    );
    writeFileSync(join(dir, 'credentials'), '', { mode: 0o600 });
    const env = { ...secrets().env, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
    for (const profile of ['named', 'minio']) {
      fake.requests.length = 0;
      const run = await runCli(['assume-role', '--profile', profile, '-o', 'json'], { env });
      expect(run.code, run.stderr).toBe(0);
      expectNoSecret(run);
      const sent = fake.onlyRequest();
      expect(sent.headers.authorization).toContain('Credential=AKIDKEYRING1/');
      expect(sent.headers.authorization).toBe(expectedSigV4Authorization(sent, SECRET_KEY));
    }
    // A keyless profile with no entry of its name falls through to the other sources: here, none.
    fake.requests.length = 0;
    expectCleanFailure(await runCli(['assume-role', '--profile', 'nokeys'], { env }), /no user/, 2);
    expect(fake.requests).toHaveLength(0);
  });

  it('--keyring with another secret source, or with -u on assume-role, is a usage error before the keyring is read', async () => {
    expectCleanFailure(await kr(['assume-role', '--keyring', 'minio', '--password-stdin', '--endpoint', fake.url], 'x'), /use only one of --keyring, --password-stdin/, 2);
    expectCleanFailure(await kr(['assume-role', '--keyring', 'minio', '-u', 'other', '--endpoint', fake.url]), /use only one of -u\/--user, --keyring/, 2);
    expectCleanFailure(await kr(['custom-token', '--keyring', 'idp', '-t', 'x', '-r', 'arn:x', '--endpoint', fake.url]), /use only one of --keyring, -t\/--token/, 2);
    expect(fake.requests).toHaveLength(0);
  });

  it('add refuses a bad name, a kind mismatch and a missing secret without a terminal, exit 2', async () => {
    expectCleanFailure(await kr(['keyring', 'add', 'a/b', '--access-key', 'AK', '--secret-key-stdin'], 'x'), /invalid keyring entry name/, 2);
    expectCleanFailure(await kr(['keyring', 'add', 'x', '--kind', 'token', '--access-key', 'AK', '--secret-key-stdin'], 'x'), /--access-key is for --kind keys/, 2);
    expectCleanFailure(await kr(['keyring', 'add', 'x', '--access-key', 'AK']), /no secret: use --secret-key-stdin/, 2);
    expectCleanFailure(await kr(['keyring', 'add', 'x', '--secret-key-stdin'], 'x'), /no access key: use --access-key ID/, 2);
    expectCleanFailure(await kr(['keyring', 'add', 'x', '--access-key', 'AK', '--secret-key-stdin'], '\n'), /the secret is empty/, 2);
    expect((await kr(['keyring', 'list'])).stdout).not.toMatch(/^x\t/m);
  });

  it('add asks for the access key and the secret key on a terminal, without echo', async () => {
    const { code, output } = await onTerminal(['keyring', 'add', 'typed'], secrets().env, [
      ['Access key: ', 'AKIDTYPED\r'],
      ['Secret key for AKIDTYPED: ', `${SECRET_KEY}\r`],
    ]);
    expect(code).toBe(0);
    expect(output).toContain("stored access keys for AKIDTYPED as keyring entry 'typed'");
    expect(output).not.toContain(SECRET_KEY);
    const lookup = await secretTool(secrets(), 'lookup', 'service', 'sts-creds', 'username', 'typed');
    expect(JSON.parse(lookup.stdout)).toEqual({ kind: 'keys', id: 'AKIDTYPED', secret: SECRET_KEY });
  });

  it('add replaces an entry; remove deletes it (secret-tool no longer finds it); removing again is exit 2', async () => {
    expect(await kr(['keyring', 'add', 'gone', '--access-key', 'AK1', '--secret-key-stdin'], 'first-secret')).toMatchObject({ code: 0 });
    expect(await kr(['keyring', 'add', 'gone', '--access-key', 'AK2', '--secret-key-stdin'], 'second-secret')).toMatchObject({ code: 0 });
    expect((await kr(['keyring', 'list'])).stdout).toContain('gone\tkeys\tAK2\n');
    const removed = await kr(['keyring', 'remove', 'gone']);
    expect(removed).toMatchObject({ code: 0, stderr: '', stdout: "removed keyring entry 'gone'\n" });
    expect((await secretTool(secrets(), 'lookup', 'service', 'sts-creds', 'username', 'gone')).code).not.toBe(0);
    expect((await kr(['keyring', 'list'])).stdout).not.toContain('gone');
    expectCleanFailure(await kr(['keyring', 'remove', 'gone']), /^sts-creds: no keyring entry 'gone' to remove$/m, 2);
  });

  it('an entry another program stored under the service is listed as unknown and refused by --keyring', async () => {
    const store = spawn('secret-tool', ['store', '--label=foreign', 'service', 'sts-creds', 'username', 'foreign'], { env: cliEnv(makeTempDir(), secrets().env) });
    store.stdin.end('plain text secret');
    await new Promise((resolve) => store.on('close', resolve));
    expect((await kr(['keyring', 'list'])).stdout).toContain('foreign\t?\t-\n');
    expectCleanFailure(await kr(['assume-role', '--keyring', 'foreign', '--endpoint', fake.url]), /keyring entry 'foreign' was not written by sts-creds/, 2);
  });
});

describe('keyring failures: one line, exit 2, never a hang', () => {
  const secrets = useSecretService();

  it('no D-Bus session bus at all', async () => {
    for (const args of [['keyring', 'list'], ['assume-role', '--keyring', 'minio', '--endpoint', 'http://127.0.0.1:9']]) {
      const run = await runCli(args, { env: { DBUS_SESSION_BUS_ADDRESS: undefined } });
      expectCleanFailure(run, /^sts-creds: no OS keyring: no D-Bus session bus .*DBUS_SESSION_BUS_ADDRESS/m, 2);
    }
  });

  it('a locked keyring', async () => {
    const env = secrets().env;
    expect(await runCli(['keyring', 'add', 'locked', '--kind', 'token', '--secret-key-stdin'], { env, stdin: TOKEN })).toMatchObject({ code: 0 });
    await secrets().lock();
    const run = await runCli(['custom-token', '--keyring', 'locked', '-r', 'arn:x', '--endpoint', fake.url], { env });
    expectCleanFailure(run, /^sts-creds: the OS keyring is locked: unlock it/m, 2);
    expectCleanFailure(await runCli(['keyring', 'add', 'x', '--kind', 'token', '--secret-key-stdin'], { env, stdin: TOKEN }), /the OS keyring is locked/, 2);
    expect(fake.requests).toHaveLength(0);
  });

  it('a frozen Secret Service daemon times out instead of hanging', async () => {
    const bus = secrets();
    bus.freeze();
    try {
      for (const args of [['keyring', 'list'], ['assume-role', '--keyring', 'minio', '--endpoint', fake.url], ['keyring', 'remove', 'minio']]) {
        // runCli kills and fails a run that outlives timeoutMs: the run must end by itself well before.
        const run = await runCli(args, { env: bus.env, timeoutMs: 20_000 });
        expectCleanFailure(run, /^sts-creds: the OS keyring did not answer/m, 2);
      }
    } finally {
      bus.thaw();
    }
    expect(fake.requests).toHaveLength(0);
  });
});

describe('a D-Bus bus without a Secret Service', () => {
  const bare = useSecretService(false);
  it('is reported as such, exit 2, for reads and writes (no fallback to the kernel keyring)', async () => {
    const message = /^sts-creds: no OS keyring: no Secret Service \(gnome-keyring, KWallet\) is running on the D-Bus session bus/m;
    expectCleanFailure(await runCli(['keyring', 'list'], { env: bare().env }), message, 2);
    // Not stored anywhere else either: the kernel keyring fallback of the keyring package is refused.
    const add = await runCli(['keyring', 'add', 'nowhere', '--kind', 'token', '--secret-key-stdin'], { env: bare().env, stdin: TOKEN });
    expectCleanFailure(add, message, 2);
    expectCleanFailure(await runCli(['web-identity', '--keyring', 'nowhere', '--endpoint', fake.url], { env: bare().env }), message, 2);
  });
});

describe('the native keyring module is loaded only by keyring features', () => {
  const secrets = useSecretService();

  /** A --require hook, inherited by every Node process of the run, that fails any load of @napi-rs/keyring. */
  function guardEnv(): Record<string, string> {
    const hook = join(makeTempDir(), 'no-keyring.cjs');
    writeFileSync(
      hook,
      `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/@napi-rs[\\\\/]keyring/.test(request)) throw new Error('guard: @napi-rs/keyring was loaded');
  return load.call(this, request, ...rest);
};
`,
    );
    return { NODE_OPTIONS: `--require ${hook}`, ...secrets().env };
  }

  it('--help and an assume-role run never load it; a keyring command does (so the guard works)', async () => {
    const env = guardEnv();
    expect(await runCli(['--help'], { env })).toMatchObject({ code: 0 });
    const run = await runCli(['assume-role', '-u', 'AKID', '--password-stdin', '--endpoint', fake.url], { env, stdin: 'secret-key-1' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const guarded = await runCli(['keyring', 'list'], { env });
    expectCleanFailure(guarded, /the OS keyring failed: guard: @napi-rs\/keyring was loaded/, 2);
  });

  it('importing the library never loads it', async () => {
    const run = await runProgram(process.execPath, ['--input-type=module', '-e', "const m = await import('./dist/index.js'); if (typeof m.fromKeyring !== 'function') process.exit(3);"], {
      env: cliEnv(makeTempDir(), guardEnv()),
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), typing each answer once its prompt has appeared. */
function onTerminal(args: string[], env: Record<string, string>, answers: [prompt: string, keys: string][]): Promise<{ code: number | null; output: string }> {
  const command = ['node', BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: cliEnv(makeTempDir(), { NO_COLOR: '1', ...env }) });
    let output = '';
    let next = 0;
    let seen = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const answer = answers[next];
      if (answer && output.indexOf(answer[0], seen) >= 0) {
        seen = output.indexOf(answer[0], seen) + answer[0].length;
        next += 1;
        child.stdin.write(answer[1]);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
