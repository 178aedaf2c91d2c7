/**
 * The four MinIO-family providers (LDAP, WebIdentity, ClientGrants, Certificate) through one table, against the
 * in-process fake STS: each is a thin call of `fromAction`, so the same behaviour holds for all of them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  StsProviderClosedError,
  StsValidationError,
  fromCertificate,
  fromClientGrants,
  fromLdapIdentity,
  fromWebIdentity,
  type RefreshingCredentialProvider,
  type SecretSource,
} from '../../src/index.js';
import { stsErrorBody, useFakeSts, type RecordedRequest } from '../helpers/fake-sts.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const fake = useFakeSts();

/** A fixture answer whose Expiration is moved an hour into the future, so providers cache it. */
function fresh(file: string): string {
  return fixture(file).replace(/<Expiration>[^<]*<\/Expiration>/, `<Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration>`);
}

interface Row {
  name: string;
  action: string;
  file: string;
  /** Where the secret travels: the form body, or (for the certificate) nowhere. */
  secretParam: string | undefined;
  make: (endpoint: string, secret: SecretSource, extra?: Record<string, unknown>) => RefreshingCredentialProvider;
}

const ROWS: Row[] = [
  {
    name: 'fromLdapIdentity',
    action: 'AssumeRoleWithLDAPIdentity',
    file: 'minio-ldap.xml',
    secretParam: 'LDAPPassword',
    make: (endpoint, password, extra = {}) => fromLdapIdentity({ endpoint, username: 'alice', password, maxAttempts: 1, ...extra }),
  },
  {
    name: 'fromWebIdentity',
    action: 'AssumeRoleWithWebIdentity',
    file: 'minio-web-identity.xml',
    secretParam: 'WebIdentityToken',
    make: (endpoint, token, extra = {}) => fromWebIdentity({ endpoint, webIdentityToken: token, maxAttempts: 1, ...extra }),
  },
  {
    name: 'fromClientGrants',
    action: 'AssumeRoleWithClientGrants',
    file: 'minio-client-grants.xml',
    secretParam: 'Token',
    make: (endpoint, token, extra = {}) => fromClientGrants({ endpoint, token, maxAttempts: 1, ...extra }),
  },
  {
    name: 'fromCertificate',
    action: 'AssumeRoleWithCertificate',
    file: 'minio-certificate.xml',
    secretParam: undefined,
    make: (endpoint, _secret, extra = {}) => fromCertificate({ endpoint, maxAttempts: 1, ...extra }),
  },
];

function sentParams(req: RecordedRequest): URLSearchParams {
  const query = new URL(req.url, fake.url).searchParams;
  return query.has('Action') ? query : new URLSearchParams(req.body);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (reason: unknown) => reason,
  );
}

describe.each(ROWS)('$name', (row) => {
  it('makes one unsigned call with the action and its secret, then serves the cached credentials', async () => {
    fake.reply(200, fresh(row.file));
    const provider = row.make(fake.url, 'the-secret-1234', { durationSeconds: 900 });
    try {
      const creds = await provider();
      expect(await provider()).toBe(creds);
      const req = fake.onlyRequest();
      expect(req.headers.authorization).toBeUndefined();
      const params = sentParams(req);
      expect(params.get('Action')).toBe(row.action);
      expect(params.get('DurationSeconds')).toBe('900');
      if (row.secretParam) {
        expect(params.get(row.secretParam)).toBe('the-secret-1234');
        expect(req.url).not.toContain('the-secret-1234'); // a secret never travels in the URL
      }
      expect(creds.expiration.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await provider.close();
    }
  });

  it('checks its parameters at once, before any request', () => {
    expect(() => row.make(fake.url, 'x-secret', { durationSeconds: 899 })).toThrow(StsValidationError);
    expect(() => row.make('ftp://nope', 'x-secret')).toThrow(StsValidationError);
    expect(fake.requests).toHaveLength(0);
  });

  it('a failure reaches the caller as a typed error with no secret in it; close() then refuses further calls', async () => {
    fake.reply(400, stsErrorBody('InvalidParameterValue', 'rejected the-secret-1234 and the-secret-1234'));
    const provider = row.make(fake.url, 'the-secret-1234');
    const error = (await rejection(provider())) as Error;
    expect(error.message).toContain('InvalidParameterValue');
    if (row.secretParam) expect(error.message).not.toContain('the-secret-1234');
    await provider.close();
    expect(await rejection(provider())).toBeInstanceOf(StsProviderClosedError);
  });

});

describe.each(ROWS.filter((row) => row.secretParam !== undefined))('$name with a secret function', (row) => {
  it('asks it before every refresh, and never sends an empty one', async () => {
    fake.reply(200, fresh(row.file));
    let n = 0;
    const provider = row.make(fake.url, () => `rotating-secret-${++n}`);
    try {
      await provider();
      await provider.forceRefresh();
      expect(fake.requests.map((r) => sentParams(r).get(row.secretParam!))).toEqual(['rotating-secret-1', 'rotating-secret-2']);
    } finally {
      await provider.close();
    }
    const empty = row.make(fake.url, () => '');
    try {
      expect(await rejection(empty())).toBeInstanceOf(StsValidationError);
      expect(fake.requests).toHaveLength(2);
    } finally {
      await empty.close();
    }
  });
});

describe('fromCertificate', () => {
  it('refuses a cert without a key (or the reverse) at once', () => {
    expect(() => fromCertificate({ endpoint: fake.url, cert: 'PEM' })).toThrow(/cert and key must be given together/);
    expect(() => fromCertificate({ endpoint: fake.url, key: 'PEM' })).toThrow(/cert and key must be given together/);
  });
});
