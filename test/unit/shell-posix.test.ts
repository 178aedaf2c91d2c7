/**
 * quotePosixAssignment must hand a value to real shells EXACTLY, through both `eval "$(cat f)"` and
 * the careless unquoted `eval $(cat f)` (field splitting and pathname expansion apply), and must
 * never let any part of the value run. These tests run the real shells.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShellExports } from '../../src/format/render-shell.js';
import { UnrepresentableValueError, assertName, quotePosixAssignment } from '../../src/format/shell-posix.js';

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir || '.', name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

// `sh` is whatever /bin/sh is (dash on Debian); dash and bash are named so both are certainly covered.
const SHELLS = (['sh', 'dash', 'bash', 'zsh'] as const).flatMap((name) => {
  const path = which(name);
  return path ? [{ name, path }] : [];
});
const MODES = {
  quoted: 'eval "$(cat "$1")"',
  unquoted: 'eval $(cat "$1")',
} as const;

let dir: string;
let canary: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sts-creds-shell-'));
  canary = join(dir, 'CANARY');
  // Files for a stray glob to match, so unquoted pathname expansion would visibly change a value.
  for (const f of ['a1', 'b2', 'ab', '[ab]', 'x y']) writeFileSync(join(dir, f), '');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Evaluates `export V0=...; export V1=...;` in a shell and returns the variables' values, read back with printf. */
function roundTrip(shell: string, mode: keyof typeof MODES, values: readonly string[]): string[] {
  const script = renderShellExports('sh', values.map((v, i) => [`V${i}`, v] as const));
  const file = join(dir, `vars-${process.pid}-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, script);
  const reads = values.map((_, i) => `"$V${i}"`).join(' ');
  const out = execFileSync(shell, ['-c', `${MODES[mode]}; printf '%s\\000' ${reads}`, 'sh', file], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8' },
    // stdin not inherited: bash sources ~/.bashrc when stdin looks like a network connection.
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'buffer',
    timeout: 20_000,
  });
  rmSync(file);
  const parts = out.toString('utf8').split('\0');
  expect(parts.pop()).toBe(''); // every value was followed by its terminator
  return parts;
}

const hostile = (c: string): string[] => [
  `it's`,
  `'; touch ${c}; echo '`,
  `"; touch ${c}; echo "`,
  `$(touch ${c})`,
  `\`touch ${c}\``,
  `\${IFS}$(touch\${IFS}${c})`,
  `; touch ${c}`,
  `| touch ${c}`,
  `& touch ${c}`,
  `&& touch ${c} || touch ${c}`,
  `\ntouch ${c}\n`,
  `$HOME $PATH \${X:-y} $1 $@ $$ $? $!`,
  `\\$(touch ${c})`,
  `\\\\"\\'`,
  `a=b; export Z=1`,
];

const VALUES: Array<[string, string]> = [
  ['empty', ''],
  ['plain access key', 'Y4RJU1RNFGK48LGO9I2S'],
  ['plain secret with / + =', 'sYLRKS1Z7h/Sjluf6+gEbb9066hnx315wHTi=='],
  ['plain JWT', 'eyJhbGciOiJIUzUxMiJ9.eyJhIjoiYiJ9.c2ln-_'],
  ['single quote', "it's"],
  ['double quote', 'say "hi"'],
  ['backslash', 'a\\b\\\\c\\'],
  ['backslash-n is not a newline', 'a\\nb'],
  ['percent and printf directives', '%s %d %% %b \\101'],
  ['dollar paren', '$(id)'],
  ['backticks', '`id`'],
  ['semicolon pipe ampersand', 'a;b|c&d'],
  ['redirections', '>out <in 2>&1'],
  ['glob star', '*'],
  ['glob question', '??'],
  ['glob bracket', '[ab]'],
  ['globs mixed', 'a* ?b [a-z]*'],
  ['brace expansion', '{a,b}'],
  ['tilde', '~ ~root'],
  ['hash comment', '# not a comment'],
  ['newline inside', 'line1\nline2'],
  ['trailing newline', 'value\n'],
  ['trailing newlines', 'value\n\n\n'],
  ['only newlines', '\n\n'],
  ['leading newline', '\nvalue'],
  ['CR LF', 'a\r\nb\r'],
  ['tabs', '\ta\t\tb\t'],
  ['multiple spaces', 'a   b    c'],
  ['leading and trailing spaces', '  padded  '],
  ['only a space', ' '],
  ['unicode', 'héllo wörld — ✓ 日本語 🔑'],
  ['unicode spaces', 'a\u00a0b\u2003c\u2028d'],
  ['control characters', '\u0001\u0007\u001b[31m\u007f'],
  ['C1 control characters', '\u0085\u009b'],
  ['ends with the sentinel letter', 'x'],
  ['ends with sentinel after newline', 'ab\nx'],
  ['dash at start', '-n'],
  ['option-looking', '--help -e'],
  ['equals and braces', '${X%x}'],
  ['exclamation (bash history)', '!! !$ !-1'],
  ['long value', 'A'.repeat(4000) + '\n' + ' '.repeat(50)],
];

describe('quotePosixAssignment: text produced', () => {
  it.each([
    ['Y4RJU1RNFGK48LGO9I2S', "X='Y4RJU1RNFGK48LGO9I2S'"],
    ['sYLRKS1Z7h/Sjluf6+gEbb==', "X='sYLRKS1Z7h/Sjluf6+gEbb=='"],
    ['2026-02-12T22:18:48Z', "X='2026-02-12T22:18:48Z'"],
    ['a.b_c,d@e%f', "X='a.b_c,d@e%f'"],
    ['', "X=''"],
  ])('plain %j is single-quoted: %s', (value, text) => {
    expect(quotePosixAssignment('X', value)).toBe(text);
  });

  it.each(VALUES.filter(([, v]) => !/^[A-Za-z0-9+/=_.,:@%-]*$/.test(v)))(
    'non-plain %s is rebuilt by printf; the text has no glob characters and no whitespace but the one after printf',
    (_what, value) => {
      const text = quotePosixAssignment('X', value);
      expect(text).toMatch(/^X="\$\(printf '(\\[0-7]{3})+x'\)";X="\$\{X%x\}"$/);
      // One single space survives unquoted field splitting unchanged (eval joins the fields with one space).
      expect(text.match(/\s/g)).toEqual([' ']);
      expect(text).not.toMatch(/[*?[\]]/);
    },
  );

  it('encodes UTF-8 bytes in octal', () => {
    expect(quotePosixAssignment('X', 'é\n')).toBe(`X="$(printf '\\303\\251\\012x')";X="\${X%x}"`);
  });

  it.each(['a\0b', '\0', 'trailing\0'])('NUL is refused: %j', (value) => {
    expect(() => quotePosixAssignment('X', value)).toThrow(UnrepresentableValueError);
    expect(() => quotePosixAssignment('X', value)).toThrow(/NUL/);
  });

  it.each(['1X', 'X-Y', '', 'X Y', 'X;rm', 'X=1', '$X', 'É'])('invalid variable name %j is refused', (name) => {
    expect(() => quotePosixAssignment(name, 'v')).toThrow(UnrepresentableValueError);
    expect(() => assertName(name)).toThrow(/is not a valid variable name/);
  });

  it.each(['X', '_', 'AWS_SESSION_TOKEN', 'a1_B2'])('valid variable name %j is accepted', (name) => {
    expect(() => assertName(name)).not.toThrow();
  });

  it.each(['sh', 'bash', 'zsh'] as const)('renderShellExports(%j) writes one export line per variable, in order', (shell) => {
    expect(renderShellExports(shell, [['A', 'x'], ['B', 'y z']])).toBe(`export A='x';\nexport B="$(printf '\\171\\040\\172x')";B="\${B%x}";\n`);
    expect(renderShellExports(shell, [])).toBe('');
  });
});

describe('one value at a time, exactly as a user would run it', () => {
  const cases = (): Array<[string, string]> => [
    ...hostile(canary).map((v, i) => [`hostile #${i}`, v] as [string, string]),
    ['quotes', `'"'"'`],
    ['dollar-paren', '$(touch CANARY)'],
    ['globs', '* ? [ab] [!a]*'],
    ['newlines and tabs', '\n\ta\n\n'],
    ['multiple spaces', 'a    b'],
    ['unicode', 'ключ 🔑 鍵'],
    ['trailing newline', 'tok\n'],
  ];
  it.each(['eval "$(cat f)"', 'eval $(cat f)'])("sh -c '%s; printf %%s \"$X\"' prints the value back byte for byte", (evalLine) => {
    for (const [what, value] of cases()) {
      writeFileSync(join(dir, 'f'), `${quotePosixAssignment('X', value)}\n`);
      const out = execFileSync('sh', ['-c', `${evalLine}; printf %s "$X"`], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }).toString('utf8');
      expect(out, what).toBe(value);
    }
    expect(existsSync(canary)).toBe(false);
    expect(existsSync(join(dir, 'CANARY'))).toBe(false);
  });
});

