/**
 * The rest of the STS family on the wire, against an in-process fake STS: the exact request each action
 * sends (AssumeRole's AWS parameters, LDAP / WebIdentity / ClientGrants form bodies, Certificate's query),
 * what is refused before sending, and the typed result of each action's response (MinIO's compact documents
 * and AWS's documented shapes).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  StsClient,
  StsServiceError,
  StsValidationError,
  type AssumeRoleWithWebIdentityResult,
  type StsResult,
} from '../../src/index.js';
import { renderJson } from '../../src/format/render-json.js';
import { renderText } from '../../src/format/render-text.js';
import { parseStsResponse } from '../../src/sts/parse-response.js';
import { STS_ACTIONS } from '../../src/sts/registry.js';
import { FAKE_CREDENTIALS, assumeRoleSuccessBody, useFakeSts } from '../helpers/fake-sts.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const XML = { 'content-type': 'application/xml' };
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
/** 2026-02-12T21:18:48Z: the clock every client here signs and names sessions with. */
const NOW = new Date(Date.UTC(2026, 1, 12, 21, 18, 48));
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

const fake = useFakeSts();

function client(): StsClient {
  return new StsClient({ endpoint: fake.url, now: () => NOW, maxAttempts: 1 });
}

async function withClient<T>(fn: (c: StsClient) => Promise<T>): Promise<T> {
  const c = client();
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

async function refused(promise: Promise<unknown>): Promise<StsValidationError> {
  const error = await promise.then(
    () => expect.unreachable('the call should have been refused'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StsValidationError);
  expect(fake.requests).toHaveLength(0); // refused before anything was sent
  return error as StsValidationError;
}

describe('AssumeRole: AWS STS parameters', () => {
  it('sends every AWS parameter in the signed form body, lists numbered from 1', async () => {
    await withClient((c) =>
      c.assumeRole({
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example-key' },
        durationSeconds: 3600,
        roleArn: 'arn:aws:iam::210987654321:role/deploy',
        roleSessionName: 'nightly',
        externalId: 'ext-42',
        serialNumber: 'arn:aws:iam::210987654321:mfa/ci',
        tokenCode: '123456',
        sourceIdentity: 'build-bot',
        policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::210987654321:policy/extra'],
        tags: [
          { key: 'team', value: 'storage' },
          { key: 'cost-center', value: 'a=b&c' },
        ],
        transitiveTagKeys: ['team'],
      }),
    );
    const req = fake.onlyRequest();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/');
    expect(req.headers['content-type']).toBe(FORM);
    expect(req.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260212\/us-east-1\/sts\/aws4_request, SignedHeaders=/);
    expect(req.body).toBe(
      'Action=AssumeRole&Version=2011-06-15&DurationSeconds=3600' +
        '&RoleArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fdeploy&RoleSessionName=nightly&ExternalId=ext-42' +
        '&SerialNumber=arn%3Aaws%3Aiam%3A%3A210987654321%3Amfa%2Fci&TokenCode=123456&SourceIdentity=build-bot' +
        '&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess' +
        '&PolicyArns.member.2.arn=arn%3Aaws%3Aiam%3A%3A210987654321%3Apolicy%2Fextra' +
        '&Tags.member.1.Key=team&Tags.member.1.Value=storage' +
        '&Tags.member.2.Key=cost-center&Tags.member.2.Value=a%3Db%26c' +
        '&TransitiveTagKeys.member.1=team',
    );
  });

  it('tags may be given as an object; an empty tag value is sent', async () => {
    await withClient((c) => c.assumeRole({ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, tags: { project: 'x', empty: '' } }));
    expect(fake.onlyRequest().body).toBe(
      'Action=AssumeRole&Version=2011-06-15&Tags.member.1.Key=project&Tags.member.1.Value=x&Tags.member.2.Key=empty&Tags.member.2.Value=',
    );
  });

  it('a RoleArn without RoleSessionName gets sts-creds-<unix seconds>; without RoleArn no session name is sent', async () => {
    await withClient((c) => c.assumeRole({ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, roleArn: 'arn:aws:iam::1:role/r' }));
    expect(new URLSearchParams(fake.requests[0]!.body).get('RoleSessionName')).toBe(`sts-creds-${NOW_SECONDS}`);
    await withClient((c) => c.assumeRole({ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } }));
    expect(new URLSearchParams(fake.requests[1]!.body).has('RoleSessionName')).toBe(false);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a token code without a serial number', { tokenCode: '123456' }, 'serialNumber', /tokenCode needs serialNumber/],
    ['a serial number without a token code', { serialNumber: 'arn:aws:iam::1:mfa/x' }, 'tokenCode', /serialNumber needs tokenCode/],
    ['a token code that is not six digits', { serialNumber: 'x', tokenCode: '12345' }, 'tokenCode', /six digits/],
    ['51 tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, 'tags', /at most 50/],
    ['an empty tag key', { tags: [{ key: '', value: 'v' }] }, 'tags', /key must be 1 to 128/],
    ['a 129-character tag key', { tags: [{ key: 'k'.repeat(129), value: 'v' }] }, 'tags', /key must be 1 to 128/],
    ['a 257-character tag value', { tags: [{ key: 'k', value: 'v'.repeat(257) }] }, 'tags', /at most 256/],
    ['the same tag key twice (case-insensitively)', { tags: [{ key: 'Team', value: 'a' }, { key: 'team', value: 'b' }] }, 'tags', /appears twice/],
    ['11 policy ARNs', { policyArns: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::1:policy/p${i}`) }, 'policyArns', /at most 10/],
    ['an empty policy ARN', { policyArns: [''] }, 'policyArns', /non-empty/],
    ['an empty transitive tag key', { transitiveTagKeys: [''] }, 'transitiveTagKeys', /non-empty/],
  ])('refuses %s before sending', async (_what, params, field, message) => {
    const error = await refused(withClient((c) => c.assumeRole({ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, ...params })));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('parses AWS’s AssumeRole answer: AssumedRoleUser, PackedPolicySize, SourceIdentity', async () => {
    fake.reply(200, fixture('aws-assume-role.xml'), { 'content-type': 'text/xml' });
    const result = await withClient((c) => c.assumeRole({ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, roleArn: 'arn:aws:iam::1:role/r' }));
    expect(result.assumedRoleUser).toEqual({
      arn: 'arn:aws:sts::210987654321:assumed-role/deploy-role/nightly-build',
      assumedRoleId: 'AROAQX7EXAMPLEROLEID:nightly-build',
    });
    expect(result.packedPolicySize).toBe(6);
    expect(result.sourceIdentity).toBe('build-bot');
  });

  it('turns AWS’s MFA refusal into an StsServiceError with Type Sender', async () => {
    fake.reply(403, fixture('aws-mfa-error.xml'), { 'content-type': 'text/xml' });
    const error = await withClient((c) =>
      c.assumeRole({ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, roleArn: 'arn:aws:iam::1:role/r', serialNumber: 'arn:aws:iam::1:mfa/me', tokenCode: '000000' }),
    ).then(
      () => expect.unreachable('should fail'),
      (e: unknown) => e as StsServiceError,
    );
    expect(error).toBeInstanceOf(StsServiceError);
    expect(error.statusCode).toBe(403);
    expect(error.stsCode).toBe('AccessDenied');
    expect(error.errorType).toBe('Sender');
    expect(error.serverMessage).toMatch(/MultiFactorAuthentication failed/);
    expect(error.requestId).toBe('1b2c3d4e-5f60-4718-9a0b-c1d2e3f40516');
  });
});

describe('AssumeRoleWithLDAPIdentity: unsigned form body', () => {
  it('sends user name and password in the body only, never in the URL, with no Authorization', async () => {
    fake.reply(200, fixture('minio-ldap.xml'));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] };
    const result = await withClient((c) =>
      c.assumeRoleWithLdapIdentity({ username: 'alice', password: 'p&ss=w0rd 1', durationSeconds: 900, policy, tokenRevokeType: 'ldap-ci' }),
    );
    const req = fake.onlyRequest();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/');
    expect(req.headers['content-type']).toBe(FORM);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers['x-amz-security-token']).toBeUndefined();
    expect(req.body).toBe(
      'Action=AssumeRoleWithLDAPIdentity&Version=2011-06-15&LDAPUsername=alice&LDAPPassword=p%26ss%3Dw0rd+1&DurationSeconds=900' +
        `&Policy=${encodeURIComponent(JSON.stringify(policy)).replace(/%20/g, '+')}&TokenRevokeType=ldap-ci`,
    );
    expect(result).toEqual({
      action: 'AssumeRoleWithLDAPIdentity',
      accessKeyId: 'L2DAPX7K0Q4M9B1C3V5N',
      secretAccessKey: 'bGRhcCtzZWNyZXQrZm9yK3Rlc3RzK29ubHkrMTIz',
      sessionToken: 'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJsZGFwVXNlciI6ImFsaWNlIn0.c2ln',
      expiration: new Date('2036-02-12T22:18:48Z'),
      requestId: '1893E2A8B3F6C0D3',
      serverDate: expect.any(Date), // node:http sends a Date header
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty user name', { username: '', password: 'x' }, 'username'],
    ['an empty password', { username: 'alice', password: '' }, 'password'],
    ['a duration under 900 s', { username: 'alice', password: 'x', durationSeconds: 899 }, 'durationSeconds'],
    ['a duration over 365 days', { username: 'alice', password: 'x', durationSeconds: 31_536_001 }, 'durationSeconds'],
    ['a policy that is not JSON', { username: 'alice', password: 'x', policy: '{' }, 'policy'],
  ])('refuses %s before sending, never quoting the password', async (_what, params, field) => {
    const error = await refused(withClient((c) => c.assumeRoleWithLdapIdentity(params as never)));
    expect(error.field).toBe(field);
    expect(error.action).toBe('AssumeRoleWithLDAPIdentity');
  });
});

describe('AssumeRoleWithWebIdentity and AssumeRoleWithClientGrants: unsigned form bodies', () => {
  it('web identity: token, role, default session name, duration, policy ARNs, provider id', async () => {
    fake.reply(200, fixture('minio-web-identity.xml'));
    const result = await withClient((c) =>
      c.assumeRoleWithWebIdentity({
        webIdentityToken: 'eyJ.hdr.sig',
        roleArn: 'arn:minio:iam:::role/abc',
        durationSeconds: 1800,
        policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        providerId: 'www.amazon.com',
      }),
    );
    const req = fake.onlyRequest();
    expect(req.url).toBe('/');
    expect(req.headers['content-type']).toBe(FORM);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toBe(
      'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&WebIdentityToken=eyJ.hdr.sig&DurationSeconds=1800' +
        `&RoleArn=arn%3Aminio%3Aiam%3A%3A%3Arole%2Fabc&RoleSessionName=sts-creds-${NOW_SECONDS}&ProviderId=www.amazon.com` +
        '&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess',
    );
    expect(result.action).toBe('AssumeRoleWithWebIdentity');
    expect(result.subjectFromWebIdentityToken).toBe('alice-subject');
    expect(result.assumedRoleUser).toEqual({ arn: '', assumedRoleId: '' });
    expect(result.audience).toBeUndefined();
    expect(result.provider).toBeUndefined();
    expect(result.packedPolicySize).toBeUndefined();
  });

  it('web identity without a role: only the token (MinIO maps policies from claims)', async () => {
    fake.reply(200, fixture('minio-web-identity.xml'));
    await withClient((c) => c.assumeRoleWithWebIdentity({ webIdentityToken: 'tok' }));
    expect(fake.onlyRequest().body).toBe('Action=AssumeRoleWithWebIdentity&Version=2011-06-15&WebIdentityToken=tok');
  });

  it('web identity: parses AWS’s documented answer with every extra field', async () => {
    fake.reply(200, fixture('aws-assume-role-with-web-identity.xml'), { 'content-type': 'text/xml' });
    const result = await withClient((c) => c.assumeRoleWithWebIdentity({ webIdentityToken: 'tok', roleArn: 'arn:aws:iam::210987654321:role/ci-builder' }));
    expect(result).toEqual<AssumeRoleWithWebIdentityResult>({
      action: 'AssumeRoleWithWebIdentity',
      accessKeyId: 'ASIAQX7EXAMPLEWEB77',
      secretAccessKey: 'd2ViK2lkZW50aXR5K3NlY3JldCtrZXkrdGVzdHMrb25seQ',
      sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLEwebidentity//////////wEaCXVzLWVhc3QtMSJHMEUCIQtestonly=',
      expiration: new Date('2039-11-09T14:04:41Z'),
      requestId: '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
      serverDate: expect.any(Date) as Date,
      subjectFromWebIdentityToken: 'system:serviceaccount:ci:builder',
      assumedRoleUser: { arn: 'arn:aws:sts::210987654321:assumed-role/ci-builder/pod-7f9c', assumedRoleId: 'AROAQX7EXAMPLEWEBID:pod-7f9c' },
      audience: 'sts.amazonaws.com',
      provider: 'arn:aws:iam::210987654321:oidc-provider/oidc.example.com/id/ABC123',
      packedPolicySize: 11,
      sourceIdentity: 'builder@ci',
    });
  });

  it('client grants: Token (not WebIdentityToken), optional role, policy', async () => {
    fake.reply(200, fixture('minio-client-grants.xml'));
    const result = await withClient((c) => c.assumeRoleWithClientGrants({ token: 'access.tok.en', roleArn: 'arn:minio:iam:::role/x', policy: '{ "Version": "2012-10-17" }' }));
    const req = fake.onlyRequest();
    expect(req.url).toBe('/');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toBe(
      'Action=AssumeRoleWithClientGrants&Version=2011-06-15&Token=access.tok.en&Policy=%7B%22Version%22%3A%222012-10-17%22%7D&RoleArn=arn%3Aminio%3Aiam%3A%3A%3Arole%2Fx',
    );
    expect(result.action).toBe('AssumeRoleWithClientGrants');
    expect(result.subjectFromToken).toBe('service-42');
  });

  it.each<[string, (c: StsClient) => Promise<unknown>, string]>([
    ['web identity', (c: StsClient) => c.assumeRoleWithWebIdentity({ webIdentityToken: '' }), 'webIdentityToken'],
    ['client grants', (c: StsClient) => c.assumeRoleWithClientGrants({ token: '' }), 'token'],
    ['web identity duration', (c: StsClient) => c.assumeRoleWithWebIdentity({ webIdentityToken: 't', durationSeconds: 60 }), 'durationSeconds'],
    ['client grants duration', (c: StsClient) => c.assumeRoleWithClientGrants({ token: 't', durationSeconds: 1.5e9 }), 'durationSeconds'],
  ])('%s: refuses a bad input before sending', async (_what, call, field) => {
    expect((await refused(withClient(call))).field).toBe(field);
  });
});

describe('AssumeRoleWithCertificate: query string, empty body', () => {
  it('puts Action, Version and DurationSeconds in the query and sends no body and no Authorization', async () => {
    fake.reply(200, fixture('minio-certificate.xml'));
    const result = await withClient((c) => c.assumeRoleWithCertificate({ durationSeconds: 900, tokenRevokeType: 't1' }));
    const req = fake.onlyRequest();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/?Action=AssumeRoleWithCertificate&Version=2011-06-15&DurationSeconds=900&TokenRevokeType=t1');
    expect(req.body).toBe('');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers['content-type']).toBeUndefined();
    expect(result).toMatchObject({ action: 'AssumeRoleWithCertificate', accessKeyId: 'C3RTX7K0Q4M9B1C3V5N0', requestId: '1893E2A8B3F6C0D6' });
  });

  it('without parameters: just Action and Version', async () => {
    fake.reply(200, fixture('minio-certificate.xml'));
    await withClient((c) => c.assumeRoleWithCertificate());
    expect(fake.onlyRequest().url).toBe('/?Action=AssumeRoleWithCertificate&Version=2011-06-15');
  });

  it('refuses a duration out of range before sending', async () => {
    expect((await refused(withClient((c) => c.assumeRoleWithCertificate({ durationSeconds: 100 })))).field).toBe('durationSeconds');
  });
});

describe('parseStsResponse: each action reads its own Result element', () => {
  it.each([
    ['AssumeRoleWithLDAPIdentity', 'minio-ldap.xml', {}],
    ['AssumeRoleWithWebIdentity', 'minio-web-identity.xml', { subjectFromWebIdentityToken: 'alice-subject' }],
    ['AssumeRoleWithClientGrants', 'minio-client-grants.xml', { subjectFromToken: 'service-42' }],
    ['AssumeRoleWithCertificate', 'minio-certificate.xml', {}],
  ] as const)('%s', (action, file, extra) => {
    const result = parseStsResponse(STS_ACTIONS[action], { statusCode: 200, headers: XML, body: fixture(file) }, { action });
    expect(result.action).toBe(action);
    expect(result.expiration.toISOString()).toBe('2036-02-12T22:18:48.000Z');
    expect(result).toMatchObject(extra);
  });
});

describe('renderers show each action’s extra fields', () => {
  const base = {
    accessKeyId: FAKE_CREDENTIALS.accessKeyId,
    secretAccessKey: FAKE_CREDENTIALS.secretAccessKey,
    sessionToken: FAKE_CREDENTIALS.sessionToken,
    expiration: new Date(FAKE_CREDENTIALS.expiration),
    requestId: 'RID',
    serverDate: undefined,
  };
  const web: StsResult = {
    ...base,
    action: 'AssumeRoleWithWebIdentity',
    subjectFromWebIdentityToken: 'alice',
    assumedRoleUser: { arn: 'arn:aws:sts::1:assumed-role/r/s', assumedRoleId: 'AROA:s' },
    audience: 'client-1',
    provider: 'https://issuer',
    packedPolicySize: 3,
    sourceIdentity: 'src',
  };
  const grants: StsResult = { ...base, action: 'AssumeRoleWithClientGrants', subjectFromToken: 'svc', assumedRoleUser: { arn: '', assumedRoleId: '' } };
  const ldap: StsResult = { ...base, action: 'AssumeRoleWithLDAPIdentity' };

  it('json', () => {
    expect(JSON.parse(renderJson(web))).toMatchObject({
      Action: 'AssumeRoleWithWebIdentity',
      SubjectFromWebIdentityToken: 'alice',
      AssumedRoleUser: { Arn: 'arn:aws:sts::1:assumed-role/r/s', AssumedRoleId: 'AROA:s' },
      Audience: 'client-1',
      Provider: 'https://issuer',
      PackedPolicySize: 3,
      SourceIdentity: 'src',
    });
    const g = JSON.parse(renderJson(grants)) as Record<string, unknown>;
    expect(g.SubjectFromToken).toBe('svc');
    expect(g.AssumedRoleUser).toEqual({ Arn: '', AssumedRoleId: '' }); // empty on MinIO: kept, as the AWS CLI shows it
    expect(Object.keys(JSON.parse(renderJson(ldap)) as object).sort()).toEqual(
      ['AccessKeyId', 'Action', 'Expiration', 'RequestId', 'SecretAccessKey', 'SessionToken'].sort(),
    );
  });

  it('text', () => {
    expect(renderText(web, new Date(FAKE_CREDENTIALS.expiration))).toMatch(/^SubjectFromWebIdentityToken: alice$/m);
    expect(renderText(web, new Date(FAKE_CREDENTIALS.expiration))).toMatch(/^AssumedRoleUser: arn:aws:sts::1:assumed-role\/r\/s$/m);
    expect(renderText(grants, new Date(FAKE_CREDENTIALS.expiration))).toMatch(/^SubjectFromToken: svc$/m);
    expect(renderText(ldap, new Date(FAKE_CREDENTIALS.expiration)).trim().split('\n')).toHaveLength(4);
  });
});

describe('the default answer still parses (sanity of the fake)', () => {
  it('AssumeRole', async () => {
    fake.reply(200, assumeRoleSuccessBody());
    const r = await withClient((c) => c.assumeRole({ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } }));
    expect(r.packedPolicySize).toBeUndefined();
    expect(r.sourceIdentity).toBeUndefined();
  });
});
