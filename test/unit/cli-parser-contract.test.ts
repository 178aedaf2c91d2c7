/**
 * The parser contract: for each command line, the exact invocation (method, mode, options, command)
 * the program hands to the runner. The program is built with a recording callback; nothing runs.
 */
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { CREDENTIAL_METHODS } from '../../src/cli/methods.js';
import type { Invocation } from '../../src/cli/invocation.js';
import { buildProgram, execArgumentsOf } from '../../src/cli/program.js';

/** What commander prints, and the invocation recorded (undefined when parsing failed or only printed help). */
async function parse(argv: readonly string[]): Promise<{ invocation: Invocation | undefined; error: string | undefined; out: string }> {
  let out = '';
  const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) } } as unknown as CliIo;
  let invocation: Invocation | undefined;
  const program = buildProgram(io, '0.0.0-test', (inv) => {
    invocation = inv;
  });
  try {
    // As main() does: exec's command moved behind `--` first.
    const { argv: args, defaulted } = execArgumentsOf(argv);
    await program.parseAsync(args, { from: 'user' });
    if (defaulted && (invocation)?.mode === 'exec') (invocation as Invocation & { defaulted?: boolean }).defaulted = true;
    return { invocation, error: undefined, out };
  } catch (error) {
    return { invocation, error: (error as { code?: string }).code, out };
  }
}

/** The defaults commander fills in for each mode. */
const OUTPUT_DEFAULTS = { output: 'text', iniSection: 'sts-creds', mcName: 'sts', shell: 'sh', exportEndpoint: true } as const;
const ENV_DEFAULTS = { shell: 'sh', exportEndpoint: true } as const;
const EXEC_DEFAULTS = { exportEndpoint: true } as const;

