/**
 * A hostile (or careless) server that echoes the secret a call sent back in its error message: the library
 * removes it in every form before the text becomes part of an error, then escapes control characters, then cuts.
 */
import { describe, expect, it } from 'vitest';
import { StsClient, StsServiceError } from '../../src/index.js';
import { redactSecrets, secretForms, serverText } from '../../src/text/server-text.js';
import { stsErrorBody, useFakeSts, xmlEscape } from '../helpers/fake-sts.js';

const fake = useFakeSts();

async function serviceErrorOf(call: (client: StsClient) => Promise<unknown>): Promise<StsServiceError> {
  const client = new StsClient({ endpoint: fake.url, maxAttempts: 1 });
  try {
    const error = await call(client).then(
      () => expect.unreachable('expected a rejection'),
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(StsServiceError);
    return error as StsServiceError;
  } finally {
    await client.close();
  }
}

const LONG_TOKEN = `eyJ${'A'.repeat(700)}.${'b'.repeat(300)}`;
const CONTROL_PASSWORD = 'pa\u001bss\tword\n42';
const SPECIAL_PASSWORD = 'p&ss <w0rd> "x" y=1';

const echoes: Array<[string, string, (secret: string) => string]> = [
  ['verbatim', SPECIAL_PASSWORD, (s) => s],
  ['URL-encoded', SPECIAL_PASSWORD, (s) => encodeURIComponent(s)],
  ['form-encoded', SPECIAL_PASSWORD, (s) => new URLSearchParams({ s }).toString().slice(2)],
  ['XML-escaped (arrives escaped after the parser decodes once)', SPECIAL_PASSWORD, (s) => xmlEscape(s)],
  ['with control characters', CONTROL_PASSWORD, (s) => s],
];

describe('an LDAP password echoed back in an error document never reaches the error', () => {
  it.each(echoes)('%s', async (_what, password, encode) => {
    fake.reply(400, stsErrorBody('InvalidParameterValue', `LDAP said no to ${encode(password)} (really)`));
    const error = await serviceErrorOf((c) => c.assumeRoleWithLdapIdentity({ username: 'alice', password }));
    for (const text of [error.message, error.serverMessage]) {
      for (const form of secretForms(password)) expect(text).not.toContain(form);
      expect(text).toContain('***');
      expect(text).toContain('(really)');
      expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
  });
});

describe('a long token is removed before the message is cut, so no piece of it shows', () => {
  it('custom token echoed at the end of a long message', async () => {
    fake.reply(500, stsErrorBody('InternalError', `${'x'.repeat(300)} token=${LONG_TOKEN}`));
    const error = await serviceErrorOf((c) => c.assumeRoleWithCustomToken({ token: LONG_TOKEN, roleArn: 'arn:minio:iam:::role/x' }));
    expect(error.message).not.toContain('AAAAAAAAAA');
    expect(error.serverMessage).toBe(`${'x'.repeat(300)} token=***`);
  });

  it('the signing secret key and session token of AssumeRole', async () => {
    const credentials = { accessKeyId: 'foobar', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzEBYaDH' };
    fake.reply(403, stsErrorBody('AccessDenied', `bad key ${encodeURIComponent(credentials.secretAccessKey)} / ${credentials.sessionToken}`));
    const error = await serviceErrorOf((c) => c.assumeRole({ credentials }));
    expect(error.message).not.toContain('K7MDENG');
    expect(error.message).not.toContain(credentials.sessionToken);
  });
});

describe('serverText (pure)', () => {
  it.each([
    ['redacts, then escapes, then cuts', 'a\u001b[2Jb SECRET1', ['SECRET1'], 'a\\x1b[2Jb ***'],
    ['a short secret is not searched for (it would blank out words)', 'the cat', ['cat'], 'the cat'],
    ['longest form first, so a secret inside another is not half-replaced', 'abcdef', ['abcd', 'abcdef'], '***'],
  ])('%s', (_what, raw, secrets, expected) => {
    expect(serverText(raw, secrets)).toBe(expected);
  });

  it('cuts at 500 characters after redaction', () => {
    expect(serverText(`${'y'.repeat(600)}`)).toBe(`${'y'.repeat(500)}…`);
    expect(redactSecrets(`${'z'.repeat(499)}TOPSECRET`, ['TOPSECRET'])).toBe(`${'z'.repeat(499)}***`);
  });
});
