import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StsResponseError, StsServiceError, isStsCredsError, isStsServiceError } from '../../src/errors.js';
import { parseStsResponse, type StsHttpAnswer } from '../../src/sts/parse-response.js';
import { STS_ACTIONS, type StsAction } from '../../src/sts/registry.js';


const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

const ENDPOINT = 'http://127.0.0.1:9000';
const ctx = (action: StsAction) => ({ action, endpoint: ENDPOINT });
const XML = { 'content-type': 'application/xml' };

function answer(statusCode: number, body: string, headers: StsHttpAnswer['headers'] = XML): StsHttpAnswer {
  return { statusCode, headers, body };
}

/** Runs the parser and returns what it threw (failing the test if it did not throw). */
function thrownBy(action: StsAction, a: StsHttpAnswer): unknown {
  try {
    parseStsResponse(STS_ACTIONS[action], a, ctx(action));
  } catch (error) {
    return error;
  }
  expect.fail('parseStsResponse did not throw');
}

function credentialsDoc(fields: Record<string, string | undefined>, root = 'AssumeRole'): string {
  const inner = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return `<${root}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${root}Result><Credentials>${inner}</Credentials></${root}Result><ResponseMetadata><RequestId>RID</RequestId></ResponseMetadata></${root}Response>`;
}

const GOOD_FIELDS = {
  AccessKeyId: 'AKIA0000000000000000',
  SecretAccessKey: 'secret/key+value',
  SessionToken: 'token.value.sig',
  Expiration: '2036-02-12T22:18:48Z',
};

