import { describe, expect, it } from 'vitest';
import { rewriteGoFlags } from '../../src/cli/go-flags.js';
import { ARGV_GRAMMAR } from '../../src/cli/argv-grammar.js';
import { argvSecrets } from '../../src/cli/argv-secrets.js';
import { splitExecArgs } from '../../src/cli/exec-argv.js';
import { CREDENTIAL_METHODS } from '../../src/cli/methods.js';
import { COMMON_OPTIONS, DOCTOR_OPTIONS, KEYRING_ADD_OPTIONS, argvGrammar, optionNames } from '../../src/cli/options.js';

describe("rewriteGoFlags: MinIO's samples' Go-style flags in commander's form", () => {
  it.each([
    [['assume-role', '-sts-ep', 'http://m:9000'], ['assume-role', '--sts-ep', 'http://m:9000']],
    [['assume-role', '-sts-ep=http://m:9000'], ['assume-role', '--sts-ep', 'http://m:9000']],
    [['assume-role', '-u=foobar', '-p=foo=12345'], ['assume-role', '-u', 'foobar', '-p', 'foo=12345']],
    [['assume-role', '-d=true', '-b=bkt'], ['assume-role', '-d', '-b', 'bkt']],
    [['assume-role', '-d=false'], ['assume-role']],
    [['custom-token', '-t=tok', '-r=arn:x', '-e=1h'], ['custom-token', '-t', 'tok', '-r', 'arn:x', '-e', '1h']],
    // Values are never rewritten: a password may look like a Go flag.
    [['assume-role', '-p', '-u=x'], ['assume-role', '-p', '-u=x']],
    [['assume-role', '--password', '-sts-ep'], ['assume-role', '--password', '-sts-ep']],
    [['assume-role', '-dp', '-e=5'], ['assume-role', '-dp', '-e=5']],
    // Not a sample flag: left to commander (and its error).
    [['assume-role', '-x=1', '-region=r'], ['assume-role', '-x=1', '-region=r']],
    // exec's command and everything after -- are the command's own.
    [['exec', '-u=a', '--', 'mysql', '-u=root'], ['exec', '-u', 'a', '--', 'mysql', '-u=root']],
    [['exec', 'assume-role', '-u=a', 'mysql', '-u=root'], ['exec', 'assume-role', '-u', 'a', 'mysql', '-u=root']],
  ])('%j → %j', (args, expected) => {
    expect(rewriteGoFlags(args, ARGV_GRAMMAR)).toEqual(expected);
  });
});

describe('the option table owns "is secret" and "takes a value"', () => {
  it('a secret option added to the table is redacted before parsing and warned about, in short clusters too', () => {
    const grammar = argvGrammar(
      [
        { flags: '-c, --client-secret <secret>', description: '', secret: { what: 'a client secret', instead: '--client-secret-file' } },
        { flags: '-d, --display', description: '' },
      ],
      [],
    );
    const found = argvSecrets(['--client-secret', 'S1', '--client-secret=S2', '-dcS3', '-c', 'S4'], grammar);
    expect(found.values).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(found.warnings).toEqual([expect.stringMatching(/^a client secret on the command line \(-c\/--client-secret\) .* use --client-secret-file instead$/)]);
    expect(splitExecArgs(['-dc', 'x', 'sh'], grammar, new Set())).toEqual({ own: ['-dc', 'x'], command: ['sh'] });
  });

  it('every option of sts-creds whose value looks like a secret is marked secret in the table', () => {
    const specs = [...CREDENTIAL_METHODS.flatMap((m) => m.options), ...COMMON_OPTIONS, ...DOCTOR_OPTIONS, ...KEYRING_ADD_OPTIONS];
    const unmarked = specs
      .filter((spec) => optionNames(spec).takesValue && !spec.secret)
      .map((spec) => optionNames(spec).long!)
      .filter((long) => /pass|secret|token|cred/i.test(long) && !/-(?:env|file|stdin|code)$/.test(long) && long !== '--passphrase-env');
    expect(unmarked).toEqual([]);
    expect(ARGV_GRAMMAR.secrets.map((s) => s.long).sort()).toEqual(['--password', '--token']);
  });

  it("the Go-style names are the table's goStyle options: MinIO's sample flags", () => {
    expect(['sts-ep', 'u', 'p', 'e', 'b', 's', 't', 'r'].map((n) => ARGV_GRAMMAR.goStyle(n))).toEqual(Array(8).fill('value'));
    expect(ARGV_GRAMMAR.goStyle('d')).toBe('boolean');
    expect(ARGV_GRAMMAR.goStyle('o')).toBeUndefined();
  });
});