const cases: Array<{ argv: string[]; invocation: Invocation }> = [
  // MinIO's sample, and its flags.
  {
    argv: ['assume-role', '-u', 'foobar', '-p', 'foo12345'],
    invocation: { method: 'assume-role', mode: 'output', options: { ...OUTPUT_DEFAULTS, user: 'foobar', password: 'foo12345' } },
  },
  {
    argv: ['assume-role', '-u', 'foobar', '-p', 'foo12345', '--sts-ep', 'http://minio:9000', '-d', '-s', 'policy.json', '-e', '1h'],
    invocation: {
      method: 'assume-role',
      mode: 'output',
      options: {
        ...OUTPUT_DEFAULTS,
        user: 'foobar',
        password: 'foo12345',
        endpoint: 'http://minio:9000',
        writtenAs: { endpoint: '--sts-ep' },
        display: true,
        policyFile: 'policy.json',
        duration: '1h',
      },
    },
  },
  {
    argv: ['assume-role', '--endpoint', 'http://a:1', '--sts-ep', 'http://b:2', '-u', 'u', '--password-file', 'pw'],
    invocation: { method: 'assume-role', mode: 'output', options: { ...OUTPUT_DEFAULTS, user: 'u', passwordFile: 'pw', endpoint: 'http://a:1' } },
  },
  {
    argv: [
      'assume-role', '--user=u', '--password-stdin', '--policy', '{}', '--role-arn', 'arn:r', '--role-session-name', 's', '--external-id', 'x',
      '--serial-number', 'arn:mfa', '--token-code', '123456', '--tag', 'a=1', '--tag', 'b=2', '--transitive-tag-key', 'a',
      '--policy-arn', 'arn:p1', '--policy-arn', 'arn:p2', '--source-identity', 'me',
    ],
    invocation: {
      method: 'assume-role',
      mode: 'output',
      options: {
        ...OUTPUT_DEFAULTS, user: 'u', passwordStdin: true, policy: '{}', roleArn: 'arn:r', roleSessionName: 's', externalId: 'x',
        serialNumber: 'arn:mfa', tokenCode: '123456', tag: ['a=1', 'b=2'], transitiveTagKey: ['a'], policyArn: ['arn:p1', 'arn:p2'], sourceIdentity: 'me',
      },
    },
  },
  {
    argv: [
      'assume-role', '-u', 'u', '--password-env', 'PW', '--region', 'eu-1', '--timeout', '5', '--retries', '0', '--ca-bundle', 'ca.pem',
      '--insecure', '--cache', '--debug', '-o', 'json', '-b', 'bkt', '--profile', 'p', '--alias', 'a', '--shell', 'fish',
    ],
    invocation: {
      method: 'assume-role',
      mode: 'output',
      options: {
        user: 'u', passwordEnv: 'PW', region: 'eu-1', timeout: '5', retries: '0', caBundle: 'ca.pem', insecure: true, cache: true, debug: true,
        output: 'json', bucket: 'bkt', profile: 'p', alias: 'a', shell: 'fish', iniSection: 'sts-creds', mcName: 'sts', exportEndpoint: true,
      },
    },
  },
  {
    argv: ['assume-role', '-u', 'u', '--no-cache'],
    invocation: { method: 'assume-role', mode: 'output', options: { ...OUTPUT_DEFAULTS, user: 'u', cache: false } },
  },
  {
    argv: ['custom-token', '-t', 'tok', '-r', 'arn:role', '-e', '900'],
    invocation: { method: 'custom-token', mode: 'output', options: { ...OUTPUT_DEFAULTS, token: 'tok', roleArn: 'arn:role', duration: '900' } },
  },
  {
    argv: ['assume-role-with-custom-token', '--token-file', 'f', '--role-arn', 'arn:role'],
    invocation: { method: 'custom-token', mode: 'output', options: { ...OUTPUT_DEFAULTS, tokenFile: 'f', roleArn: 'arn:role' } },
  },
  {
    argv: ['ldap', '-u', 'alice', '--password-env', 'LDAP_PW', '-s', 'p.json'],
    invocation: { method: 'ldap', mode: 'output', options: { ...OUTPUT_DEFAULTS, user: 'alice', passwordEnv: 'LDAP_PW', policyFile: 'p.json' } },
  },
  {
    argv: ['assume-role-with-ldap-identity', '-u', 'alice', '-p', 'pw12'],
    invocation: { method: 'ldap', mode: 'output', options: { ...OUTPUT_DEFAULTS, user: 'alice', password: 'pw12' } },
  },
  {
    argv: ['web-identity', '--token-stdin', '-r', 'arn:r', '--role-session-name', 'sess', '--policy', '{}'],
    invocation: { method: 'web-identity', mode: 'output', options: { ...OUTPUT_DEFAULTS, tokenStdin: true, roleArn: 'arn:r', roleSessionName: 'sess', policy: '{}' } },
  },
  {
    argv: ['assume-role-with-web-identity', '--token-env', 'JWT'],
    invocation: { method: 'web-identity', mode: 'output', options: { ...OUTPUT_DEFAULTS, tokenEnv: 'JWT' } },
  },
  {
    argv: ['client-grants', '-t', 'jwt', '-s', 'p.json'],
    invocation: { method: 'client-grants', mode: 'output', options: { ...OUTPUT_DEFAULTS, token: 'jwt', policyFile: 'p.json' } },
  },
  {
    argv: ['assume-role-with-client-grants', '--token-file', 'f'],
    invocation: { method: 'client-grants', mode: 'output', options: { ...OUTPUT_DEFAULTS, tokenFile: 'f' } },
  },
  {
    argv: ['certificate', '--cert', 'c.pem', '--key', 'k.pem', '--passphrase-env', 'PASS', '--endpoint', 'https://minio:9000'],
    invocation: {
      method: 'certificate',
      mode: 'output',
      options: { ...OUTPUT_DEFAULTS, cert: 'c.pem', key: 'k.pem', passphraseEnv: 'PASS', endpoint: 'https://minio:9000' },
    },
  },
  {
    argv: ['assume-role-with-certificate', '--pfx', 'id.p12'],
    invocation: { method: 'certificate', mode: 'output', options: { ...OUTPUT_DEFAULTS, pfx: 'id.p12' } },
  },
  // env: assume-role by default.
  {
    argv: ['env', '-u', 'foobar', '--password-file', 'pw'],
    invocation: { method: 'assume-role', mode: 'env', options: { ...ENV_DEFAULTS, user: 'foobar', passwordFile: 'pw' }, defaulted: true },
  },
  {
    argv: ['env', 'assume-role', '-u', 'foobar', '-p', 'foo12345', '--sts-ep', 'http://m:9000', '-e', '1h', '--shell', 'zsh'],
    invocation: {
      method: 'assume-role',
      mode: 'env',
      options: {
        user: 'foobar',
        password: 'foo12345',
        endpoint: 'http://m:9000',
        writtenAs: { endpoint: '--sts-ep' },
        duration: '1h',
        shell: 'zsh',
        exportEndpoint: true,
      },
    },
  },
  {
    argv: ['env', 'ldap', '--unset', '--shell', 'fish'],
    invocation: { method: 'ldap', mode: 'env', options: { unset: true, shell: 'fish', exportEndpoint: true } },
  },
  {
    argv: ['env', 'assume-role-with-custom-token', '-t', 'tok', '-r', 'arn'],
    invocation: { method: 'custom-token', mode: 'env', options: { ...ENV_DEFAULTS, token: 'tok', roleArn: 'arn' } },
  },
  // exec: assume-role by default; the command after --.
  {
    argv: ['exec', '-u', 'foobar', '--password-env', 'MY_PW', '--', 'aws', 's3', 'ls'],
    invocation: { method: 'assume-role', mode: 'exec', options: { ...EXEC_DEFAULTS, user: 'foobar', passwordEnv: 'MY_PW' }, command: ['aws', 's3', 'ls'], defaulted: true },
  },
  {
    argv: ['exec', 'web-identity', '--token-file', 't', '--', 'sh', '-c', 'echo $AWS_ACCESS_KEY_ID', '-p', 'x'],
    invocation: { method: 'web-identity', mode: 'exec', options: { ...EXEC_DEFAULTS, tokenFile: 't' }, command: ['sh', '-c', 'echo $AWS_ACCESS_KEY_ID', '-p', 'x'] },
  },
  {
    argv: ['exec', 'certificate', '--cert', 'c', '--key', 'k', '--', 'true'],
    invocation: { method: 'certificate', mode: 'exec', options: { ...EXEC_DEFAULTS, cert: 'c', key: 'k' }, command: ['true'] },
  },
  // doctor.
  {
    argv: ['doctor'],
    invocation: { method: 'doctor', mode: 'doctor', options: {} },
  },
  {
    argv: ['doctor', '--sts-ep', 'https://m:9000', '--timeout', '3', '--ca-bundle', 'ca.pem', '--insecure', '--debug'],
    invocation: {
      method: 'doctor',
      mode: 'doctor',
      options: { endpoint: 'https://m:9000', writtenAs: { endpoint: '--sts-ep' }, timeout: '3', caBundle: 'ca.pem', insecure: true, debug: true },
    },
  },
];

