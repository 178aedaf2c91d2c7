/**
 * Completion of keyring entry names (issue 22) against a REAL Secret Service (gnome-keyring-daemon on a
 * private D-Bus bus, test/helpers/secret-service.ts): an entry added with `sts-creds keyring add` is
 * offered by `__complete keyring` and by real bash completion of `--keyring <TAB>` and
 * `keyring remove <TAB>`; an entry another program stored under a name a shell would have to quote is
 * not; a frozen or locked keyring is no names, exit 0, nothing on stderr, and no hang.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli, runProgram, type CliResult } from '../helpers/cli.js';
import { useSecretService } from '../helpers/secret-service.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeDir = useTempDirs('completion-keyring');
const secrets = useSecretService();
let bashScript: string;
let bin: string;

beforeAll(async () => {
  const dir = makeDir();
  bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'sts-creds'));
  const run = await runCli(['completion', 'bash']);
  expect(run.code, run.stderr).toBe(0);
  bashScript = join(dir, 'c.bash');
  writeFileSync(bashScript, run.stdout);
});

/** The environment of a shell with the built `sts-creds` on PATH and the private bus. */
function shellEnv(): Record<string, string> {
  return cliEnv(makeDir(), { ...secrets().env, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` });
}

/** What real bash completion offers for the words `line` (the last one is the word under the cursor). */
function bashComplete(line: string): Promise<CliResult> {
  return runProgram('bash', ['-c', `source '${bashScript}'; COMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _sts_creds; echo "\${COMPREPLY[*]}"`], {
    env: shellEnv(),
  });
}

const complete = (): Promise<CliResult> => runCli(['__complete', 'keyring'], { env: secrets().env, timeoutMs: 20_000 });

describe('keyring entry names in completion, from a real Secret Service', () => {
  it('offers an entry added with `keyring add`, in __complete and in bash after --keyring and keyring remove', async () => {
    expect(await complete()).toMatchObject({ code: 0, stdout: '', stderr: '' });
    for (const name of ['minio-dev', 'corp.ldap']) {
      const add = await runCli(['keyring', 'add', name, '--access-key', 'AKIDCOMPLETE', '--secret-key-stdin'], { env: secrets().env, stdin: 'complete-secret-1' });
      expect(add.code, add.stderr).toBe(0);
    }
    expect(await complete()).toMatchObject({ code: 0, stdout: 'corp.ldap\nminio-dev\n', stderr: '' });
    const withKeyring = await bashComplete('sts-creds assume-role --keyring mi');
    expect(withKeyring).toMatchObject({ code: 0, stdout: 'minio-dev\n', stderr: '' });
    expect(await bashComplete('sts-creds env web-identity --keyring ""')).toMatchObject({ stdout: 'corp.ldap minio-dev\n', stderr: '' });
    expect(await bashComplete('sts-creds keyring remove c')).toMatchObject({ stdout: 'corp.ldap\n', stderr: '' });
    // No secret is ever printed.
    expect((await complete()).stdout).not.toContain('complete-secret-1');
  });

  it('leaves out an entry another program stored under a name a shell would have to quote', async () => {
    const store = spawn('secret-tool', ['store', '--label=foreign', 'service', 'sts-creds', 'username', "it's $(here)"], { env: cliEnv(makeDir(), secrets().env) });
    store.stdin.end('plain text secret');
    expect(await new Promise((resolve) => store.on('close', resolve))).toBe(0);
    expect((await runCli(['keyring', 'list'], { env: secrets().env })).stdout).toContain("it's $(here)");
    expect(await complete()).toMatchObject({ code: 0, stdout: 'corp.ldap\nminio-dev\n', stderr: '' });
  });

  it('a frozen daemon: no names, exit 0, nothing on stderr, within the short limit (not a hang)', async () => {
    const bus = secrets();
    bus.freeze();
    try {
      expect(await complete()).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect(await bashComplete('sts-creds assume-role --keyring ""')).toMatchObject({ code: 0, stdout: '\n', stderr: '' });
    } finally {
      bus.thaw();
    }
    expect((await complete()).stdout).toBe('corp.ldap\nminio-dev\n');
  });

  it('a locked keyring: no names, exit 0, nothing on stderr', async () => {
    await secrets().lock();
    expect(await complete()).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});
