/** The keyring's pure parts: entry names, the stored JSON, and how the keyring package's failures are reported. */
import { describe, expect, it } from 'vitest';
import { KeyringError, isKeyringError } from '../../src/keyring/keyring-error.js';
import { decodeKeyringSecret, encodeKeyringSecret, validateKeyringName, type KeyringSecret } from '../../src/keyring/keyring-secret.js';
import { classifyKeyringFailure } from '../../src/keyring/os-keyring.js';
import { renderKeyringList } from '../../src/cli/commands/keyring.js';
import { getExitCode } from '../../src/cli/errors.js';
import { fromKeyring } from '../../src/keyring/from-keyring.js';

describe('entry names', () => {
  it.each(['minio', 'prod.eu-1', 'alice@corp', 'A1_b+c-d', 'x'.repeat(128)])('accepts %s', (name) => {
    expect(validateKeyringName(name)).toBe(name);
  });
  it.each(['', '-x', '.hidden', 'a/b', 'a b', 'tab\tname', 'esc\u001b[31m', 'é', 'x'.repeat(129)])('refuses %j', (name) => {
    expect(() => validateKeyringName(name)).toThrow(expect.objectContaining({ code: 'ERR_KEYRING', reason: 'invalid-name' }));
  });

  it('fromKeyring refuses a bad name when the provider is made, not on first use', () => {
    expect(() => fromKeyring('a/b', 'token')).toThrow(expect.objectContaining({ reason: 'invalid-name' }));
  });
});

describe('stored value', () => {
  it.each<KeyringSecret>([
    { kind: 'keys', id: 'AKIDEXAMPLE', secret: 'wJalr/K7MDENG+bPxRfiCY' },
    { kind: 'password', id: 'alice', secret: 'p"w\\\n{}' },
    { kind: 'password', secret: 'no user' },
    { kind: 'token', secret: 'eyJ.a.b' },
  ])('round-trips %j', (value) => {
    expect(decodeKeyringSecret(encodeKeyringSecret(value))).toEqual(value);
  });

  it('is small JSON a person can read in secret-tool', () => {
    expect(encodeKeyringSecret({ kind: 'keys', id: 'AK', secret: 'SK' })).toBe('{"kind":"keys","id":"AK","secret":"SK"}');
  });

  it.each([
    'not json',
    'null',
    '"a string"',
    '{"kind":"keys","secret":"no id"}',
    '{"kind":"ssh","secret":"x"}',
    '{"kind":"token","secret":""}',
    '{"kind":"token","secret":42}',
    '{"kind":"password","id":7,"secret":"x"}',
  ])('refuses what sts-creds did not write: %s', (text) => {
    expect(decodeKeyringSecret(text)).toBeUndefined();
  });
});

describe('keyring failures', () => {
  it.each([
    ['Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead', 'unavailable', /no D-Bus session bus/],
    ['Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files', 'unavailable', /no Secret Service .* is running/],
    ['Platform failure: DBus error: Did not receive a reply. Possible causes include: the remote application did not send a reply', 'timeout', /did not answer/],
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'locked', /is locked: unlock it/],
    ["Cannot find module '@napi-rs/keyring-linux-x64-gnu'", 'not-installed', /npm install @napi-rs\/keyring/],
    ['Something\u001b]52;c;AAAA\u0007 else\nentirely', 'failed', /^the OS keyring failed: Something\\x1b\]52;c;AAAA\\x07 else entirely$/],
  ])('%s -> %s', (message, reason, text) => {
    const error = classifyKeyringFailure(message);
    expect(error).toBeInstanceOf(KeyringError);
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(text);
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('is a usage-level failure of the CLI (exit 2), recognised across copies', () => {
    const error = classifyKeyringFailure('unlock prompt was dismissed');
    expect(getExitCode(error)).toBe(2);
    expect(isKeyringError(Object.assign(new Error('x'), { code: 'ERR_KEYRING' }))).toBe(true);
    expect(isKeyringError(new Error('x'))).toBe(false);
  });
});

describe('keyring list output', () => {
  it('shows name, kind and id, escapes what other programs wrote, and has no secret field', () => {
    expect(
      renderKeyringList([
        { name: 'minio', kind: 'keys', id: 'AKID' },
        { name: 'tok', kind: 'token', id: undefined },
        { name: 'evil\u001b[2J', kind: undefined, id: undefined },
      ]),
    ).toBe('minio\tkeys\tAKID\ntok\ttoken\t-\nevil\\x1b[2J\t?\t-\n');
  });
});
