import { quoteCmdAssignment, quoteFishAssignment, quotePowerShellAssignment } from './shell-others.js';
import { assertName, quotePosixAssignment } from './shell-posix.js';

/** Shells `sts-creds env --shell` can write for. */
export const SHELLS = ['sh', 'bash', 'zsh', 'fish', 'powershell', 'cmd'] as const;
export type Shell = (typeof SHELLS)[number];

type Vars = ReadonlyArray<readonly [string, string]>;

/**
 * Lines that set (and export) each variable in the given shell. Pure.
 * @throws {@link UnrepresentableValueError} when a value cannot be carried safely by that shell
 */
export function renderShellExports(shell: Shell, vars: Vars): string {
  switch (shell) {
    case 'fish':
      return vars.map(([n, v]) => `${quoteFishAssignment(n, v)};\n`).join('');
    case 'powershell':
      return vars.map(([n, v]) => `${quotePowerShellAssignment(n, v)}\n`).join('');
    case 'cmd':
      return vars.map(([n, v]) => `${quoteCmdAssignment(n, v)}\r\n`).join('');
    default:
      return vars.map(([n, v]) => `export ${quotePosixAssignment(n, v)};\n`).join('');
  }
}

/** Lines that remove the variables again. Pure. */
export function renderShellUnset(shell: Shell, names: readonly string[]): string {
  names.forEach(assertName);
  switch (shell) {
    case 'fish':
      return names.map((n) => `set -e ${n};\n`).join('');
    case 'powershell':
      return names.map((n) => `Remove-Item Env:${n} -ErrorAction SilentlyContinue\n`).join('');
    case 'cmd':
      return names.map((n) => `set ${n}=\r\n`).join('');
    default:
      return `unset ${names.join(' ')};\n`;
  }
}
