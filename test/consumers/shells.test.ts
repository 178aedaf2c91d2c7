/**
 * The `env` hand-off against the real shells: the renderers' lines are loaded by bash, dash, zsh
 * (through `eval "$(…)"` and unquoted `eval $(…)`) and fish (`source`), every variable is read back
 * both from the shell itself and from the environment of a child it starts, and compared byte for
 * byte with what went in. Values are hostile on purpose: quotes, `$(…)`, backticks, globs with
 * matching files in the working directory, whitespace of every kind, unicode; a command that ran or
 * a glob that expanded shows up as a changed value, a new file, or noise on stderr.
 *
 * PowerShell and cmd.exe are not installed here, so their output is checked as exact text and
 * against a model of PowerShell's single-quoted string rule.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_VARIABLES, credentialVariables } from '../../src/format/credential-vars.js';
import { SHELLS, renderShellExports, type Shell } from '../../src/format/render-shell.js';
import { UnrepresentableValueError } from '../../src/format/shell-posix.js';
import type { TemporaryCredentials } from '../../src/types.js';
import { FakeSts, assumeRoleSuccessBody } from '../helpers/fake-sts.js';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { cleanEnv, findProgram, requireProgram } from './harness.js';

type RealShell = 'bash' | 'dash' | 'zsh' | 'fish';

/** One way a user loads sts-creds' output into a shell. */
interface Loader {
  label: string;
  shell: RealShell;
  /** The `--shell` the output is rendered for. */
  renderAs: Shell;
  /** Shell options a user might have set before loading (in their rc file, say). */
  prelude?: string;
  /** The line that loads the file `exports`. */
  load: string;
}

const QUOTED = 'eval "$(cat exports)"';
const UNQUOTED = 'eval $(cat exports)';

const LOADERS: readonly Loader[] = [
  { label: 'bash, eval "$(…)"', shell: 'bash', renderAs: 'bash', load: QUOTED },
  { label: 'bash, eval $(…)', shell: 'bash', renderAs: 'bash', load: UNQUOTED },
  {
    label: 'bash with nullglob/failglob/extglob/dotglob/globstar, eval $(…)',
    shell: 'bash',
    renderAs: 'sh',
    prelude: 'shopt -s nullglob failglob extglob dotglob globstar',
    load: UNQUOTED,
  },
  { label: 'dash, eval "$(…)"', shell: 'dash', renderAs: 'sh', load: QUOTED },
  { label: 'dash, eval $(…)', shell: 'dash', renderAs: 'sh', load: UNQUOTED },
  { label: 'zsh, eval "$(…)"', shell: 'zsh', renderAs: 'zsh', load: QUOTED },
  { label: 'zsh, eval $(…)', shell: 'zsh', renderAs: 'zsh', load: UNQUOTED },
  { label: 'zsh emulating sh, eval $(…)', shell: 'zsh', renderAs: 'sh', prelude: 'emulate sh', load: UNQUOTED },
  { label: 'fish, source', shell: 'fish', renderAs: 'fish', load: 'source exports' },
];

/** Non-interactive, and without the user's start-up files. */
const SHELL_ARGS: Record<RealShell, readonly string[]> = {
  bash: ['--norc', '--noprofile'],
  dash: [],
  zsh: ['-f'],
  fish: ['--no-config'],
};

const PROGRAMS: Record<RealShell, string | undefined> = {
  bash: findProgram('bash'),
  dash: findProgram('dash'),
  zsh: findProgram('zsh'),
  fish: findProgram('fish'),
};

/** Files that glob characters in a value would match if pathname expansion ever saw them. */
const GLOB_BAIT = ['a', 'b', 'ab', 'abc', 'x', '-', '.hidden', '[a]', 'AWS', 'V_0', '{a,b}', '~'];

const makeTempDir = useTempDirs('shells');
let workDir = '';
let runCounter = 0;
beforeAll(async () => {
  workDir = makeTempDir();
});

interface ReadBack {
  /** Each value as `printf '%s'` inside the shell printed it, in input order. */
  shellView: Buffer[];
  /** The environment a child of the shell received. */
  childEnv: Map<string, Buffer>;
  stderr: string;
  exitCode: number | null;
  /** Files in the working directory that neither the test nor the check script made. */
  strayFiles: string[];
}

