/**
 * Completion that knows names (issue 22, item 4), in the real shells: profile names from the AWS files
 * and mc aliases after --profile/--alias (from the built `sts-creds` on PATH, as a user has it), and after
 * `exec ... --` the shell's own completion of the command. Keyring names without a keyring are none,
 * silently; and the keyring is asked only after --keyring and `keyring remove` (names from a real
 * Secret Service: completion-keyring.integ.test.ts).
 */
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli, runProgram } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeDir = useTempDirs('completion-names');
let home: string;
let env: Record<string, string>;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  home = makeDir();
  mkdirSync(join(home, '.aws'), { mode: 0o700 });
  mkdirSync(join(home, '.mc'), { mode: 0o700 });
  writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = us-east-1\n[profile minio]\nendpoint_url = http://localhost:9000\n[profile "needs quoting"]\n', { mode: 0o600 });
  writeFileSync(join(home, '.aws', 'credentials'), '[credonly]\naws_access_key_id = AK\n', { mode: 0o600 });
  writeFileSync(join(home, '.mc', 'config.json'), JSON.stringify({ version: '10', aliases: { local: {}, play: {} } }), { mode: 0o600 });
  const bin = join(home, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'sts-creds'));
  env = cliEnv(home, { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, MC_HOST_fromenv: 'http://a:b@localhost:9000' });
  for (const shell of ['bash', 'zsh', 'fish']) {
    const run = await runCli(['completion', shell]);
    expect(run.code, run.stderr).toBe(0);
    scripts[shell] = join(home, `c.${shell}`);
    writeFileSync(scripts[shell], run.stdout);
  }
});

describe('__complete (what the scripts call)', () => {
  it('lists profile names of both AWS files and mc aliases (config.json and MC_HOST_*), plain words only', async () => {
    expect((await runProgram('sts-creds', ['__complete', 'profile'], { env })).stdout).toBe('credonly\ndefault\nminio\n');
    expect((await runProgram('sts-creds', ['__complete', 'alias'], { env })).stdout).toBe('fromenv\nlocal\nplay\n');
    expect((await runCli(['--help'])).stdout).not.toContain('__complete');
  });

  it('keyring names without a keyring (no D-Bus bus, a dead one): nothing, exit 0, nothing on stderr, no hang', async () => {
    for (const dbus of [undefined, `unix:path=${join(home, 'no-such-bus')}`]) {
      const run = await runProgram('sts-creds', ['__complete', 'keyring'], { env: { ...env, ...(dbus ? { DBUS_SESSION_BUS_ADDRESS: dbus } : {}) }, timeoutMs: 15_000 });
      expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }
  });
});

