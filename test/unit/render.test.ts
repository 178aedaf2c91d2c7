import { describe, expect, it } from 'vitest';
import { credentialVariables } from '../../src/format/credential-vars.js';
import { formatIsoUtc, formatTimeLeft } from '../../src/format/iso-time.js';
import { renderJson } from '../../src/format/render-json.js';
import { renderListing, renderText, type TextStyle } from '../../src/format/render-text.js';
import type { AssumeRoleResult } from '../../src/sts/actions/assume-role.js';
import type { AssumeRoleWithCustomTokenResult } from '../../src/sts/actions/custom-token.js';

const NOW = new Date('2036-02-12T21:18:50Z');

const MINIO_RESULT: AssumeRoleResult = {
  action: 'AssumeRole',
  accessKeyId: 'Y4RJU1RNFGK48LGO9I2S',
  secretAccessKey: 'sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg',
  sessionToken: 'eyJhbGciOiJIUzUxMiJ9.eyJhIjoiYiJ9.c2ln',
  expiration: new Date('2036-02-12T22:18:48Z'),
  requestId: '1893E2A8B3F6C0D1',
  serverDate: undefined,
  assumedRoleUser: { arn: '', assumedRoleId: '' },
  packedPolicySize: undefined,
  sourceIdentity: undefined,
};

const AWS_RESULT: AssumeRoleResult = {
  ...MINIO_RESULT,
  expiration: new Date('2019-11-09T13:34:41.250Z'),
  requestId: undefined,
  assumedRoleUser: { arn: 'arn:aws:sts::210987654321:assumed-role/deploy/nightly', assumedRoleId: 'AROAEXAMPLE:nightly' },
};

const TOKEN_RESULT: AssumeRoleWithCustomTokenResult = {
  action: 'AssumeRoleWithCustomToken',
  accessKeyId: '0123',
  secretAccessKey: 'true',
  sessionToken: 'tok "quoted" \\ back\nslash',
  expiration: new Date('2036-02-12T22:18:48Z'),
  requestId: 'R2',
  serverDate: new Date('2036-02-12T22:00:00Z'),
  assumedUser: 'custom:alice',
};

describe('formatIsoUtc', () => {
  it.each([
    ['2036-02-12T22:18:48Z', '2036-02-12T22:18:48Z'],
    ['2036-02-12T22:18:48.000Z', '2036-02-12T22:18:48Z'],
    ['2036-02-12T22:18:48.123Z', '2036-02-12T22:18:48.123Z'],
    ['2036-02-12T14:18:48-08:00', '2036-02-12T22:18:48Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'],
  ])('%s → %s', (input, out) => {
    expect(formatIsoUtc(new Date(input))).toBe(out);
  });
});

describe('formatTimeLeft', () => {
  it.each([
    [-1, 'expired'],
    [0, 'expired'],
    [999, '0s'],
    [1000, '1s'],
    [59_999, '59s'],
    [60_000, '1m 0s'],
    [3_598_000, '59m 58s'],
    [3_600_000, '1h 0m'],
    [5_400_000, '1h 30m'],
    [86_399_000, '23h 59m'],
    [86_400_000, '1d 0h'],
    [604_800_000, '7d 0h'],
    [31_536_000_000, '365d 0h'],
    [273_600_000, '3d 4h'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatTimeLeft(ms)).toBe(text);
  });
});

describe('renderText', () => {
  it('MinIO AssumeRole result, fixed clock: the exact labelled lines', () => {
    expect(renderText(MINIO_RESULT, NOW)).toBe(
      'AccessKeyID: Y4RJU1RNFGK48LGO9I2S\n' +
        'SecretAccessKey: sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg\n' +
        'SessionToken: eyJhbGciOiJIUzUxMiJ9.eyJhIjoiYiJ9.c2ln\n' +
        'Expiration: 2036-02-12T22:18:48Z (in 59m 58s)\n',
    );
  });

  it.each([
    [-1, 'in 0s'],
    [0, 'expired just now'],
    [999, 'expired just now'],
    [5 * 60_000 + 3000, 'expired 5m 3s ago'],
    [2 * 3_600_000, 'expired 2h 0m ago'],
  ])('expired %i ms ago reads "%s" (never "in expired")', (agoMs, when) => {
    const now = new Date(MINIO_RESULT.expiration.getTime() + agoMs);
    expect(renderText(MINIO_RESULT, now).split('\n')[3]).toMatch(new RegExp(`\\(${when}\\)$`));
  });

  it('with the -d header line first', () => {
    expect(renderText(MINIO_RESULT, NOW, undefined, 'Only displaying credentials:').split('\n')[0]).toBe('Only displaying credentials:');
  });

  it('AWS result adds the AssumedRoleUser ARN and keeps milliseconds; an expired time reads "expired ... ago"', () => {
    expect(renderText(AWS_RESULT, NOW)).toBe(
      'AccessKeyID: Y4RJU1RNFGK48LGO9I2S\n' +
        'SecretAccessKey: sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg\n' +
        'SessionToken: eyJhbGciOiJIUzUxMiJ9.eyJhIjoiYiJ9.c2ln\n' +
        'Expiration: 2019-11-09T13:34:41.250Z (expired 5939d 7h ago)\n' +
        'AssumedRoleUser: arn:aws:sts::210987654321:assumed-role/deploy/nightly\n',
    );
  });

  it('custom-token result adds AssumedUser; values are printed as given', () => {
    expect(renderText(TOKEN_RESULT, new Date('2036-02-12T22:00:00Z'))).toBe(
      'AccessKeyID: 0123\n' +
        'SecretAccessKey: true\n' +
        'SessionToken: tok "quoted" \\ back\nslash\n' +
        'Expiration: 2036-02-12T22:18:48Z (in 18m 48s)\n' +
        'AssumedUser: custom:alice\n',
    );
  });

  it('applies the style to labels and to the time left only', () => {
    const style: TextStyle = { label: (t) => `<${t}>`, dim: (t) => `[${t}]` };
    expect(renderText(MINIO_RESULT, NOW, style)).toBe(
      '<AccessKeyID:> Y4RJU1RNFGK48LGO9I2S\n' +
        '<SecretAccessKey:> sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg\n' +
        '<SessionToken:> eyJhbGciOiJIUzUxMiJ9.eyJhIjoiYiJ9.c2ln\n' +
        '<Expiration:> 2036-02-12T22:18:48Z [(in 59m 58s)]\n',
    );
  });
});

