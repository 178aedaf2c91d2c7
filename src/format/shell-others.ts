import { UnrepresentableValueError, assertName } from './shell-posix.js';

function rejectNul(name: string, value: string): void {
  if (value.includes('\0')) throw new UnrepresentableValueError(`the value of ${name} contains a NUL character`);
}

/**
 * fish: `set -gx NAME 'value'`. Inside fish single quotes only `\\` and `\'` are special,
 * so escaping those two carries any other character (newlines included) verbatim.
 */
export function quoteFishAssignment(name: string, value: string): string {
  assertName(name);
  rejectNul(name, value);
  return `set -gx ${name} '${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

// PowerShell treats the typographic single quotes as quote characters too.
const PS_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

/** PowerShell: `$Env:NAME = '...'` with every single-quote character doubled. */
export function quotePowerShellAssignment(name: string, value: string): string {
  assertName(name);
  rejectNul(name, value);
  return `$Env:${name} = '${value.replace(PS_QUOTES, (c) => c + c)}'`;
}

/**
 * cmd.exe: `set "NAME=value"`. cmd has no quoting that stops `%` and `!` expansion in every
 * context, and cannot carry line breaks, so values with those (or `"`, `^`, `&`, `|`, `<`, `>`, or
 * control characters) are refused rather than printed unsafely.
 */
export function quoteCmdAssignment(name: string, value: string): string {
  assertName(name);
  // eslint-disable-next-line no-control-regex -- control characters are among what cmd.exe cannot carry
  const bad = /[%!"^&|<>\u0000-\u001f\u007f]/.exec(value);
  if (bad) {
    throw new UnrepresentableValueError(
      `cmd.exe cannot safely carry the value of ${name} (it contains ${bad[0] < ' ' || bad[0] === '\u007f' ? 'a control character' : JSON.stringify(bad[0])})`,
    );
  }
  return `set "${name}=${value}"`;
}
