/**
 * The CLI's ldap, web-identity, client-grants and certificate commands (run in-process), and assume-role's AWS STS
 * flags, against an in-process fake STS: what reaches the server, and what is refused before anything does.
 * (The same commands against a real MinIO: test/integration/{ldap,web-identity,certificate}.integ.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS, useFakeSts, type FakeSts } from '../helpers/fake-sts.js';
import { runMain } from '../helpers/cli.js';
import { useScratchDir } from '../helpers/temp-dirs.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const XML = { 'content-type': 'application/xml', 'x-amz-request-id': FAKE_CREDENTIALS.requestId };
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

const fake: FakeSts = useFakeSts();
const scratch = useScratchDir('family-cli');
const file = (name: string, content: string): string => scratch.file(name, content);

describe('assume-role: AWS STS flags', () => {
  it('sends RoleArn, a default RoleSessionName, MFA, tags, transitive tag keys, policy ARNs and SourceIdentity', async () => {
    const before = Math.floor(Date.now() / 1000);
    const run = await runMain(
      [
        'assume-role', '-u', 'AKID', '--password-stdin', '--endpoint', fake.url, '-o', 'json',
        '--role-arn', 'arn:aws:iam::210987654321:role/deploy',
        '--serial-number', 'arn:aws:iam::210987654321:mfa/me', '--token-code', '654321',
        '--tag', 'team=storage', '--tag', 'expr=a=b', '--transitive-tag-key', 'team',
        '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess', '--source-identity', 'me@ci',
      ],
      { stdin: 'secret-key-1' },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const sent = new URLSearchParams(fake.onlyRequest().body);
    const session = sent.get('RoleSessionName') ?? '';
    expect(session).toMatch(/^sts-creds-\d{10}$/);
    expect(Number(session.slice('sts-creds-'.length))).toBeGreaterThanOrEqual(before);
    expect([...sent]).toEqual([
      ['Action', 'AssumeRole'],
      ['Version', '2011-06-15'],
      ['RoleArn', 'arn:aws:iam::210987654321:role/deploy'],
      ['RoleSessionName', session],
      ['SerialNumber', 'arn:aws:iam::210987654321:mfa/me'],
      ['TokenCode', '654321'],
      ['SourceIdentity', 'me@ci'],
      ['PolicyArns.member.1.arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
      ['Tags.member.1.Key', 'team'],
      ['Tags.member.1.Value', 'storage'],
      ['Tags.member.2.Key', 'expr'],
      ['Tags.member.2.Value', 'a=b'],
      ['TransitiveTagKeys.member.1', 'team'],
    ]);
  });

  it('prints AWS’s AssumedRoleUser, SourceIdentity and PackedPolicySize', async () => {
    fake.reply(200, fixture('aws-assume-role.xml'), { 'content-type': 'text/xml' });
    const run = await runMain(['assume-role', '-u', 'AKID', '--password-stdin', '--endpoint', fake.url, '-o', 'json', '--role-arn', 'arn:aws:iam::1:role/r'], {
      stdin: 'secret-key-1',
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      AssumedRoleUser: { Arn: 'arn:aws:sts::210987654321:assumed-role/deploy-role/nightly-build', AssumedRoleId: 'AROAQX7EXAMPLEROLEID:nightly-build' },
      SourceIdentity: 'build-bot',
      PackedPolicySize: 6,
    });
  });

  it.each([
    ['--serial-number with no --token-code and no terminal', ['--serial-number', 'arn:aws:iam::1:mfa/me'], /--serial-number needs --token-code/],
    ['--token-code without --serial-number', ['--token-code', '123456'], /--token-code needs --serial-number/],
    ['a --token-code that is not six digits', ['--serial-number', 'arn:aws:iam::1:mfa/me', '--token-code', '12ab'], /six digits/],
    ['--tag without =', ['--tag', 'team'], /use --tag KEY=VALUE/],
    ['--tag with an empty key', ['--tag', '=x'], /use --tag KEY=VALUE/],
  ])('%s: exit 2, nothing sent', async (_what, extra, message) => {
    const run = await runMain(['assume-role', '-u', 'AKID', '--password-stdin', '--endpoint', fake.url, ...extra], { stdin: 'secret-key-1' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('ldap', () => {
  it('posts an unsigned form body to / with the password in the body only', async () => {
    fake.reply(200, fixture('minio-ldap.xml'), XML);
    const run = await runMain(['ldap', '-u', 'alice', '--password-stdin', '--endpoint', fake.url, '-e', '1h', '-o', 'json'], { stdin: 'ldap pw&1\n' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const req = fake.onlyRequest();
    expect(req.url).toBe('/');
    expect(req.headers['content-type']).toBe(FORM);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toBe('Action=AssumeRoleWithLDAPIdentity&Version=2011-06-15&LDAPUsername=alice&LDAPPassword=ldap+pw%261&DurationSeconds=3600');
    expect(JSON.parse(run.stdout)).toMatchObject({ Action: 'AssumeRoleWithLDAPIdentity', AccessKeyId: 'L2DAPX7K0Q4M9B1C3V5N' });
  });

  it('a server refusal never echoes the password', async () => {
    const password = 'ldap-secret-echo-test';
    fake.reply(
      400,
      `<ErrorResponse><Error><Type></Type><Code>InvalidParameterValue</Code><Message>LDAP server error: bad password ${password}</Message></Error><RequestId>R</RequestId></ErrorResponse>`,
      XML,
    );
    const run = await runMain(['ldap', '-u', 'alice', '--password-stdin', '--endpoint', fake.url], { stdin: password });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('LDAP server error');
    expect(run.stderr).not.toContain(password);
  });

  it('--help names the password sources', async () => {
    const run = await runMain(['ldap', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--user', '--password-stdin', '--password-file', '--password-env', '--policy-file', '--duration', '--role-arn', '--role-session-name']) {
      expect(run.stdout).toContain(flag);
    }
  });

  it('sends --role-arn with a default session name, --role-session-name when given, and STS_CREDS_ROLE_ARN', async () => {
    const role = 'arn:aws:iam::000000000000:role/reader';
    fake.reply(200, fixture('minio-ldap.xml'), XML).reply(200, fixture('minio-ldap.xml'), XML);
    const first = await runMain(['ldap', '-u', 'alice', '--password-stdin', '--endpoint', fake.url, '--role-arn', role], { stdin: 'pw' });
    expect(first.code, first.stderr).toBe(0);
    const second = await runMain(['ldap', '-u', 'alice', '--password-stdin', '--endpoint', fake.url, '--role-session-name', 'chosen'], {
      stdin: 'pw',
      env: { STS_CREDS_ROLE_ARN: role },
    });
    expect(second.code, second.stderr).toBe(0);
    const [a, b] = fake.requests.map((r) => new URLSearchParams(r.body));
    expect(a!.get('RoleArn')).toBe(role);
    expect(a!.get('RoleSessionName')).toMatch(/^sts-creds-\d{10}$/);
    expect(b!.get('RoleArn')).toBe(role);
    expect(b!.get('RoleSessionName')).toBe('chosen');
  });
});

describe('a server that needs a role (SeaweedFS’s answers)', () => {
  const seaweedError = (code: string, message: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>1765081234567890123</RequestId></ErrorResponse>`;

  it('“RoleSessionName is required”: exit 1 and a hint naming --role-arn, --role-session-name and the profile keys', async () => {
    fake.reply(400, seaweedError('MissingParameter', 'RoleSessionName is required'), XML);
    const run = await runMain(['web-identity', '--endpoint', fake.url, '--token-file', file('t', 'h.p.s')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/MissingParameter.*RoleSessionName is required.*; this server needs a role to assume: give --role-arn <arn> \(profile key role_arn\), and --role-session-name <name> \(role_session_name\)/);
  });

  it('“RoleArn is required” (ldap): the same hint', async () => {
    fake.reply(400, seaweedError('MissingParameter', 'RoleArn is required'), XML);
    const run = await runMain(['ldap', '-u', 'alice', '--password-stdin', '--endpoint', fake.url], { stdin: 'ldap-pw-not-echoed' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/RoleArn is required.*; this server needs a role to assume: give --role-arn <arn> \(profile key role_arn\)/);
    expect(run.stderr).not.toContain('ldap-pw-not-echoed');
  });
});

describe('web-identity and client-grants', () => {
  it('web-identity follows AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME', async () => {
    fake.reply(200, fixture('minio-web-identity.xml'), XML);
    const tokenFile = file('k8s-token', 'header.payload.sig\n');
    const run = await runMain(['web-identity', '--endpoint', fake.url], {
      env: { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::1:role/pod', AWS_ROLE_SESSION_NAME: 'pod-session' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fake.onlyRequest().body).toBe(
      'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&WebIdentityToken=header.payload.sig&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fpod&RoleSessionName=pod-session',
    );
    expect(run.stdout).toMatch(/^SubjectFromWebIdentityToken: alice-subject$/m);
  });

  it('flags win over the AWS variables; STS_CREDS_TOKEN wins over AWS_WEB_IDENTITY_TOKEN_FILE', async () => {
    fake.reply(200, fixture('minio-web-identity.xml'), XML);
    const env = { AWS_WEB_IDENTITY_TOKEN_FILE: file('unused-token', 'from-aws-file'), AWS_ROLE_ARN: 'arn:aws:iam::1:role/env' };
    await runMain(['web-identity', '--endpoint', fake.url, '-r', 'arn:aws:iam::1:role/flag', '--role-session-name', 's1'], { env: { ...env, STS_CREDS_TOKEN: 'from-sts-creds-token' } });
    const sent = new URLSearchParams(fake.onlyRequest().body);
    expect(sent.get('WebIdentityToken')).toBe('from-sts-creds-token');
    expect(sent.get('RoleArn')).toBe('arn:aws:iam::1:role/flag');
    expect(sent.get('RoleSessionName')).toBe('s1');
  });

  it('client-grants sends Token and ignores AWS_WEB_IDENTITY_TOKEN_FILE (a usage error without a token)', async () => {
    fake.reply(200, fixture('minio-client-grants.xml'), XML);
    const ok = await runMain(['client-grants', '--token-file', file('grant', 'grant.tok.en'), '--endpoint', fake.url, '-o', 'json']);
    expect(ok.code).toBe(0);
    expect(fake.onlyRequest().body).toBe('Action=AssumeRoleWithClientGrants&Version=2011-06-15&Token=grant.tok.en');
    expect(JSON.parse(ok.stdout)).toMatchObject({ Action: 'AssumeRoleWithClientGrants', SubjectFromToken: 'service-42' });

    const none = await runMain(['client-grants', '--endpoint', fake.url], { env: { AWS_WEB_IDENTITY_TOKEN_FILE: file('ignored', 'x') } });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no token/);
    expect(none.stderr).not.toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
  });

  it('an unreadable AWS_WEB_IDENTITY_TOKEN_FILE is a usage error naming the file', async () => {
    const run = await runMain(['web-identity', '--endpoint', fake.url], { env: { AWS_WEB_IDENTITY_TOKEN_FILE: join(scratch.path, 'missing') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read token file .*missing.*ENOENT/);
    expect(fake.requests).toHaveLength(0);
  });

  it('-o credential-process caches per token: the second run does not reach STS, another token does', async () => {
    const body = fixture('minio-web-identity.xml').replace('2036-02-12T22:18:48Z', new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'));
    fake.reply(200, body, XML);
    const cache = join(scratch.path, 'cache-web');
    const args = ['web-identity', '--token-stdin', '--endpoint', fake.url, '-o', 'credential-process'];
    const first = await runMain(args, { stdin: 'token-one', env: { STS_CREDS_CACHE_DIR: cache } });
    const second = await runMain(args, { stdin: 'token-one', env: { STS_CREDS_CACHE_DIR: cache } });
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(fake.requests).toHaveLength(1);
    await runMain(args, { stdin: 'token-two', env: { STS_CREDS_CACHE_DIR: cache } });
    expect(fake.requests).toHaveLength(2);
    // The cache never holds the token.
    const { readdirSync } = await import('node:fs');
    for (const name of readdirSync(cache)) expect(readFileSync(join(cache, name), 'utf8')).not.toContain('token-one');
  });
});

describe('certificate', () => {
  it('needs --cert and --key or --pfx before anything is sent', async () => {
    const run = await runMain(['certificate', '--endpoint', fake.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no client certificate/);
    expect(fake.requests).toHaveLength(0);
  });

  it('--help lists the TLS options', async () => {
    const run = await runMain(['certificate', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--cert', '--key', '--pfx', '--passphrase-env', '--ca-bundle']) expect(run.stdout).toContain(flag);
  });
});