describe('parseStsResponse: success documents', () => {
  it('MinIO AssumeRole (literal compact body)', () => {
    const result = parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, fixture('minio-assume-role.xml'), { ...XML, 'x-amz-request-id': 'HEADER-ID' }), ctx('AssumeRole'));
    expect(result).toEqual({
      action: 'AssumeRole',
      accessKeyId: 'Y4RJU1RNFGK48LGO9I2S',
      secretAccessKey: 'sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg',
      sessionToken: 'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJ…',
      expiration: new Date(Date.UTC(2036, 1, 12, 22, 18, 48)),
      requestId: '1893E2A8B3F6C0D1', // the body's id wins over the header
      serverDate: undefined,
      assumedRoleUser: { arn: '', assumedRoleId: '' },
    });
  });

  it('MinIO AssumeRoleWithCustomToken (compact body with AssumedUser)', () => {
    const result = parseStsResponse(STS_ACTIONS.AssumeRoleWithCustomToken, answer(200, fixture('minio-custom-token.xml')), ctx('AssumeRoleWithCustomToken'));
    expect(result).toEqual({
      action: 'AssumeRoleWithCustomToken',
      accessKeyId: 'T7WQ0ZK3M5V2B8N4C6X1',
      secretAccessKey: 'Qm9ndXMrc2VjcmV0K2tleStmb3IrdGVzdHMrb25seQ',
      sessionToken: 'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJwYXJlbnQiOiJjdXN0b206YWxpY2UifQ.c2ln',
      expiration: new Date('2036-02-12T22:18:48Z'),
      requestId: '1893E2A8B3F6C0D2',
      serverDate: undefined,
      assumedUser: 'custom:alice',
    });
  });

  it('AWS STS AssumeRole (pretty-printed, AssumedRoleUser with AssumedRoleId, PackedPolicySize)', () => {
    const result = parseStsResponse(STS_ACTIONS.AssumeRole,
      answer(200, fixture('aws-assume-role.xml'), { 'content-type': 'text/xml', date: 'Wed, 09 Nov 2039 12:34:41 GMT' }),
      ctx('AssumeRole'),
    );
    expect(result).toEqual({
      action: 'AssumeRole',
      accessKeyId: 'ASIAQX7EXAMPLEKEY42',
      secretAccessKey: 'Zm9vYmFyK3NlY3JldC9rZXkrZm9yK3Rlc3RzK29ubHk',
      sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDtestonlytokenvalue+/=',
      expiration: new Date('2039-11-09T13:34:41.000Z'),
      requestId: '5e3f7a10-1c2d-4b8e-9f00-a1b2c3d4e5f6',
      serverDate: new Date('2039-11-09T12:34:41Z'),
      assumedRoleUser: { arn: 'arn:aws:sts::210987654321:assumed-role/deploy-role/nightly-build', assumedRoleId: 'AROAQX7EXAMPLEROLEID:nightly-build' },
      packedPolicySize: 6,
      sourceIdentity: 'build-bot',
    });
    expect(result.expiration.toISOString()).toBe('2039-11-09T13:34:41.000Z');
  });

  it('MinIO AssumeRole has no PackedPolicySize or SourceIdentity', () => {
    const result = parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, fixture('minio-assume-role.xml')), ctx('AssumeRole'));
    expect(result.packedPolicySize).toBeUndefined();
    expect(result.sourceIdentity).toBeUndefined();
  });

  it.each([
    ['6', 6],
    ['0', 0],
    [' 12 ', 12],
    ['100', 100],
    ['', undefined],
    ['six', undefined],
    ['-1', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
  ])('PackedPolicySize %j → %j (metadata: never fails the call)', (text, expected) => {
    const doc = credentialsDoc(GOOD_FIELDS).replace('</Credentials>', `</Credentials><PackedPolicySize>${text}</PackedPolicySize>`);
    expect(parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, doc), ctx('AssumeRole')).packedPolicySize).toBe(expected);
  });

  it('offset Expiration (-08:00), number/boolean-looking values kept as strings, entities decoded', () => {
    const result = parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, fixture('offset-expiration.xml')), ctx('AssumeRole'));
    expect(result.accessKeyId).toBe('0123');
    expect(typeof result.accessKeyId).toBe('string');
    expect(result.secretAccessKey).toBe('true');
    expect(typeof result.secretAccessKey).toBe('string');
    expect(result.sessionToken).toBe('a&b<c>"d\'&e');
    expect(result.expiration.toISOString()).toBe('2036-02-12T22:18:48.000Z');
    expect(result.requestId).toBeUndefined(); // empty RequestId and no header
  });

  it.each([
    ['0123', '0123'],
    ['000', '000'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['1e5', '1e5'],
    ['0x1F', '0x1F'],
    ['-0', '-0'],
    ['12345678901234567890', '12345678901234567890'],
    ['NaN', 'NaN'],
    [' spaced ', ' spaced '],
    ['a&amp;b', 'a&b'],
    ['&lt;tag&gt;', '<tag>'],
    ['&#x2F;&#43;&#61;', '/+='],
    ['<![CDATA[a&amp;b]]>', 'a&amp;b'],
  ])('credential text %j is returned as the string %j in every field', (xmlText, expected) => {
    const doc = credentialsDoc({ AccessKeyId: xmlText, SecretAccessKey: xmlText, SessionToken: xmlText, Expiration: GOOD_FIELDS.Expiration });
    const result = parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, doc), ctx('AssumeRole'));
    expect([result.accessKeyId, result.secretAccessKey, result.sessionToken]).toEqual([expected, expected, expected]);
  });

  it.each([
    ['2036-02-12T22:18:48Z', '2036-02-12T22:18:48.000Z'],
    ['2036-02-12T22:18:48.123Z', '2036-02-12T22:18:48.123Z'],
    ['2036-02-12T22:18:48+00:00', '2036-02-12T22:18:48.000Z'],
    ['2036-02-12T14:18:48-08:00', '2036-02-12T22:18:48.000Z'],
    ['2036-02-13T03:48:48+05:30', '2036-02-12T22:18:48.000Z'],
    ['2036-02-12t22:18:48z', '2036-02-12T22:18:48.000Z'],
  ])('Expiration %s is parsed as %s', (text, iso) => {
    const result = parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, credentialsDoc({ ...GOOD_FIELDS, Expiration: text })), ctx('AssumeRole'));
    expect(result.expiration.toISOString()).toBe(iso);
  });

  it('Credentials children are found by name in any order, and Credentials may sit anywhere under the root', () => {
    const doc =
      '<AssumeRoleResponse><AssumeRoleResult><Credentials><Expiration>2036-02-12T22:18:48Z</Expiration><SessionToken>T</SessionToken>' +
      '<SecretAccessKey>S</SecretAccessKey><AccessKeyId>A</AccessKeyId></Credentials></AssumeRoleResult></AssumeRoleResponse>';
    const result = parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, doc), ctx('AssumeRole'));
    expect([result.accessKeyId, result.secretAccessKey, result.sessionToken]).toEqual(['A', 'S', 'T']);
  });

  it('a namespace prefix on every element does not matter', () => {
    const doc =
      '<sts:AssumeRoleResponse xmlns:sts="https://sts.amazonaws.com/doc/2011-06-15/"><sts:AssumeRoleResult><sts:Credentials>' +
      '<sts:AccessKeyId>A</sts:AccessKeyId><sts:SecretAccessKey>S</sts:SecretAccessKey><sts:SessionToken>T</sts:SessionToken>' +
      '<sts:Expiration>2036-02-12T22:18:48Z</sts:Expiration></sts:Credentials></sts:AssumeRoleResult>' +
      '<sts:ResponseMetadata><sts:RequestId>PFX</sts:RequestId></sts:ResponseMetadata></sts:AssumeRoleResponse>';
    const result = parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, doc), ctx('AssumeRole'));
    expect([result.accessKeyId, result.secretAccessKey, result.sessionToken, result.requestId]).toEqual(['A', 'S', 'T', 'PFX']);
  });

  it.each([
    [{ 'x-amz-request-id': 'HDR-1' }, 'HDR-1'],
    [{ 'x-amzn-requestid': 'HDR-2' }, 'HDR-2'],
    [{ 'x-amz-request-id': ['HDR-3', 'HDR-4'] }, 'HDR-3'],
    [{}, undefined],
  ])('request id falls back to headers %j when the body has none', (headers, expected) => {
    const doc = credentialsDoc(GOOD_FIELDS).replace('<ResponseMetadata><RequestId>RID</RequestId></ResponseMetadata>', '');
    expect(parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, doc, headers), ctx('AssumeRole')).requestId).toBe(expected);
  });

  it('an unparseable Date header gives serverDate undefined rather than an Invalid Date', () => {
    const result = parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, credentialsDoc(GOOD_FIELDS), { date: 'not a date' }), ctx('AssumeRole'));
    expect(result.serverDate).toBeUndefined();
  });

  it('AssumeRole without AssumedRoleUser gives assumedRoleUser undefined; custom token without AssumedUser gives undefined', () => {
    expect(parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, credentialsDoc(GOOD_FIELDS)), ctx('AssumeRole')).assumedRoleUser).toBeUndefined();
    const ct = parseStsResponse(STS_ACTIONS.AssumeRoleWithCustomToken, answer(200, credentialsDoc(GOOD_FIELDS, 'AssumeRoleWithCustomToken')), ctx('AssumeRoleWithCustomToken'));
    expect(ct.assumedUser).toBeUndefined();
    expect(ct.action).toBe('AssumeRoleWithCustomToken');
  });
});