function parseEnvDump(dump: Buffer): Map<string, Buffer> {
  const env = new Map<string, Buffer>();
  let start = 0;
  for (let end = dump.indexOf(0, start); end !== -1; start = end + 1, end = dump.indexOf(0, start)) {
    const entry = dump.subarray(start, end);
    const eq = entry.indexOf(0x3d);
    if (eq > 0) env.set(entry.subarray(0, eq).toString('latin1'), entry.subarray(eq + 1));
  }
  return env;
}

function splitNul(dump: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let end = dump.indexOf(0, start); end !== -1; start = end + 1, end = dump.indexOf(0, start)) parts.push(dump.subarray(start, end));
  return parts;
}

/**
 * Writes `exportsText` to a fresh directory full of glob bait, has the real shell load it the way
 * `loader` says, then dumps `names` from inside the shell (NUL-separated `printf '%s\0'`) and from
 * a child's environment (`env -0`). One shell process for the whole batch.
 */
function loadInShell(loader: Loader, exportsText: string, names: readonly string[], locale = 'C.UTF-8'): ReadBack {
  const dir = join(workDir, `run-${++runCounter}`);
  mkdirSync(dir);
  for (const name of GLOB_BAIT) writeFileSync(join(dir, name), '');
  writeFileSync(join(dir, 'exports'), exportsText);
  const refs = names.map((n) => `"$${n}"`).join(' ');
  const script = [loader.prelude ?? '', loader.load, `printf '%s\\0' ${refs} > shell.out`, 'env -0 > env.out', ''].join('\n');
  writeFileSync(join(dir, 'check'), script);
  const program = PROGRAMS[loader.shell];
  if (!program) throw new Error(`${loader.shell} is not installed`);
  const result = spawnSync(program, [...SHELL_ARGS[loader.shell], 'check'], {
    cwd: dir,
    env: cleanEnv(workDir, { LC_ALL: locale }),
    encoding: 'buffer',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  const known = new Set([...GLOB_BAIT, 'exports', 'check', 'shell.out', 'env.out']);
  return {
    shellView: splitNul(readFileSync(join(dir, 'shell.out'))),
    childEnv: parseEnvDump(readFileSync(join(dir, 'env.out'))),
    stderr: result.stderr.toString('utf8'),
    exitCode: result.status,
    strayFiles: readdirSync(dir).filter((f) => !known.has(f)),
  };
}

interface Mismatch {
  name: string;
  label?: string | undefined;
  sent: string;
  inShell: string | undefined;
  inChild: string | undefined;
}

/**
 * Loads `values` (as variables V_0, V_1, ...) into the shell and returns every difference, plus
 * anything that hints at code having run: stderr output, a non-zero exit, new files.
 */
function roundTrip(loader: Loader, values: readonly string[], labels: readonly string[] = [], locale?: string) {
  const vars = values.map((v, i) => [`V_${i}`, v] as const);
  const names = vars.map(([n]) => n);
  const back = loadInShell(loader, renderShellExports(loader.renderAs, vars), names, locale);
  const mismatches: Mismatch[] = [];
  vars.forEach(([name, value], i) => {
    const want = Buffer.from(value, 'utf8');
    const inShell = back.shellView[i];
    const inChild = back.childEnv.get(name);
    if (inShell?.equals(want) && inChild?.equals(want)) return;
    mismatches.push({
      name,
      label: labels[i],
      sent: JSON.stringify(value),
      inShell: inShell && JSON.stringify(inShell.toString('utf8')),
      inChild: inChild && JSON.stringify(inChild.toString('utf8')),
    });
  });
  return { mismatches, stderr: back.stderr, exitCode: back.exitCode, strayFiles: back.strayFiles };
}

/** Named values that have broken shell quoting somewhere, at some time. */
const HOSTILE: Record<string, string> = {
  empty: '',
  'single quote': "it's",
  'only single quotes': "'''",
  'double quote': 'say "hi"',
  dollar: 'a$b $HOME ${HOME} $1 $@ $$ $? $#',
  'command substitution': '$(touch CANARY)',
  backticks: '`touch CANARY`',
  'nested substitution in quotes': `"$(touch CANARY)"'$(touch CANARY)'`,
  'fish command substitution': '(touch CANARY)',
  semicolon: 'a; touch CANARY;',
  pipe: 'a | tee CANARY',
  ampersand: 'a & touch CANARY && touch CANARY',
  redirect: '>CANARY <CANARY 2>CANARY',
  star: '*',
  question: '?',
  'bracket class': '[a]',
  'negated class': '[!a]*',
  'extglob patterns': '@(a|b) !(x) +(a) *(b) ?(c)',
  'zsh globs': '<-> **/* (#i)A =ls ^a',
  braces: '{a,b} {1..3}',
  tilde: '~ ~root ~/x',
  history: '!! !$ !-1',
  hash: '# not a comment',
  newline: 'a\nb',
  'newlines only': '\n\n',
  'leading and trailing newlines': '\nmiddle\n\n',
  tab: 'a\tb\t',
  'runs of spaces': 'a    b',
  'leading and trailing spaces': '  padded  ',
  'carriage return': 'a\r\nb\r',
  'other controls': '\u0001\u0007\u001b[31mred\u001b[0m\u007f',
  backslash: 'a\\b\\\\c\\',
  'backslash escapes': '\\n\\t\\0\\101\\x41\\u0041\\c',
  'trailing backslash': 'ends with \\',
  'backslash quote': "\\'\\\"",
  percent: '%s %d %% %x %(x)s %PATH%',
  'x sentinel': 'x',
  'ends with x': 'abcx',
  'ends with x and newline': 'x\n',
  'looks like an option': '-e',
  'double dash': '--',
  'equals first': '=x',
  'latin-1': 'café ñ ß',
  emoji: 'key 🔑 👩‍👩‍👧 end',
  RTL: 'עברית العربية \u202e\u202d',
  'typographic quotes': '\u2018\u2019\u201a\u201b\u201c\u201d',
  'NEL, NBSP, line separator, BOM': '\u0085\u00a0\u2028\u2029\ufeff',
  "fish's private-use bytes": '\uf600\uf67f\uf6ff',
  'max code point': '\u{10ffff}',
  'a plain STS-looking key': 'sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg',
  'a plain value with every allowed punctuation': 'a+b/c=d_e.f,g:h@i%j-k',
  'everything at once': " '\"$(touch CANARY)`touch CANARY`;|&*?[a]\n\t  \\%😀\u2019 ",
};

function describeFailure(result: ReturnType<typeof roundTrip>): string {
  return JSON.stringify({ ...result, mismatches: result.mismatches.slice(0, 5) }, null, 2);
}

function expectClean(result: ReturnType<typeof roundTrip>): void {
  expect(result.mismatches, describeFailure(result)).toEqual([]);
  expect(result.strayFiles, 'no command may run: no file may appear').toEqual([]);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
}

/** Pieces that mean something to at least one shell. */
const SHELL_PIECES = [
  ...new Set([
    ...Object.values(HOSTILE).filter((v) => v.length > 0 && v.length <= 6),
    "'", '"', '$', '`', '\\', ';', '|', '&', '<', '>', '(', ')', '{', '}', '[', ']', '*', '?', '!', '#', '~', '^', '=', '%',
    ' ', '  ', '\t', '\n', '\r', '\v', '\f', '$(', '${', '$((1))', "'\\''", '\\n', '%x', 'x', 'a', '-', '.', '/', ':', '@', '+', ',',
    '0', 'Z', 'é', '日本', '😀', '\u2019', '\u202e', '\uf6ff', '\u0085', '\u2028',
  ]),
];

/** Any string without NUL: from shell-significant pieces, from the whole of unicode, or plain. */
const anyValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...SHELL_PIECES), maxLength: 12 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }).filter((s) => !s.includes('\0')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 24 }).filter((s) => !s.includes('\0')) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0189+/=_.,:@%-'), maxLength: 40 }) },
);
/** Values per shell process, and processes per loader: BATCH * RUNS values per loader. */
const BATCH = 400;
const RUNS = 6;

