/**
 * Text from configuration, the environment, argv or a server reaches the terminal quoted by one helper
 * (`quoteText`: C0, DEL, C1 and U+2028/2029 shown escaped), and every server field is redacted with the
 * library's secret forms before it is escaped: the RequestId of errors and successes, header values in
 * events, the CLI's `--debug`, error lines and `-o json` output.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { promptHidden } from '../../src/cli/prompt.js';
import { Redactor } from '../../src/cli/redact.js';
import { StsClient, StsServiceError, type StsEvent } from '../../src/index.js';
import { quoteText } from '../../src/text/quote-text.js';
import { secretForms } from '../../src/text/server-text.js';
import { redactHeaders } from '../../src/transport/redact-request.js';
import { makeHome, runMain } from '../helpers/cli.js';
import { FAKE_CREDENTIALS, assumeRoleSuccessBody, stsErrorBody, useFakeSts } from '../helpers/fake-sts.js';

const fake = useFakeSts();
const PASSWORD = 'p&ss w0rd/=+secret';
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('quoteText', () => {
  it.each([
    ['C1 CSI (U+009B), which JSON.stringify lets through', 'a\u009b2Jb', '"a\\x9b2Jb"'],
    ['DEL', 'a\u007fb', '"a\\x7fb"'],
    ['ESC and newline', 'x\u001b[2K\ny', '"x\\x1b[2K\\ny"'],
    ['line and paragraph separators', 'a\u2028b\u2029c', '"a\\u2028b\\u2029c"'],
    ['quotes and backslashes', 'a"b\\c', '"a\\"b\\\\c"'],
  ])('%s', (_what, text, expected) => {
    expect(quoteText(text)).toBe(expected);
    expect(quoteText(text)).not.toMatch(RAW_CONTROL);
  });

  it('JSON.stringify, which messages used before, lets C1 controls, DEL and U+2028 through raw', () => {
    for (const c of ['\u009b', '\u007f', '\u2028']) {
      expect(JSON.stringify(`a${c}`)).toContain(c);
      expect(quoteText(`a${c}`)).not.toContain(c);
    }
  });
});

describe('the RequestId is redacted in every form, then escaped', () => {
  it('in a library error (the password echoed plainly and URL-encoded)', async () => {
    fake.reply(400, stsErrorBody('AccessDenied', 'no', `id-${PASSWORD}-${encodeURIComponent(PASSWORD)}\u009b`));
    const client = new StsClient({ endpoint: fake.url, maxAttempts: 1 });
    const error = await client.assumeRoleWithLdapIdentity({ username: 'bob', password: PASSWORD }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(StsServiceError);
    const { message, requestId } = error as StsServiceError;
    for (const text of [message, requestId!]) {
      for (const form of secretForms(PASSWORD)) expect(text).not.toContain(form);
      expect(text).not.toMatch(RAW_CONTROL);
    }
    expect(requestId).toBe('id-***-***\\x9b');
  });

  it('in a success (RequestId and header values of the response event)', async () => {
    const echo = encodeURIComponent(PASSWORD);
    fake.once({
      kind: 'reply',
      status: 200,
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': `r-${echo}` },
      body: assumeRoleSuccessBody({ requestId: `r-${echo}` }).replace(/AssumeRole(Response|Result)/g, 'AssumeRoleWithLDAPIdentity$1'),
    });
    const events: StsEvent[] = [];
    const client = new StsClient({ endpoint: fake.url, maxAttempts: 1, onEvent: (e) => events.push(e) });
    const result = await client.assumeRoleWithLdapIdentity({ username: 'bob', password: PASSWORD });
    await client.close();
    expect(result.requestId).toBe('r-***');
    const response = events.find((e) => e.type === 'response');
    expect(response && response.type === 'response' && response.headers['x-amz-request-id']).toBe('r-***');
  });

  it('redactHeaders removes each form and escapes controls', () => {
    const headers = redactHeaders({ 'x-amz-request-id': `${new URLSearchParams({ s: PASSWORD }).toString().slice(2)}\u001b]52;c;x\u0007` }, [PASSWORD]);
    expect(headers['x-amz-request-id']).toBe('***\\x1b]52;c;x\\x07');
  });
});

describe('the CLI', () => {
  it('the Redactor removes URL-encoded and form-encoded forms, and line() escapes after redacting', () => {
    const r = new Redactor();
    r.add(PASSWORD);
    expect(r.redact(`a ${encodeURIComponent(PASSWORD)} b`)).toBe('a *** b');
    expect(r.line(`x\u009b${PASSWORD}`)).toBe('x\\x9b***');
  });

  it('--debug and -o json never show an echoed password, in any form', async () => {
    const echo = encodeURIComponent(PASSWORD);
    fake.once({
      kind: 'reply',
      status: 200,
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': `hdr-${echo}\u009b31m` },
      body: assumeRoleSuccessBody({ requestId: `body-${echo}` }),
    });
    const run = await runMain(['assume-role', '--endpoint', fake.url, '-u', 'bob', '--password-env', 'PW', '-o', 'json', '--debug'], { env: { PW: PASSWORD } });
    expect(run.code, run.stderr).toBe(0);
    for (const text of [run.stdout, run.stderr]) for (const form of secretForms(PASSWORD)) expect(text).not.toContain(form);
    expect(run.stderr).not.toMatch(/\u009b/);
    expect(run.stderr).toContain('hdr-***\\x9b31m');
    expect(JSON.parse(run.stdout)).toMatchObject({ RequestId: 'body-***', AccessKeyId: FAKE_CREDENTIALS.accessKeyId });
  });

  it('an mc alias name with control characters is escaped in "not found (it has: ...)"', async () => {
    const home = makeHome();
    mkdirSync(join(home, '.mc'), { mode: 0o700 });
    writeFileSync(join(home, '.mc', 'config.json'), JSON.stringify({ aliases: { 'evil\u009b2J\u001b[1A': { url: 'http://127.0.0.1:1' }, ok: { url: 'http://127.0.0.1:1' } } }), { mode: 0o600 });
    const run = await runMain(['assume-role', '--alias', 'nope', '-u', 'x', '-p', 'yyyyyyyy'], { home });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('(it has: "evil\\x9b2J\\x1b[1A", "ok")');
    expect(run.stderr).not.toMatch(/[\u001b\u009b]/);
  });

  it('the terminal prompt shows a hostile user name or mfa_serial escaped', async () => {
    const written: string[] = [];
    const input = Object.assign(new EventEmitter(), { setRawMode: () => undefined, resume: () => undefined }) as unknown as NodeJS.ReadableStream & { setRawMode(mode: boolean): unknown };
    const answer = promptHidden({ input, write: (t) => written.push(t), close: () => undefined }, 'Password for \r\u001b[2KPassword for admin: ');
    (input as unknown as EventEmitter).emit('data', 'pw\r');
    expect(await answer).toBe('pw');
    expect(written[0]).toBe('Password for \\r\\x1b[2KPassword for admin: ');
  });
});
