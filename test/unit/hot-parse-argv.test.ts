/**
 * The hot path's reading of a credential command line (src/cli/hot/parse-argv.ts) against commander's
 * program (src/cli/program.ts): for every command line, either the same invocation or "not handled"
 * (then the whole CLI parses it). A table of the forms a credential_process line uses, the forms it
 * must leave to commander, and a property over the option table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARGV_GRAMMAR } from '../../src/cli/argv-grammar.js';
import { rewriteGoFlags } from '../../src/cli/go-flags.js';
import { attributeName, parseCredentialArgv } from '../../src/cli/hot/parse-argv.js';
import type { Invocation } from '../../src/cli/invocation.js';
import type { CliIo } from '../../src/cli/io.js';
import { CREDENTIAL_METHODS } from '../../src/cli/methods.js';
import { COMMON_OPTIONS, optionNames } from '../../src/cli/options.js';
import { buildProgram } from '../../src/cli/program.js';

/** The invocation commander's program records for `argv`, or undefined when it prints help, the version or an error. */
async function commanderParse(argv: readonly string[]): Promise<Invocation | undefined> {
  const io = { env: {}, stdout: { write: () => true }, stderr: { write: () => true } } as unknown as CliIo;
  let invocation: Invocation | undefined;
  const program = buildProgram(io, '0.0.0-test', (inv) => {
    invocation = inv;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return invocation;
  } catch {
    return undefined;
  }
}

/** Both readings of `args` as main() and the hot path see them (after the Go-style rewriting). */
async function both(args: readonly string[]): Promise<{ hot: Invocation | undefined; commander: Invocation | undefined }> {
  const argv = rewriteGoFlags(args, ARGV_GRAMMAR);
  return { hot: parseCredentialArgv(argv), commander: await commanderParse(argv) };
}

const CP = ['-o', 'credential-process'];

describe('parseCredentialArgv: the forms a credential_process line uses', () => {
  const handled: string[][] = [
    ['assume-role', '-u', 'AKID', '--password-env', 'PW', '--endpoint', 'http://127.0.0.1:9000', ...CP],
    ['assume-role', '--profile', 'minio', ...CP],
    ['assume-role', '--profile=minio', '--output=credential-process'],
    ['assume-role', '-ocredential-process', '--profile', 'dev'],
    ['assume-role', '-qo', 'credential-process', '--profile', 'dev'],
    ['assume-role', '-u', 'foobar', '-p', 'foo12345', '-sts-ep', 'http://minio:9000', '-e', '1h', ...CP],
    ['assume-role', '-u=foobar', '-p=foo12345', '-sts-ep=http://minio:9000', '-d=true', ...CP],
    ['assume-role', '--endpoint-url', 'http://a:1', '--duration-seconds', '900', ...CP],
    ['assume-role', '--tag', 'a=b', '--tag', 'c=d', '--policy-arn', 'arn:1', '--no-export-endpoint', ...CP],
    ['assume-role', '--cache', '-o', 'json', '--region', 'eu-west-1', '--no-cache', '--cache'],
    ['assume-role', '-u', 'first', '-u', 'second', '-p', '', ...CP],
    ['custom-token', '--token-file', '/t', '-r', 'arn:role', ...CP],
    ['assume-role-with-custom-token', '--token-env', 'T', '--role-arn', 'arn:role', ...CP],
    ['ldap', '-u', 'alice', '--password-file', '/pw', '--role-session-name', 's', ...CP],
    ['web-identity', '--profile', 'login', ...CP],
    ['client-grants', '--token-file', '/t', ...CP],
    ['certificate', '--cert', 'c.pem', '--key', 'k.pem', ...CP],
    ['assume-role', '-p-starts-with-a-dash', '--password=-also', ...CP],
  ];
  it.each(handled.map((argv) => [argv.join(' '), argv]))('%s: as commander reads it', async (_, argv) => {
    const { hot, commander } = await both(argv);
    expect(hot).toBeDefined();
    expect(hot).toEqual(commander);
  });

  const declined: string[][] = [
    ['assume-role', '--help', ...CP],
    ['assume-role', '-h', ...CP],
    ['assume-role', '-V', ...CP],
    ['assume-role', '-dV', ...CP],
    ['assume-role', '-dh', ...CP],
    ['assume-role', '-u', '-V', ...CP],
    ['assume-role', '-p', '--secret', ...CP],
    ['assume-role', '-o', 'credential-proces'],
    ['assume-role', '--pasword', 'x', ...CP],
    ['assume-role', '--insecure=yes', ...CP],
    ['assume-role', 'extra', ...CP],
    ['assume-role', '--', ...CP],
    ['assume-role', '-', ...CP],
    ['assume-role', '-o'],
    ['assume-role', '--unset', ...CP],
    ['assume-role', '--server', ...CP],
    ['assume-role', '--cert', 'c.pem', ...CP],
    ['env', '--profile', 'dev', ...CP],
    ['exec', '--profile', 'dev', '--', 'aws'],
    ['cache', 'run', '--', 'x', 'credential-process'],
    ['help', 'assume-role'],
    ['--debug', 'assume-role', ...CP],
    [],
  ];
  it.each(declined.map((argv) => [argv.join(' ') || '(nothing)', argv]))('%s: left to commander', async (_, argv) => {
    expect((await both(argv)).hot).toBeUndefined();
  });

  it("names values as commander's attributeName() does", () => {
    expect(attributeName('--role-arn')).toBe('roleArn');
    expect(attributeName('--no-export-endpoint')).toBe('exportEndpoint');
    expect(attributeName('--s3-endpoint')).toBe('s3Endpoint');
    expect(attributeName('--quiet')).toBe('quiet');
  });
});

/** Every flag any credential method takes in any mode, as written, and a few it does not. */
const FLAGS = [
  ...new Set(
    [...CREDENTIAL_METHODS.flatMap((m) => m.options), ...COMMON_OPTIONS].flatMap((spec) => {
      const { short, long } = optionNames(spec);
      return [short, long].filter((flag): flag is string => flag !== undefined);
    }),
  ),
  ...['-h', '--help', '-V', '--version', '--pasword', '-x', '--no-refresh', '--', '-'],
];
const SHORT_LETTERS = [...new Set(FLAGS.filter((f) => /^-[a-zA-Z]$/.test(f)).map((f) => f[1]!))];
const WORDS = ['credential-process', 'json', 'text', 'env', 'mc', 'ini', 'dotenv', 'fish', 'sh', 'AKID', 'http://127.0.0.1:9000', '1h', 'a=b', '', 'x y', '-', '-V', '--x'];
const METHOD_WORDS = [...CREDENTIAL_METHODS.flatMap((m) => [m.name, ...m.aliases]), 'env', 'exec', 'doctor', 'help', '__complete'];

/** One argument or a flag with its value, in each of the forms commander reads. */
const token = fc.oneof(
  fc.constantFrom(...FLAGS).map((flag) => [flag]),
  fc.tuple(fc.constantFrom(...FLAGS), fc.constantFrom(...WORDS)).map(([flag, value]) => [flag, value]),
  fc.tuple(fc.constantFrom(...FLAGS.filter((f) => f.startsWith('--'))), fc.constantFrom(...WORDS)).map(([flag, value]) => [`${flag}=${value}`]),
  fc.tuple(fc.array(fc.constantFrom(...SHORT_LETTERS), { minLength: 2, maxLength: 3 }), fc.constantFrom('', ...WORDS)).map(([letters, value]) => [`-${letters.join('')}${value}`]),
  fc.constantFrom(...WORDS).map((word) => [word]),
  fc.constantFrom(['-o', 'credential-process'], ['--cache'], ['-u=foobar'], ['-sts-ep', 'http://m:9000'], ['-d=false'], ['-e=1h']),
);

describe('parseCredentialArgv over the option table', () => {
  it('gives commander invocation or declines, for any mix of flags, values and words', async () => {
    let handled = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHOD_WORDS), fc.array(token, { maxLength: 7 }), async (word, tokens) => {
        const { hot, commander } = await both([word, ...tokens.flat()]);
        if (hot === undefined) return;
        handled += 1;
        expect(hot).toEqual(commander);
      }),
      { numRuns: 1500 },
    );
    // The property would hold for a parser that declines everything: it must answer a fair share.
    expect(handled).toBeGreaterThan(120);
  });
});