describe.each(SHELLS)('real shell: $name', ({ path }) => {
  it.each(Object.keys(MODES) as Array<keyof typeof MODES>)('every table value round-trips exactly through %s eval', (mode) => {
    const values = VALUES.map(([, v]) => v);
    expect(roundTrip(path, mode, values)).toEqual(values);
    expect(existsSync(canary)).toBe(false);
  });

  it.each(Object.keys(MODES) as Array<keyof typeof MODES>)('hostile values round-trip through %s eval and nothing executes', (mode) => {
    const values = hostile(canary);
    expect(roundTrip(path, mode, values)).toEqual(values);
    expect(existsSync(canary)).toBe(false);
  });

  it.each(Object.keys(MODES) as Array<keyof typeof MODES>)('a fast-check property: random strings round-trip through %s eval (batched)', (mode) => {
    const hostileChar = fc.constantFrom(
      "'", '"', '\\', '$', '`', '(', ')', '{', '}', ';', '|', '&', '<', '>', '*', '?', '[', ']', '~', '#', '!', '%', '=', 'x', ' ', '  ', '\t', '\n', '\r',
      '\u0001', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', 'é', '🔑',
    );
    const value = fc.oneof(
      fc.string({ unit: hostileChar, maxLength: 24 }),
      fc.string({ unit: 'binary', maxLength: 24 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 24 }),
    ).map((s) => s.replace(/\0/g, ''));
    fc.assert(
      fc.property(fc.array(value, { minLength: 300, maxLength: 300 }), (values) => {
        expect(roundTrip(path, mode, values)).toEqual(values);
      }),
      { numRuns: 1 },
    );
    expect(existsSync(canary)).toBe(false);
  });
});

describe('shell availability', () => {
  it('at least sh and bash were found to run the real-shell tests', () => {
    expect(SHELLS.map((s) => s.name)).toEqual(expect.arrayContaining(['sh', 'bash']));
  });
});