describe('parseStsResponse: missing or invalid credential fields', () => {
  it.each([
    ['SessionToken missing', { ...GOOD_FIELDS, SessionToken: undefined }, 'Credentials.SessionToken'],
    ['SessionToken empty', { ...GOOD_FIELDS, SessionToken: '' }, 'Credentials.SessionToken'],
    ['AccessKeyId missing', { ...GOOD_FIELDS, AccessKeyId: undefined }, 'Credentials.AccessKeyId'],
    ['SecretAccessKey missing', { ...GOOD_FIELDS, SecretAccessKey: undefined }, 'Credentials.SecretAccessKey'],
    ['SecretAccessKey with child elements', { ...GOOD_FIELDS, SecretAccessKey: '<x>nested</x>' }, 'Credentials.SecretAccessKey'],
    ['Expiration missing', { ...GOOD_FIELDS, Expiration: undefined }, 'Credentials.Expiration'],
    ['Expiration not a date', { ...GOOD_FIELDS, Expiration: 'tomorrow' }, 'Credentials.Expiration'],
    ['Expiration epoch seconds', { ...GOOD_FIELDS, Expiration: '1770934728' }, 'Credentials.Expiration'],
    ['Expiration date only', { ...GOOD_FIELDS, Expiration: '2036-02-12' }, 'Credentials.Expiration'],
    ['Expiration without zone', { ...GOOD_FIELDS, Expiration: '2036-02-12T22:18:48' }, 'Credentials.Expiration'],
    ['Expiration HTTP date', { ...GOOD_FIELDS, Expiration: 'Thu, 12 Feb 2026 22:18:48 GMT' }, 'Credentials.Expiration'],
    ['Expiration out-of-range month', { ...GOOD_FIELDS, Expiration: '2026-13-12T22:18:48Z' }, 'Credentials.Expiration'],
    ['Expiration out-of-range hour', { ...GOOD_FIELDS, Expiration: '2036-02-12T25:18:48Z' }, 'Credentials.Expiration'],
    ['Expiration 30 February (Date would roll it over)', { ...GOOD_FIELDS, Expiration: '2026-02-30T00:00:00Z' }, 'Credentials.Expiration'],
    ['Expiration offset out of range', { ...GOOD_FIELDS, Expiration: '2036-02-12T22:18:48+24:00' }, 'Credentials.Expiration'],
  ])('%s → StsResponseError field %s', (_what, fields, field) => {
    const error = thrownBy('AssumeRole', answer(200, credentialsDoc(fields), { ...XML, 'x-amz-request-id': 'R' }));
    expect(error).toBeInstanceOf(StsResponseError);
    const e = error as StsResponseError;
    expect(e.field).toBe(field);
    expect(e.statusCode).toBe(200);
    expect(e.code).toBe('ERR_STS_BAD_RESPONSE');
    expect(e.action).toBe('AssumeRole');
    expect(e.endpoint).toBe(ENDPOINT);
    expect(e.message).toContain(ENDPOINT);
    expect(isStsCredsError(e)).toBe(true);
    expect(isStsServiceError(e)).toBe(false);
  });

  it('no Credentials element at all → field Credentials', () => {
    const error = thrownBy('AssumeRole', answer(200, '<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>'));
    expect(error).toBeInstanceOf(StsResponseError);
    expect((error as StsResponseError).field).toBe('Credentials');
  });

  it('never puts credential values that were present into the error message', () => {
    const error = thrownBy('AssumeRole', answer(200, credentialsDoc({ ...GOOD_FIELDS, Expiration: 'bogus' })));
    const message = (error as Error).message;
    for (const value of [GOOD_FIELDS.SecretAccessKey, GOOD_FIELDS.SessionToken, 'bogus']) expect(message).not.toContain(value);
  });
});