describe('renderListing', () => {
  it('prints each object as the MinIO sample does', () => {
    expect(
      renderListing('my-bucket', [
        { key: 'a.txt', size: 5, lastModified: new Date('2036-02-12T20:00:00Z') },
        { key: 'dir/b c.bin', size: 0, lastModified: new Date('2036-02-12T20:00:00.5Z') },
      ]),
    ).toBe(
      'Calling list objects on bucket named `my-bucket` with temp creds:\n===\n' +
        'Key: a.txt\nSize: 5\nLast Modified: 2036-02-12T20:00:00Z\n===\n' +
        'Key: dir/b c.bin\nSize: 0\nLast Modified: 2036-02-12T20:00:00.500Z\n===\n',
    );
    expect(renderListing('empty', [])).toBe('Calling list objects on bucket named `empty` with temp creds:\n===\n');
  });
});

describe('renderJson', () => {
  it('MinIO result: AWS field names in order, Expiration in UTC, MinIO\'s empty AssumedRoleUser kept (as the AWS CLI shows it), 2-space indent, trailing newline', () => {
    const text = renderJson(MINIO_RESULT);
    expect(text).toBe(
      '{\n' +
        '  "AccessKeyId": "Y4RJU1RNFGK48LGO9I2S",\n' +
        '  "SecretAccessKey": "sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg",\n' +
        '  "SessionToken": "eyJhbGciOiJIUzUxMiJ9.eyJhIjoiYiJ9.c2ln",\n' +
        '  "Expiration": "2036-02-12T22:18:48Z",\n' +
        '  "Action": "AssumeRole",\n' +
        '  "RequestId": "1893E2A8B3F6C0D1",\n' +
        '  "AssumedRoleUser": {\n' +
        '    "Arn": "",\n' +
        '    "AssumedRoleId": ""\n' +
        '  }\n' +
        '}\n',
    );
  });

  it('AWS result adds AssumedRoleUser and omits a missing RequestId', () => {
    const parsed = JSON.parse(renderJson(AWS_RESULT)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration', 'Action', 'AssumedRoleUser']);
    expect(parsed.AssumedRoleUser).toEqual({ Arn: 'arn:aws:sts::210987654321:assumed-role/deploy/nightly', AssumedRoleId: 'AROAEXAMPLE:nightly' });
    expect(parsed.Expiration).toBe('2019-11-09T13:34:41.250Z');
  });

  it('custom-token result: values that look like numbers/booleans stay strings; escapes round-trip', () => {
    const parsed = JSON.parse(renderJson(TOKEN_RESULT)) as Record<string, unknown>;
    expect(parsed).toEqual({
      AccessKeyId: '0123',
      SecretAccessKey: 'true',
      SessionToken: 'tok "quoted" \\ back\nslash',
      Expiration: '2036-02-12T22:18:48Z',
      Action: 'AssumeRoleWithCustomToken',
      RequestId: 'R2',
      AssumedUser: 'custom:alice',
    });
  });

  it('with a listing adds Objects', () => {
    const parsed = JSON.parse(renderJson(MINIO_RESULT, [{ key: 'k', size: 3, lastModified: new Date('2026-01-01T00:00:00Z') }])) as Record<string, unknown>;
    expect(parsed.Objects).toEqual([{ Key: 'k', Size: 3, LastModified: '2026-01-01T00:00:00Z' }]);
  });
});

describe('credentialVariables', () => {
  it('the four AWS variables in order, expiration in UTC', () => {
    expect(credentialVariables(AWS_RESULT)).toEqual([
      ['AWS_ACCESS_KEY_ID', 'Y4RJU1RNFGK48LGO9I2S'],
      ['AWS_SECRET_ACCESS_KEY', 'sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg'],
      ['AWS_SESSION_TOKEN', 'eyJhbGciOiJIUzUxMiJ9.eyJhIjoiYiJ9.c2ln'],
      ['AWS_CREDENTIAL_EXPIRATION', '2019-11-09T13:34:41.250Z'],
    ]);
  });
});