describe.each(LOADERS)('$label', (loader) => {
  it.for(['C.UTF-8', 'C'])('reads back every hostile value exactly (LC_ALL=%s)', (locale, ctx) => {
    requireProgram(ctx, loader.shell, PROGRAMS[loader.shell]);
    const labels = Object.keys(HOSTILE);
    expectClean(roundTrip(loader, Object.values(HOSTILE), labels, locale));
  });

  it('reads back the credential variables exactly', (ctx) => {
    requireProgram(ctx, loader.shell, PROGRAMS[loader.shell]);
    const creds: TemporaryCredentials = {
      accessKeyId: "AK'$(touch CANARY)",
      secretAccessKey: 'secret with  spaces\nand `backticks` and *',
      sessionToken: "tok\\en'\"\u2019😀",
      expiration: new Date('2036-02-12T22:18:48Z'),
    };
    const vars = credentialVariables(creds);
    const back = loadInShell(loader, renderShellExports(loader.renderAs, vars), CREDENTIAL_VARIABLES);
    expect(back.shellView.map((b) => b.toString('utf8'))).toEqual(vars.map(([, v]) => v));
    expect(CREDENTIAL_VARIABLES.map((n) => back.childEnv.get(n)?.toString('utf8'))).toEqual(vars.map(([, v]) => v));
    expect(back.strayFiles).toEqual([]);
    expect(back.stderr).toBe('');
  });

  it('reads back thousands of generated values exactly (property)', (ctx) => {
    requireProgram(ctx, loader.shell, PROGRAMS[loader.shell]);
    fc.assert(
      fc.property(fc.array(anyValue, { minLength: BATCH, maxLength: BATCH }), (values) => {
        expectClean(roundTrip(loader, values));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('--unset', () => {
  const loaders = LOADERS.filter((l) => !l.prelude);
  it.for(loaders)('removes the variables again: $label', async (loader, ctx) => {
    requireProgram(ctx, loader.shell, PROGRAMS[loader.shell]);
    const home = makeTempDir();
    const unset = await runCli(['env', '--unset', '--shell', loader.renderAs], { home });
    expect(unset.code).toBe(0);
    const vars = CREDENTIAL_VARIABLES.map((n) => [n, `value of ${n} with 'quotes' and $(touch CANARY)`] as const);
    const load = loader.load.replace('exports', 'unset-lines');
    const check =
      loader.shell === 'fish'
        ? CREDENTIAL_VARIABLES.map((n) => `set -q ${n}; and echo "$status ${n} still set"`).join('\n')
        : CREDENTIAL_VARIABLES.map((n) => `[ -n "\${${n}+set}" ] && echo "${n} still set"`).join('\n');
    const dir = join(workDir, `unset-${++runCounter}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'exports'), renderShellExports(loader.renderAs, vars));
    writeFileSync(join(dir, 'unset-lines'), unset.stdout);
    // First prove the variables were set, then that the unset lines remove them from the shell and from children.
    writeFileSync(
      join(dir, 'check'),
      [loader.load, 'env -0 > before.out', load, check, 'env -0 > after.out', ''].join('\n'),
    );
    const result = spawnSync(PROGRAMS[loader.shell]!, [...SHELL_ARGS[loader.shell], 'check'], {
      cwd: dir,
      env: cleanEnv(workDir),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    const before = parseEnvDump(readFileSync(join(dir, 'before.out')));
    const after = parseEnvDump(readFileSync(join(dir, 'after.out')));
    for (const [name, value] of vars) expect(before.get(name)?.toString('utf8')).toBe(value);
    for (const name of CREDENTIAL_VARIABLES) expect(after.has(name), name).toBe(false);
    expect(readdirSync(dir)).not.toContain('CANARY');
  });
});

describe('values no shell can hold', () => {
  it.each([...SHELLS])('NUL is refused with UnrepresentableValueError for %s', (shell) => {
    for (const value of ['\0', 'a\0', '\0b', 'ab\0cd']) {
      expect(() => renderShellExports(shell, [['AWS_SECRET_ACCESS_KEY', value]])).toThrow(UnrepresentableValueError);
    }
  });

  it('NUL anywhere in any value is refused by every shell (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom(...SHELLS), (before, after, shell) => {
        expect(() => renderShellExports(shell, [['V', `${before}\0${after}`]])).toThrow(UnrepresentableValueError);
      }),
    );
  });
});

describe('cmd.exe', () => {
  const CMD_REFUSED = ['%', '!', '"', '^', '&', '|', '<', '>'];
  const CONTROLS = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f'];

  it.each(CMD_REFUSED)('refuses a value containing %s', (char) => {
    expect(() => renderShellExports('cmd', [['V', `safe${char}text`]])).toThrow(UnrepresentableValueError);
    expect(() => renderShellExports('cmd', [['V', `safe${char}text`]])).toThrow(JSON.stringify(char));
  });

  it('refuses every control character, including line breaks and DEL', () => {
    for (const char of CONTROLS) {
      expect(() => renderShellExports('cmd', [['V', `a${char}b`]]), JSON.stringify(char)).toThrow(/control character|NUL/);
    }
  });

  it('writes `set "NAME=value"` lines ending in CRLF', () => {
    const creds: TemporaryCredentials = {
      accessKeyId: 'AKIA EXAMPLE',
      secretAccessKey: "it's (fine) = here; really",
      sessionToken: 'tok/en+=',
      expiration: new Date('2036-02-12T22:18:48.250Z'),
    };
    expect(renderShellExports('cmd', credentialVariables(creds))).toBe(
      'set "AWS_ACCESS_KEY_ID=AKIA EXAMPLE"\r\n' +
        `set "AWS_SECRET_ACCESS_KEY=it's (fine) = here; really"\r\n` +
        'set "AWS_SESSION_TOKEN=tok/en+="\r\n' +
        'set "AWS_CREDENTIAL_EXPIRATION=2036-02-12T22:18:48.250Z"\r\n',
    );
  });

  it('either writes the value verbatim or refuses it (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (value) => {
        const unsafe = [...CMD_REFUSED, ...CONTROLS].some((c) => value.includes(c));
        if (unsafe) expect(() => renderShellExports('cmd', [['V', value]])).toThrow(UnrepresentableValueError);
        else expect(renderShellExports('cmd', [['V', value]])).toBe(`set "V=${value}"\r\n`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('PowerShell', () => {
  const PS_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);

  /**
   * PowerShell's rule for a verbatim (single-quoted) string: any of the five single-quote
   * characters ends it, unless another of them follows, in which case the pair stands for the
   * second one. Returns the string's value and whatever followed the closing quote.
   */
  function readVerbatimString(text: string): { value: string; rest: string } {
    const chars = [...text];
    if (!PS_QUOTES.has(chars[0] ?? '')) throw new Error(`not a verbatim string: ${text}`);
    let value = '';
    for (let i = 1; i < chars.length; i++) {
      const c = chars[i]!;
      if (PS_QUOTES.has(c)) {
        if (!PS_QUOTES.has(chars[i + 1] ?? '')) return { value, rest: chars.slice(i + 1).join('') };
        i++;
        value += chars[i];
      } else value += c;
    }
    throw new Error(`unterminated verbatim string: ${text}`);
  }

  function parseAssignment(line: string): { name: string; value: string } {
    const m = /^\$Env:([A-Za-z_][A-Za-z0-9_]*) = ([\s\S]*)\n$/.exec(line);
    if (!m) throw new Error(`not an assignment: ${JSON.stringify(line)}`);
    const { value, rest } = readVerbatimString(m[2]!);
    expect(rest, 'nothing may follow the closing quote').toBe('');
    return { name: m[1]!, value };
  }

  it.each([
    ['plain', 'AKIA0123', "$Env:V = 'AKIA0123'\n"],
    ['apostrophe', "it's", "$Env:V = 'it''s'\n"],
    ['left single quotation mark U+2018', 'a\u2018b', "$Env:V = 'a\u2018\u2018b'\n"],
    ['right single quotation mark U+2019', 'a\u2019b', "$Env:V = 'a\u2019\u2019b'\n"],
    ['low-9 quotation mark U+201A', 'a\u201ab', "$Env:V = 'a\u201a\u201ab'\n"],
    ['reversed-9 quotation mark U+201B', 'a\u201bb', "$Env:V = 'a\u201b\u201bb'\n"],
    ['all of them in a row', "'\u2018\u2019\u201a\u201b", "$Env:V = '''\u2018\u2018\u2019\u2019\u201a\u201a\u201b\u201b'\n"],
    ['expansion syntax stays literal', '$(Remove-Item x) `n "$env:HOME" @args', "$Env:V = '$(Remove-Item x) `n \"$env:HOME\" @args'\n"],
    ['double quotes are not special', '\u201c"\u201d', "$Env:V = '\u201c\"\u201d'\n"],
    ['newline', 'a\nb', "$Env:V = 'a\nb'\n"],
  ])('%s', (_label, value, text) => {
    expect(renderShellExports('powershell', [['V', value]])).toBe(text);
  });

  it('every value reads back exactly under PowerShell’s quoting rule (property)', () => {
    const psPieces = fc.constantFrom("'", '\u2018', '\u2019', '\u201a', '\u201b', '"', '`', '$', '(', ')', '\n', ' ', 'a', '😀');
    const value = fc.oneof(fc.string({ unit: psPieces, maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 24 })).filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(value, (v) => {
        expect(parseAssignment(renderShellExports('powershell', [['AWS_SESSION_TOKEN', v]]))).toEqual({ name: 'AWS_SESSION_TOKEN', value: v });
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the CLI’s env output for hostile server answers, in each shell', () => {
  const answers: Record<string, { accessKeyId: string; secretAccessKey: string; sessionToken: string }> = {
    'shell syntax': { accessKeyId: "AK'$(touch CANARY)", secretAccessKey: '`touch CANARY`;touch CANARY|&>CANARY', sessionToken: '"$HOME" ${PATH} \\' },
    'globs, whitespace, unicode': { accessKeyId: '* 😀', secretAccessKey: ' [a] ? \u2019quoted\u2019 עברית', sessionToken: '(touch CANARY)  x' },
  };
  const renderAs = [...new Set(LOADERS.map((l) => l.renderAs))];
  /** answer label -> what `-o json` said, and the `env --shell X` output for each shell. */
  const outputs = new Map<string, { json: Record<string, string>; env: Map<Shell, string> }>();
  const fake = new FakeSts();

  beforeAll(async () => {
    await fake.start();
    const home = makeTempDir();
    const common = ['-u', 'AKIAUSER', '--password-env', 'PW', '--endpoint', fake.url, '--no-cache'];
    for (const [label, values] of Object.entries(answers)) {
      fake.reply(200, assumeRoleSuccessBody(values));
      const [json, ...envs] = await Promise.all([
        runCli(['assume-role', '-o', 'json', ...common], { home, env: { PW: 'fake-password' } }),
        ...renderAs.map((shell) => runCli(['env', '--shell', shell, ...common], { home, env: { PW: 'fake-password' } })),
      ]);
      for (const result of [json, ...envs]) if (result.code !== 0) throw new Error(`sts-creds failed: ${result.stderr}`);
      outputs.set(label, { json: JSON.parse(json.stdout) as Record<string, string>, env: new Map(renderAs.map((s, i) => [s, envs[i]!.stdout])) });
    }
    return () => fake.close();
  });

  it.for(LOADERS)('$label', (loader, ctx) => {
    requireProgram(ctx, loader.shell, PROGRAMS[loader.shell]);
    for (const [label, { json, env }] of outputs) {
      const back = loadInShell(loader, env.get(loader.renderAs)!, CREDENTIAL_VARIABLES);
      const expected = [json.AccessKeyId, json.SecretAccessKey, json.SessionToken, json.Expiration];
      expect(expected.join(''), 'the fake answer really was hostile').toContain('CANARY');
      expect(back.shellView.map((b) => b.toString('utf8')), label).toEqual(expected);
      expect(CREDENTIAL_VARIABLES.map((n) => back.childEnv.get(n)?.toString('utf8')), label).toEqual(expected);
      expect(back.strayFiles, label).toEqual([]);
      expect(back.stderr, label).toBe('');
    }
  });
});