describe('parser contract: argv → the exact invocation', () => {
  it.each(cases)('$argv', async ({ argv, invocation }) => {
    const parsed = await parse(argv);
    expect(parsed.error, parsed.out).toBeUndefined();
    expect(parsed.invocation).toStrictEqual(invocation);
  });
});

describe('every method, by name and by alias, in every mode', () => {
  const lines = CREDENTIAL_METHODS.flatMap((method) =>
    [method.name, ...method.aliases].flatMap((name) =>
      (['output', 'env', 'exec'] as const).map((mode) => ({ method: method.name, name, mode })),
    ),
  );

  it('the table has the six methods, each reachable by its aliases', () => {
    expect(CREDENTIAL_METHODS.map((m) => [m.name, ...m.aliases])).toEqual([
      ['assume-role'],
      ['custom-token', 'assume-role-with-custom-token'],
      ['ldap', 'assume-role-with-ldap-identity'],
      ['web-identity', 'assume-role-with-web-identity'],
      ['client-grants', 'assume-role-with-client-grants'],
      ['certificate', 'assume-role-with-certificate'],
    ]);
  });

  it.each(lines)('$mode $name → $method', async ({ method, name, mode }) => {
    const prefix = mode === 'output' ? [] : [mode];
    const suffix = mode === 'exec' ? ['--', 'true'] : [];
    const parsed = await parse([...prefix, name, '--endpoint', 'http://e:1', ...suffix]);
    const defaults = mode === 'output' ? OUTPUT_DEFAULTS : mode === 'env' ? ENV_DEFAULTS : EXEC_DEFAULTS;
    expect(parsed.invocation).toStrictEqual({
      method,
      mode,
      options: { ...defaults, endpoint: 'http://e:1' },
      ...(mode === 'exec' ? { command: ['true'] } : {}),
    });
  });
});

describe('lines that invoke nothing', () => {
  it.each([
    { argv: ['assume-role', '--bogus'], error: 'commander.unknownOption' },
    { argv: ['assume-role', '-o', 'yaml'], error: 'commander.invalidArgument' },
    { argv: ['assume-role', '-d', '-u', 'u', 'extra'], error: 'commander.excessArguments' },
    { argv: ['env', '-d'], error: 'commander.unknownOption' }, // -d is the plain output's alone
    { argv: ['exec', '-u', 'u', '-o', 'json', '--', 'true'], error: 'commander.unknownOption' },
    { argv: ['custom-token', '-u', 'u'], error: 'commander.unknownOption' },
    { argv: ['doctor', '-u', 'u'], error: 'commander.unknownOption' },
    { argv: ['assume-role', '--help'], error: 'commander.helpDisplayed' },
  ])('$argv → $error', async ({ argv, error }) => {
    const parsed = await parse(argv);
    expect(parsed.invocation).toBeUndefined();
    expect(parsed.error).toBe(error);
  });
});

