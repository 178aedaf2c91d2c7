import { describe, expect, it } from 'vitest';
import { StsValidationError } from '../../src/errors.js';
import { DURATION_LIMITS } from '../../src/sts/registry.js';
import { STS_API_VERSION, normalizePolicy, parseEndpoint, requireString, validateDurationSeconds } from '../../src/sts/validate.js';
import { CTX_ROLE, CTX_TOKEN, validationError } from '../helpers/sts-assert.js';

describe('constants', () => {
  it('match MinIO (minio-sts.md §1, §2) and the documented custom-token range', () => {
    expect(STS_API_VERSION).toBe('2011-06-15');
    // 15 minutes to 365 days, except custom tokens: at most 7 days.
    const year = { min: 900, max: 31_536_000 };
    const actions = ['AssumeRole', 'AssumeRoleWithLDAPIdentity', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithClientGrants', 'AssumeRoleWithCertificate'];
    expect(DURATION_LIMITS).toEqual({ ...Object.fromEntries(actions.map((action) => [action, year])), AssumeRoleWithCustomToken: { min: 1, max: 31_536_000 } });
  });
});

describe('validateDurationSeconds', () => {
  // Per action: [value, the wire value it is sent as, or null when it must be refused].
  const table: Record<string, Array<[number | undefined, string | undefined | null]>> = {
    AssumeRole: [[undefined, undefined], [899, null], [900, '900'], [3600, '3600'], [604_801, '604801'], [31_536_000, '31536000'], [31_536_001, null], [0, null], [-3600, null], [900.5, null], [3599.999, null], [Number.NaN, null], [Number.POSITIVE_INFINITY, null], [1e21, null]],
    AssumeRoleWithCustomToken: [[undefined, undefined], [0, null], [1, '1'], [899, '899'], [2_592_000, '2592000'], [31_536_000, '31536000'], [31_536_001, null], [1800.25, null], [Number.NaN, null]],
  };
  const cases = Object.entries(table).flatMap(([action, rows]) =>
    rows.map(([value, ok]) => ({ action: action as keyof typeof DURATION_LIMITS, value, ok })),
  );

  it.each(cases)('$action $value → $ok', ({ action, value, ok }) => {
    const limits = DURATION_LIMITS[action];
    const context = action === 'AssumeRole' ? CTX_ROLE : CTX_TOKEN;
    if (ok === null) {
      const e = validationError(() => validateDurationSeconds(value, limits, context));
      expect(e.field).toBe('durationSeconds');
      expect(e.code).toBe('ERR_STS_INVALID_INPUT');
      expect(e.action).toBe(action);
      expect(e.message).toBe(`durationSeconds must be a whole number of seconds from ${limits.min} to ${limits.max} for ${action}, got ${String(value)}`);
    } else {
      expect(validateDurationSeconds(value, limits, context)).toBe(ok);
    }
  });

  it('non-number values from untyped callers are refused and described by type, not value', () => {
    for (const value of ['3600', null, {}, [3600], true]) {
      const e = validationError(() => validateDurationSeconds(value as unknown as number, DURATION_LIMITS.AssumeRole, CTX_ROLE));
      expect(e.message).toMatch(/got (string|object|boolean)$/);
    }
  });
});

describe('normalizePolicy', () => {
  const policyObject = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::bucket/*'] }],
  };
  const minified = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::bucket/*"]}]}';

  it.each([
    ['pretty-printed JSON text', JSON.stringify(policyObject, null, 4)],
    ['text with CRLF and tabs', JSON.stringify(policyObject, null, '\t').replace(/\n/g, '\r\n')],
    ['already minified text', minified],
    ['an object', policyObject],
  ])('%s is minified exactly', (_what, input) => {
    expect(normalizePolicy(input, CTX_ROLE)).toBe(minified);
  });

  it('keeps key order and non-ASCII text as given', () => {
    expect(normalizePolicy('{ "b": 1, "a": "é/\\u00e9" }', CTX_ROLE)).toBe('{"b":1,"a":"é/é"}');
  });

  it('undefined stays undefined', () => {
    expect(normalizePolicy(undefined, CTX_ROLE)).toBeUndefined();
  });

  it.each([
    ['truncated', '{"Version":"2012-10-17"', /policy is not valid JSON/],
    ['single quotes', "{'Version':'2012-10-17'}", /policy is not valid JSON/],
    ['trailing comma', '{"Version":"2012-10-17",}', /policy is not valid JSON/],
    ['empty text', '', /policy is not valid JSON/],
    ['YAML', 'Version: 2012-10-17', /policy is not valid JSON/],
    ['JSON array', '[{"Version":"2012-10-17"}]', /policy must be a JSON object/],
    ['JSON string', '"policy"', /policy must be a JSON object/],
    ['JSON number', '42', /policy must be a JSON object/],
    ['JSON null', 'null', /policy must be a JSON object/],
    ['array object', [1, 2], /policy must be a JSON object/],
  ])('%s is refused', (_what, input, message) => {
    const e = validationError(() => normalizePolicy(input, CTX_ROLE));
    expect(e.field).toBe('policy');
    expect(e.message).toMatch(message);
    expect(e.action).toBe('AssumeRole');
  });
});

describe('parseEndpoint', () => {
  it.each([
    ['http://127.0.0.1:9000', 'http://127.0.0.1:9000/', '127.0.0.1:9000'],
    ['https://minio.example.com', 'https://minio.example.com/', 'minio.example.com'],
    ['https://minio.example.com:443/', 'https://minio.example.com/', 'minio.example.com'],
    ['http://[::1]:9000', 'http://[::1]:9000/', '[::1]:9000'],
    ['HTTP://LOCALHOST:9000', 'http://localhost:9000/', 'localhost:9000'],
    ['http://host:9000/sts/', 'http://host:9000/sts/', 'host:9000'],
  ])('%s is accepted as %s (host %s)', (input, href, host) => {
    const url = parseEndpoint(input);
    expect(url.href).toBe(href);
    expect(url.host).toBe(host);
  });

  it('accepts a URL object', () => {
    expect(parseEndpoint(new URL('http://127.0.0.1:9000')).origin).toBe('http://127.0.0.1:9000');
  });

  it.each([
    ['ftp://host:21', /must be an http:\/\/ or https:\/\/ URL, got ftp:/],
    ['file:///etc/passwd', /got file:/],
    ['ws://host', /got ws:/],
    ['javascript:alert(1)', /got javascript:/],
    ['http://user:pass@host:9000', /must not contain a user name or password/],
    ['http://user@host:9000', /must not contain a user name or password/],
    ['http://host:9000/?Action=AssumeRole', /must not contain a query string or fragment/],
    ['http://host:9000/#frag', /must not contain a query string or fragment/],
    ['localhost:9000', /must be an http:\/\/ or https:\/\/ URL, got localhost:/],
    ['not a url', /endpoint is not a URL/],
    ['', /endpoint is not a URL/],
    ['http://', /endpoint is not a URL/],
  ])('%s is refused', (input, message) => {
    const e = validationError(() => parseEndpoint(input, CTX_ROLE));
    expect(e.field).toBe('endpoint');
    expect(e.message).toMatch(message);
  });

  it('a bare trailing "?" is dropped by URL parsing, so no query string would be sent', () => {
    expect(parseEndpoint('http://host:9000/?').search).toBe('');
  });

  it('an endpoint refused for credentials never repeats the password', () => {
    const e = validationError(() => parseEndpoint('https://admin:hunter2secret@minio.example.com'));
    expect(e.message).not.toContain('hunter2secret');
    const e2 = validationError(() => parseEndpoint('http://admin:hunter2secret@bad host'));
    expect(e2.message).not.toContain('hunter2secret');
  });
});

describe('requireString', () => {
  it.each([
    ['tok', 'tok'],
    [' ', ' '],
  ])('%j is returned unchanged', (value, out) => {
    expect(requireString(value, 'token', CTX_TOKEN)).toBe(out);
  });

  it.each([[''], [undefined], [null], [42], [{}]])('%j is refused with "<field> is required"', (value) => {
    const e = validationError(() => requireString(value, 'roleArn', CTX_TOKEN));
    expect(e.field).toBe('roleArn');
    expect(e.message).toBe('roleArn is required');
    expect(e.action).toBe('AssumeRoleWithCustomToken');
  });
});

describe('parseEndpoint never shows user info of an unparsable endpoint', () => {
  it.each([
    ['http://user:S3cr3t-P@ss@ho st', 'http://***@ho st'],
    ['https://k:p@ss:w@rd@bad host/x', 'https://***@bad host/x'],
  ])('%s', (endpoint, shown) => {
    let message = '';
    try {
      parseEndpoint(endpoint);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(JSON.stringify(shown));
    expect(message).not.toMatch(/S3cr3t|P@ss|ss@|w@rd/);
  });
});

describe('normalizePolicy never quotes the text and never throws an untyped error', () => {
  const cyclic: Record<string, unknown> = { Version: '2012-10-17' };
  cyclic.self = cyclic;
  let deep: unknown = {};
  for (let i = 0; i < 20_000; i++) deep = { a: deep };
  it.each<[string, string | object, RegExp]>([
    ['a password file read as a policy', 'hunter2-secret-pw', /^policy is not valid JSON \(at line 1 column 1\)$/],
    ['cut short', '{"Version":', /^policy is not valid JSON \(at line 1 column 12\)$/],
    ['a bad key', '{Version: 1}', /^policy is not valid JSON \(at line 1 column 2\)$/],
    ['a second line', '{\n  "Version": 1,\n}', /^policy is not valid JSON \(at line 3 column 1\)$/],
    ['a cycle', cyclic, /cannot be written as JSON/],
    ['a BigInt', { n: 10n }, /cannot be written as JSON/],
  ])('%s', (_what, policy, message) => {
    const e = validationError(() => normalizePolicy(policy, CTX_ROLE));
    expect(e.field).toBe('policy');
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('hunter2');
  });

  it('nested 20000 deep: a typed error where JSON.stringify runs out of stack (Node 20 to 24), the JSON where it does not (Node 26)', () => {
    let written: string | undefined;
    try {
      written = normalizePolicy(deep as object, CTX_ROLE);
    } catch (error) {
      expect(error).toBeInstanceOf(StsValidationError);
      expect((error as StsValidationError).field).toBe('policy');
      expect((error as StsValidationError).message).toMatch(/cannot be written as JSON/);
      return;
    }
    expect(written).toBe(`${'{"a":'.repeat(20_000)}{}${'}'.repeat(20_000)}`);
  });
});
