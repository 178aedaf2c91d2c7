/** Thrown when a value cannot be carried by a shell at all (NUL bytes, invalid names). */
export class UnrepresentableValueError extends Error {
  override name = 'UnrepresentableValueError' as const;
}

// Characters that survive both `eval "$(...)"` and unquoted `eval $(...)`: no whitespace (field
// splitting would collapse it) and no glob characters (pathname expansion happens before eval).
const PLAIN = /^[A-Za-z0-9+/=_.,:@%-]*$/;

/**
 * Quotes a value for a POSIX shell (sh, dash, bash, zsh, ksh) so that it arrives exact through
 * `eval "$(...)"` and through unquoted `eval $(...)` alike, and nothing in it can execute.
 *
 * Plain values are single-quoted. Anything else is rebuilt by `printf` from octal escapes (the
 * text then holds no whitespace, glob or quote characters of its own), with a sentinel so that
 * command substitution cannot strip trailing newlines.
 * @throws {@link UnrepresentableValueError} for a value containing NUL, which no environment variable can hold
 */
export function quotePosixAssignment(name: string, value: string): string {
  assertName(name);
  if (value.includes('\0')) throw new UnrepresentableValueError(`the value of ${name} contains a NUL character`);
  if (PLAIN.test(value)) return `${name}='${value}'`;
  let octal = '';
  for (const byte of Buffer.from(value, 'utf8')) octal += `\\${byte.toString(8).padStart(3, '0')}`;
  return `${name}="$(printf '${octal}x')";${name}="\${${name}%x}"`;
}

/** Checks a variable name is a portable shell identifier. */
export function assertName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UnrepresentableValueError(`${JSON.stringify(name)} is not a valid variable name`);
}