describe('parseStsResponse: service error documents', () => {
  it.each([
    {
      what: 'MinIO STS ErrorResponse (empty Type)',
      status: 400,
      body: fixture('minio-error.xml'),
      headers: { ...XML, 'x-amz-request-id': 'IGNORED-HEADER' },
      expected: { statusCode: 400, stsCode: 'InvalidParameterValue', serverMessage: 'invalid token expiry', requestId: '1893E2A8B3F6C0D1', errorType: undefined },
    },
    {
      what: 'AWS STS ErrorResponse (Type Sender, pretty-printed)',
      status: 403,
      body: fixture('aws-error.xml'),
      headers: { 'content-type': 'text/xml' },
      expected: {
        statusCode: 403,
        stsCode: 'AccessDenied',
        serverMessage:
          'User: arn:aws:iam::210987654321:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/deploy-role',
        requestId: '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
        errorType: 'Sender',
      },
    },
    {
      what: 'S3-style <Error> with no namespace (RequestTimeTooSkewed)',
      status: 403,
      body: fixture('s3-skew-error.xml'),
      headers: { ...XML, date: 'Tue, 12 Feb 2036 22:40:00 GMT' },
      expected: {
        statusCode: 403,
        stsCode: 'RequestTimeTooSkewed',
        serverMessage: "The difference between the request time and the server's time is too large.",
        requestId: '1893E2A8B3F6C0D3',
        errorType: undefined,
        serverDate: new Date('2036-02-12T22:40:00Z'),
      },
    },
    {
      what: 'S3-style missing date (400 AccessDenied)',
      status: 400,
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>AWS authentication requires a valid Date or x-amz-date header</Message><Resource>/</Resource><RequestId></RequestId><HostId>h</HostId></Error>',
      headers: { ...XML, 'x-amz-request-id': 'FROM-HEADER' },
      expected: { statusCode: 400, stsCode: 'AccessDenied', serverMessage: 'AWS authentication requires a valid Date or x-amz-date header', requestId: 'FROM-HEADER' },
    },
    {
      what: 'ErrorResponse without a RequestId: id from x-amz-request-id',
      status: 500,
      body: '<ErrorResponse><Error><Type></Type><Code>InternalError</Code><Message>plugin said no</Message></Error></ErrorResponse>',
      headers: { ...XML, 'x-amz-request-id': '17F0000000000001' },
      expected: { statusCode: 500, stsCode: 'InternalError', serverMessage: 'plugin said no', requestId: '17F0000000000001' },
    },
    {
      what: 'ErrorResponse with entities in the message',
      status: 400,
      body: '<ErrorResponse><Error><Code>InvalidParameterValue</Code><Message>Version cannot be empty expecting &apos;2012-10-17&apos; &amp; &lt;more&gt;</Message></Error><RequestId>X</RequestId></ErrorResponse>',
      headers: XML,
      expected: { statusCode: 400, stsCode: 'InvalidParameterValue', serverMessage: "Version cannot be empty expecting '2012-10-17' & <more>", requestId: 'X' },
    },
    {
      what: 'error document even with HTTP 200',
      status: 200,
      body: '<ErrorResponse><Error><Code>Throttling</Code><Message>slow down</Message></Error></ErrorResponse>',
      headers: XML,
      expected: { statusCode: 200, stsCode: 'Throttling', serverMessage: 'slow down', requestId: undefined },
    },
  ])('$what → StsServiceError', ({ status, body, headers, expected }) => {
    for (const action of ['AssumeRole', 'AssumeRoleWithCustomToken'] as const) {
      const error = thrownBy(action, answer(status, body, headers));
      expect(error).toBeInstanceOf(StsServiceError);
      const e = error as StsServiceError;
      expect(e).toMatchObject({ ...expected, action, endpoint: ENDPOINT, code: 'ERR_STS_SERVICE', name: 'StsServiceError' });
      if (!('serverDate' in expected)) expect(e.serverDate).toBeUndefined();
      expect(isStsServiceError(e)).toBe(true);
      expect(e.message).toContain(`${action} failed: ${expected.stsCode} (HTTP ${status})`);
      expect(e.message).toContain(ENDPOINT);
      if (expected.requestId) expect(e.message).toContain(`(request id ${expected.requestId})`);
    }
  });

  it('an empty Message reads "no message"', () => {
    const e = thrownBy('AssumeRole', answer(403, '<ErrorResponse><Error><Code>AccessDenied</Code><Message></Message></Error></ErrorResponse>')) as StsServiceError;
    expect(e.serverMessage).toBe('');
    expect(e.message).toBe(`AssumeRole failed: AccessDenied (HTTP 403): no message [${ENDPOINT}]`);
  });

  it.each([
    ['escape sequences', 'a\u001b[31mred\u001b[0m', 'a\\x1b[31mred\\x1b[0m'],
    ['OSC 52 clipboard write', 'x\u001b]52;c;ZWNobyBwd25lZA==\u0007y', 'x\\x1b]52;c;ZWNobyBwd25lZA==\\x07y'],
    ['newlines (literal and referenced)', 'line1\nline2&#10;line3&#13;line4', 'line1\\nline2\\nline3\\rline4'],
    ['tab, bell, DEL', 'x\ty\u0007z\u007fw', 'x\\ty\\x07z\\x7fw'],
    ['C1 controls (NEL, CSI)', 'p&#x85;q&#x9B;r', 'p\\x85q\\x9br'],
    ['Unicode line and paragraph separators', 'u\u2028v\u2029w', 'u\\u2028v\\u2029w'],
    ['leading and trailing white space trimmed', '\n\t  spaced  \n', 'spaced'],
  ])('control characters in server text are neutralised: %s', (_what, raw, clean) => {
    const body = `<ErrorResponse><Error><Code>Bad&#10;Code\u001b</Code><Message>${raw}</Message></Error><RequestId>R</RequestId></ErrorResponse>`;
    const e = thrownBy('AssumeRole', answer(400, body)) as StsServiceError;
    expect(e.serverMessage).toBe(clean);
    expect(e.stsCode).toBe('Bad\\nCode\\x1b');
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('a very long server message is cut to 500 characters plus an ellipsis', () => {
    const e = thrownBy('AssumeRole', answer(400, `<ErrorResponse><Error><Code>C</Code><Message>${'m'.repeat(5000)}</Message></Error></ErrorResponse>`)) as StsServiceError;
    expect(e.serverMessage).toBe(`${'m'.repeat(500)}…`);
  });
});

describe('parseStsResponse: answers that are not STS documents', () => {
  it.each([
    { what: 'HTML 502 page (not well-formed)', status: 502, body: fixture('html-502.html'), headers: { 'content-type': 'text/html' }, message: /HTTP 502 .*malformed XML.*\(text\/html\)/ },
    { what: 'well-formed HTML 502 page', status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' }, message: /HTTP 502 .*not an STS error document/ },
    { what: 'empty 200 body', status: 200, body: '', headers: {}, message: /invalid response .*empty body \(no content type\)/ },
    { what: 'whitespace-only 200 body', status: 200, body: ' \r\n\t', headers: XML, message: /empty body/ },
    { what: 'empty 503 body', status: 503, body: '', headers: {}, message: /HTTP 503 .*empty body/ },
    { what: 'truncated success body', status: 200, body: fixture('minio-assume-role.xml').slice(0, 200), headers: XML, message: /invalid response .*malformed XML/ },
    { what: 'JSON', status: 200, body: '{"AccessKeyId":"x"}', headers: { 'content-type': 'application/json; charset=utf-8' }, message: /malformed XML.*\(application\/json\)/ },
    { what: 'XML 500 that is not an error document', status: 500, body: '<Foo><Bar/></Foo>', headers: XML, message: /HTTP 500 .*not an STS error document/ },
    { what: 'ErrorResponse with no Code', status: 400, body: '<ErrorResponse><Error><Message>m</Message></Error></ErrorResponse>', headers: XML, message: /not an STS error document/ },
    { what: 'ErrorResponse with a blank Code', status: 400, body: '<ErrorResponse><Error><Code>  </Code></Error></ErrorResponse>', headers: XML, message: /not an STS error document/ },
    { what: 'DOCTYPE (billion laughs) on 200', status: 200, body: '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>', headers: XML, message: /DOCTYPE/ },
    { what: 'undeclared entity in a credential', status: 200, body: credentialsDoc({ ...GOOD_FIELDS, SessionToken: 'x&nbsp;y' }), headers: XML, message: /undeclared entity/ },
  ])('$what → StsResponseError with the status code', ({ status, body, headers, message }) => {
    const error = thrownBy('AssumeRole', answer(status, body, headers));
    expect(error).toBeInstanceOf(StsResponseError);
    const e = error as StsResponseError;
    expect(e.statusCode).toBe(status);
    expect(e.code).toBe('ERR_STS_BAD_RESPONSE');
    expect(e.field).toBeUndefined();
    expect(e.endpoint).toBe(ENDPOINT);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith('AssumeRole failed:')).toBe(true);
  });

  it('a refused document never has its content quoted in the message', () => {
    const body = `<AssumeRoleResponse><Credentials><SecretAccessKey>SUPERSECRET</SecretAccessKey><SessionToken>TOKENSECRET&bad;</SessionToken>`;
    const e = thrownBy('AssumeRole', answer(200, body)) as Error;
    expect(e.message).not.toContain('SUPERSECRET');
    expect(e.message).not.toContain('TOKENSECRET');
  });
});

describe('parseStsResponse: credentials that are already expired by the server’s own clock', () => {
  it('are refused as a bad response, naming both times', () => {
    const body = fixture('minio-assume-role.xml'); // Expiration 2036-02-12T22:18:48Z
    const error = thrownBy('AssumeRole', answer(200, body, { ...XML, date: 'Tue, 12 Feb 2036 22:18:48 GMT' }));
    expect(error).toBeInstanceOf(StsResponseError);
    expect((error as StsResponseError).field).toBe('Credentials.Expiration');
    expect((error as Error).message).toMatch(/expired at 2036-02-12T22:18:48.000Z, before the server's own time 2036-02-12T22:18:48.000Z/);
  });

  it('a second before expiry by the server clock is still accepted', () => {
    const result = parseStsResponse(STS_ACTIONS.AssumeRole, answer(200, fixture('minio-assume-role.xml'), { ...XML, date: 'Tue, 12 Feb 2036 22:18:47 GMT' }), ctx('AssumeRole'));
    expect(result.expiration.toISOString()).toBe('2036-02-12T22:18:48.000Z');
  });
});