describe('the keyring is asked only when completing a keyring name', () => {
  it('bash, zsh and fish run `__complete keyring` after --keyring and `keyring remove` only', async () => {
    // A sts-creds on PATH that logs how it is called, then runs the real one.
    const dir = makeDir();
    const log = join(dir, 'calls.log');
    writeFileSync(join(dir, 'sts-creds'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${process.execPath}' '${BIN}' "$@"\n`);
    chmodSync(join(dir, 'sts-creds'), 0o755);
    const logged = { ...env, PATH: `${dir}:${env.PATH!}` };
    const calls = (): string[] => readFileSync(log, 'utf8').trim().split('\n');
    // In order: --keyring, keyring remove NAME, keyring remove with a name given, an option, a subcommand, --profile.
    const expected = ['__complete keyring', '__complete keyring', '__complete profile'];
    const bash = await runProgram('bash', ['-c', `source '${scripts.bash}'; for line in 'assume-role --keyring ""' 'keyring remove ""' 'keyring remove x ""' 'exec --key' 'keyring ""' 'env --profile ""'; do
  eval "COMP_WORDS=(sts-creds $line)"; COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _sts_creds; echo "\${COMPREPLY[*]}"; done`], { env: logged });
    expect(bash.stderr).toBe('');
    expect(bash.stdout.split('\n').slice(0, 6)).toEqual(['', '', '', '--keyring', 'add list remove', 'credonly default minio']);
    expect(calls()).toEqual(expected);
    writeFileSync(log, '');
    const zsh = await runProgram('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -d '${makeDir()}/zcomp'; source '${scripts.zsh}'
compadd() { print -r -- "$*" }
for line in "web-identity --keyring ''" "keyring remove ''" "keyring remove x ''" "exec --key" "keyring ''" "env --profile m"; do
  eval "words=(sts-creds $line)"; CURRENT=\${#words}; _sts_creds; done`], { env: logged });
    expect(zsh.stderr).toBe('');
    expect(calls()).toEqual(expected);
    writeFileSync(log, '');
    const fish = await runProgram(
      'fish',
      ['--no-config', '-c', `source '${scripts.fish}'; for line in 'ldap --keyring ' 'keyring remove ' 'keyring remove x ' 'exec --key' 'keyring ' 'env --profile '; complete -C"sts-creds $line" >/dev/null; end`],
      { env: logged },
    );
    expect(fish.stderr).toBe('');
    expect(calls()).toEqual(expected);
  });
});

describe('completion with names in the real shells', () => {
  it('bash: names after --profile and --alias; after exec --, command names and the command\'s own complete -F function', async () => {
    const r = await runProgram('bash', ['-c', `source '${scripts.bash}'
COMP_WORDS=(sts-creds assume-role --profile m); COMP_CWORD=3; _sts_creds; echo "\${COMPREPLY[*]}"
COMP_WORDS=(sts-creds env --alias ""); COMP_CWORD=3; _sts_creds; echo "\${COMPREPLY[*]}"
COMP_WORDS=(sts-creds exec -- printen); COMP_CWORD=3; _sts_creds; echo "\${COMPREPLY[*]}"
_mytool() { COMPREPLY=(mytool-own "$2"); }; complete -F _mytool mytool
COMP_WORDS=(sts-creds exec -u x -- mytool --fl); COMP_CWORD=6; _sts_creds; echo "\${COMPREPLY[*]}"
COMP_WORDS=(sts-creds exec --pro); COMP_CWORD=2; _sts_creds; echo "\${COMPREPLY[*]}"`], { env });
    expect(r.stderr).toBe('');
    const [profiles, aliases, commands, own, options] = r.stdout.split('\n');
    expect(profiles).toBe('minio');
    expect(aliases).toBe('fromenv local play');
    expect(commands!.split(' ')).toContain('printenv');
    expect(own).toBe('mytool-own --fl');
    expect(options).toBe('--profile');
  });

  it('zsh: names after --profile and --alias; after exec --, the command\'s own compdef function', async () => {
    const r = await runProgram('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -d '${makeDir()}/zcomp'; source '${scripts.zsh}'
compadd() { print -r -- "$*" }
words=(sts-creds assume-role --profile ''); CURRENT=4; _sts_creds
words=(sts-creds env --alias ''); CURRENT=4; _sts_creds
_mytool() { compadd mytool-own }; compdef _mytool mytool
words=(sts-creds exec -- mytool ''); CURRENT=5; _sts_creds`], { env });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['-- credonly default minio', '-- fromenv local play', 'mytool-own']);
  });

  it('fish: names after --profile and --alias; after exec --, fish\'s own completion of the command line', async () => {
    const r = await runProgram(
      'fish',
      ['--no-config', '-c', `source '${scripts.fish}'; complete -C'sts-creds assume-role --profile '; echo ---; complete -C'sts-creds env --alias '; echo ---; complete -c mytool -f -a 'mytool-own'; complete -C'sts-creds exec -u x -- mytool '; echo ---; complete -C'sts-creds exec -- printen'`],
      { env },
    );
    expect(r.stderr).toBe('');
    const [profiles, aliases, own, commands] = r.stdout.split('---\n').map((part) => part.trim().split('\n').map((line) => line.split('\t')[0]));
    expect(profiles).toEqual(['credonly', 'default', 'minio']);
    expect(aliases).toEqual(['fromenv', 'local', 'play']);
    expect(own).toEqual(['mytool-own']);
    expect(commands).toContain('printenv');
  });
});
