import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/cli/redact.js';

describe('Redactor', () => {
  it.each([
    { what: 'a remembered secret anywhere in the text', secrets: ['S3cr3t-P@ss'], input: 'failed with S3cr3t-P@ss and S3cr3t-P@ss.', output: 'failed with *** and ***.' },
    { what: 'several secrets', secrets: ['tok-SECRET-123', 'S3cr3t-P@ss'], input: 'S3cr3t-P@ss/tok-SECRET-123', output: '***/***' },
    { what: 'the longer of overlapping secrets first', secrets: ['abcd', 'abcdefgh'], input: 'x abcdefgh y abcd z', output: 'x *** y *** z' },
    { what: 'regex metacharacters in a secret are literal', secrets: ['a.*b(c)[d]$'], input: 'aXXb a.*b(c)[d]$', output: 'aXXb ***' },
    { what: 'secrets shorter than 4 characters are ignored', secrets: ['abc', ''], input: 'abc abcabc', output: 'abc abcabc' },
    { what: 'a 4-character secret is redacted', secrets: ['abcd'], input: 'abcd', output: '***' },
    { what: 'undefined is ignored', secrets: [undefined], input: 'nothing to hide', output: 'nothing to hide' },
    { what: 'the same secret added twice', secrets: ['dup-secret', 'dup-secret'], input: 'dup-secret', output: '***' },
    { what: 'Token in a URL query', secrets: [], input: 'POST http://h/?Action=X&Token=abc.def-ghi&RoleArn=r', output: 'POST http://h/?Action=X&Token=***&RoleArn=r' },
    { what: 'lower-case token query parameter', secrets: [], input: 'http://plugin/?token=eyJabc def', output: 'http://plugin/?token=*** def' },
    { what: 'WebIdentityToken and LDAPPassword', secrets: [], input: '?WebIdentityToken=jwt&LDAPPassword=pw', output: '?WebIdentityToken=***&LDAPPassword=***' },
    { what: 'presigned URL parts', secrets: [], input: '?X-Amz-Credential=AK%2F2026&X-Amz-Signature=abcdef&X-Amz-Security-Token=tok', output: '?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Security-Token=***' },
    { what: 'a SigV4 Authorization signature', secrets: [], input: 'Credential=AK/20260212/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0123456789abcdef0123456789abcdef', output: 'Credential=AK/20260212/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=***' },
    { what: 'quoted query value stops at the quote', secrets: [], input: `"http://h/?Token=abc" next`, output: `"http://h/?Token=***" next` },
    { what: 'text without secrets is unchanged', secrets: ['S3cr3t-P@ss'], input: 'AssumeRole failed: AccessDenied (HTTP 403)', output: 'AssumeRole failed: AccessDenied (HTTP 403)' },
  ])('$what', ({ secrets, input, output }) => {
    const r = new Redactor();
    for (const s of secrets) r.add(s);
    expect(r.redact(input)).toBe(output);
  });

  it('a stack trace with the secret in several frames is fully redacted', () => {
    const r = new Redactor();
    r.add('tok-SECRET-123');
    const stack = 'Error: bad tok-SECRET-123\n    at f (file:///x/tok-SECRET-123.js:1:1)\n    at g (?Token=tok-SECRET-123)';
    const out = r.redact(stack);
    expect(out).not.toContain('tok-SECRET-123');
    expect(out.split('\n')).toHaveLength(3);
  });

  it('redaction is per instance', () => {
    const a = new Redactor();
    const b = new Redactor();
    a.add('only-in-a');
    expect(b.redact('only-in-a')).toBe('only-in-a');
    expect(a.redact('only-in-a')).toBe('***');
  });
});
