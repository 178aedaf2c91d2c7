import { describe, expect, it } from 'vitest';
import { rewriteGoFlags } from '../../src/cli/go-flags.js';
import { ARGV_GRAMMAR } from '../../src/cli/program.js';

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