describe('exec: what follows the command is the command’s own', () => {
  it.each([
    { argv: ['exec', '-u', 'u', '--password-file', 'f', 'echo', 'hi', '--debug'], options: { user: 'u', passwordFile: 'f' }, command: ['echo', 'hi', '--debug'] },
    { argv: ['exec', '-u', 'u', '--', 'mysql', '-p', 'x', '--debug'], options: { user: 'u' }, command: ['mysql', '-p', 'x', '--debug'] },
    { argv: ['exec', 'ldap', '-u', 'u', '--debug', 'env', '-u', 'X'], options: { user: 'u', debug: true }, command: ['env', '-u', 'X'] },
    // --help, -V and --debug after the command are the command's, with or without --, before or after sts-creds' options.
    { argv: ['exec', '--', 'sh', '-c', 'x', 'sh', '--help'], options: {}, command: ['sh', '-c', 'x', 'sh', '--help'] },
    { argv: ['exec', '--endpoint', 'http://e:1', '--', 'sh', '-c', 'x', 'sh', '--help'], options: { endpoint: 'http://e:1' }, command: ['sh', '-c', 'x', 'sh', '--help'] },
    { argv: ['exec', '-u', 'u', 'aws', 's3', 'ls', '--help'], options: { user: 'u' }, command: ['aws', 's3', 'ls', '--help'] },
    { argv: ['exec', 'aws', 's3', 'ls', '-V'], options: {}, command: ['aws', 's3', 'ls', '-V'] },
    { argv: ['exec', '-uu', '--endpoint=http://e:1', 'aws', '--version', '-h'], options: { user: 'u', endpoint: 'http://e:1' }, command: ['aws', '--version', '-h'] },
    { argv: ['exec', 'ldap', '-u', 'u', 'ldap', '--help'], options: { user: 'u' }, command: ['ldap', '--help'] },
    { argv: ['exec', '-e', '1h', '--mc-alias', 'play', '--', '--help'], options: { duration: '1h', mcAlias: 'play' }, command: ['--help'] },
    // No command: the user's shell.
    { argv: ['exec', '-u', 'u'], options: { user: 'u' }, command: [] },
    { argv: ['exec', '--'], options: {}, command: [] },
    { argv: ['exec', '--server', '--refresh-before', '1m', '--no-export-endpoint'], options: { server: true, refreshBefore: '1m', exportEndpoint: false }, command: [] },
  ])('$argv', async ({ argv, options, command }) => {
    const parsed = await parse(argv);
    expect(parsed.error, parsed.out).toBeUndefined();
    expect(parsed.out).toBe('');
    expect(parsed.invocation).toMatchObject({ mode: 'exec', options, command });
    expect(parsed.invocation?.options).toStrictEqual({ ...EXEC_DEFAULTS, ...options });
  });
});

describe("a method's help lists its options however it is asked", () => {
  // The method commands get their options when commander turns to them (or renders their help):
  // each way of asking must show the same full list.
  it.each([
    [['help', 'assume-role'], 'assume-role'],
    [['assume-role', '--help'], 'assume-role'],
    [['help', 'ldap'], 'ldap'],
    [['env', 'ldap', '--help'], 'env ldap'],
    [['env', '--help'], 'env'],
    [['exec', 'web-identity', '-h'], 'exec web-identity'],
  ])('%j', async (argv, usage) => {
    const parsed = await parse(argv);
    expect(['commander.help', 'commander.helpDisplayed']).toContain(parsed.error);
    expect(parsed.out).toMatch(new RegExp(`^Usage: sts-creds ${usage}(\\|\\S+)? \\[options\\]`));
    if (usage === 'env') {
      expect(parsed.out).toMatch(/\n {2}assume-role \[options\] /);
      return;
    }
    expect(parsed.out).toContain('--endpoint <url>');
    expect(parsed.out).toContain('--retries <n>');
    expect(parsed.out).toContain(usage.endsWith('ldap') ? '--password-file <file>' : usage.endsWith('web-identity') ? '--token-file <file>' : '--policy-file <file>');
  });

  it('every method command of every mode has its options once parsed to, and the full table agrees', async () => {
    for (const mode of [[], ['env'], ['exec']]) {
      for (const method of CREDENTIAL_METHODS) {
        const parsed = await parse([...mode, method.name, '--help']);
        for (const spec of method.options.filter((o) => !o.hidden && (!o.modes || o.modes.includes((mode[0] as 'env' | 'exec' | undefined) ?? 'output')))) {
          expect(parsed.out, `${mode.join(' ')} ${method.name}: ${spec.flags}`).toContain(spec.flags.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? spec.flags);
        }
      }
    }
  });
});
