import { describe, expect, it } from 'vitest';
import type { StsCallContext } from '../../src/errors.js';
import { assumeRoleAction, type AssumeRoleParams } from '../../src/sts/actions/assume-role.js';
import { customTokenAction, type CustomTokenParams } from '../../src/sts/actions/custom-token.js';
import { CTX_ROLE, CTX_TOKEN, validationError } from '../helpers/sts-assert.js';
import { buildWire } from '../helpers/sts-wire.js';

const SIGNER = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const buildAssumeRoleBody = (params: AssumeRoleParams, context: StsCallContext, now?: Date): string =>
  buildWire(assumeRoleAction, { ...params, credentials: SIGNER }, context, now);
const buildCustomTokenQuery = (params: CustomTokenParams, context: StsCallContext): string => buildWire(customTokenAction, params, context);

const POLICY_TEXT = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::bucket/*"] }
  ]
}`;
const POLICY_FORM =
  '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22s3%3AGetObject%22%5D%2C%22Resource%22%3A%5B%22arn%3Aaws%3As3%3A%3A%3Abucket%2F*%22%5D%7D%5D%7D';

describe('buildAssumeRoleBody: exact form body', () => {
  it.each<[string, AssumeRoleParams, string]>([
    ['no parameters', {}, 'Action=AssumeRole&Version=2011-06-15'],
    ['duration only', { durationSeconds: 3600 }, 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=3600'],
    ['duration at the minimum', { durationSeconds: 900 }, 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900'],
    ['duration at the maximum', { durationSeconds: 31_536_000 }, 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=31536000'],
    ['policy text, minified', { policy: POLICY_TEXT }, `Action=AssumeRole&Version=2011-06-15&Policy=${POLICY_FORM}`],
    [
      'policy object',
      { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::bucket/*'] }] } },
      `Action=AssumeRole&Version=2011-06-15&Policy=${POLICY_FORM}`,
    ],
    [
      'every parameter, in a fixed order',
      {
        tokenRevokeType: 'ci job',
        externalId: 'ext&id=1',
        roleSessionName: 'nightly build',
        roleArn: 'arn:aws:iam::210987654321:role/deploy',
        policy: '{ "Version" : "2012-10-17" }',
        durationSeconds: 7200,
      },
      'Action=AssumeRole&Version=2011-06-15&DurationSeconds=7200&Policy=%7B%22Version%22%3A%222012-10-17%22%7D' +
        '&RoleArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fdeploy&RoleSessionName=nightly+build&ExternalId=ext%26id%3D1&TokenRevokeType=ci+job',
    ],
    ['empty optional strings are left out', { roleArn: '', roleSessionName: '', externalId: '', tokenRevokeType: '' }, 'Action=AssumeRole&Version=2011-06-15'],
    ['undefined optionals are left out', { durationSeconds: undefined, policy: undefined, roleArn: undefined }, 'Action=AssumeRole&Version=2011-06-15'],
  ])('%s', (_what, params, body) => {
    expect(buildAssumeRoleBody(params, CTX_ROLE)).toBe(body);
  });

  it('the body decodes back to exactly the parameters sent (what MinIO parseForm will see)', () => {
    const form = new URLSearchParams(buildAssumeRoleBody({ durationSeconds: 5400, policy: POLICY_TEXT, tokenRevokeType: 'a+b c&d' }, CTX_ROLE));
    expect([...form]).toEqual([
      ['Action', 'AssumeRole'],
      ['Version', '2011-06-15'],
      ['DurationSeconds', '5400'],
      ['Policy', JSON.stringify(JSON.parse(POLICY_TEXT))],
      ['TokenRevokeType', 'a+b c&d'],
    ]);
  });

  it.each<[string, AssumeRoleParams, string, RegExp]>([
    ['duration 899', { durationSeconds: 899 }, 'durationSeconds', /from 900 to 31536000 for AssumeRole, got 899/],
    ['duration 31536001', { durationSeconds: 31_536_001 }, 'durationSeconds', /got 31536001/],
    ['duration 3600.5', { durationSeconds: 3600.5 }, 'durationSeconds', /whole number/],
    ['duration NaN', { durationSeconds: Number.NaN }, 'durationSeconds', /got NaN/],
    ['policy not JSON', { policy: '{"Version":' }, 'policy', /policy is not valid JSON/],
    ['policy a JSON array', { policy: '[]' }, 'policy', /policy must be a JSON object/],
  ])('%s is refused before anything is built', (_what, params, field, message) => {
    const e = validationError(() => buildAssumeRoleBody(params, CTX_ROLE));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.action).toBe('AssumeRole');
    expect(e.endpoint).toBe('http://127.0.0.1:9000');
  });
});

describe('buildCustomTokenQuery: exact query string', () => {
  it.each<[string, CustomTokenParams, string]>([
    [
      'token and role ARN',
      { token: 'good-token', roleArn: 'arn:minio:iam:::role/idmp-test' },
      'Action=AssumeRoleWithCustomToken&Version=2011-06-15&Token=good-token&RoleArn=arn%3Aminio%3Aiam%3A%3A%3Arole%2Fidmp-test',
    ],
    [
      'with duration and revoke type',
      { token: 'good-token', roleArn: 'arn:minio:iam:::role/idmp-test', durationSeconds: 900, tokenRevokeType: 'nightly' },
      'Action=AssumeRoleWithCustomToken&Version=2011-06-15&Token=good-token&RoleArn=arn%3Aminio%3Aiam%3A%3A%3Arole%2Fidmp-test&DurationSeconds=900&TokenRevokeType=nightly',
    ],
    [
      'duration at the maximum (7 days)',
      { token: 't0k', roleArn: 'r', durationSeconds: 604_800 },
      'Action=AssumeRoleWithCustomToken&Version=2011-06-15&Token=t0k&RoleArn=r&DurationSeconds=604800',
    ],
    [
      'a token with reserved characters is percent-encoded',
      { token: 'a+b/c=d&e f?g#h%', roleArn: 'r' },
      'Action=AssumeRoleWithCustomToken&Version=2011-06-15&Token=a%2Bb%2Fc%3Dd%26e+f%3Fg%23h%25&RoleArn=r',
    ],
    [
      'a JWT token',
      { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig_-', roleArn: 'r' },
      'Action=AssumeRoleWithCustomToken&Version=2011-06-15&Token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig_-&RoleArn=r',
    ],
  ])('%s', (_what, params, query) => {
    expect(buildCustomTokenQuery(params, CTX_TOKEN)).toBe(query);
  });

  it('round-trips the token exactly through query parsing', () => {
    const token = 'x+y z&Token=evil%41\u00e9';
    const parsed = new URLSearchParams(buildCustomTokenQuery({ token, roleArn: 'r' }, CTX_TOKEN));
    expect(parsed.getAll('Token')).toEqual([token]);
    expect(parsed.getAll('Action')).toEqual(['AssumeRoleWithCustomToken']);
  });

  it.each<[string, Partial<CustomTokenParams>, string, RegExp]>([
    ['missing token', { roleArn: 'r' }, 'token', /^token is required$/],
    ['empty token', { token: '', roleArn: 'r' }, 'token', /^token is required$/],
    ['missing role ARN', { token: 't' }, 'roleArn', /^roleArn is required$/],
    ['empty role ARN', { token: 't', roleArn: '' }, 'roleArn', /^roleArn is required$/],
    ['duration 0', { token: 't', roleArn: 'r', durationSeconds: 0 }, 'durationSeconds', /from 1 to 31536000 for AssumeRoleWithCustomToken, got 0/],
    ['duration -1', { token: 't', roleArn: 'r', durationSeconds: -1 }, 'durationSeconds', /got -1/],
    ['duration 31536001', { token: 't', roleArn: 'r', durationSeconds: 31_536_001 }, 'durationSeconds', /got 31536001/],
    ['duration 1000.1', { token: 't', roleArn: 'r', durationSeconds: 1000.1 }, 'durationSeconds', /whole number/],
  ])('%s is refused', (_what, params, field, message) => {
    const e = validationError(() => buildCustomTokenQuery(params as CustomTokenParams, CTX_TOKEN));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.action).toBe('AssumeRoleWithCustomToken');
  });

  it('the refusal for a bad duration never repeats the token', () => {
    const e = validationError(() => buildCustomTokenQuery({ token: 'tok-SECRET-123', roleArn: 'r', durationSeconds: 0 }, CTX_TOKEN));
    expect(e.message).not.toContain('tok-SECRET-123');
  });
});
