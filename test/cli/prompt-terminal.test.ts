/**
 * Prompts on the controlling terminal, driven through a real pseudo-terminal (util-linux `script`)
 * against the fake STS: the prompt and the typed keys go through /dev/tty, so it works with stdin
 * from /dev/null and stderr captured to a file (as under `credential_process`); Backspace, Ctrl-U and
 * Ctrl-W edit the line; Ctrl-C exits 130; with no controlling terminal the run fails at once.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editLine } from '../../src/cli/prompt.js';
import { BIN, cliEnv, expectCleanFailure, makeHome, runCli } from '../helpers/cli.js';
import { expectedSigV4Authorization, useFakeSts } from '../helpers/fake-sts.js';
import { findProgram, requireProgram } from '../consumers/harness.js';

const fake = useFakeSts();
const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `sts-creds args` on a pseudo-terminal with stdin from /dev/null and stderr into a file, typing
 * `keys` once `prompt` has appeared on the terminal.
 */
function onTerminal(script: string, args: string[], prompt: string, keys: string): Promise<{ code: number | null; terminal: string; stderr: string }> {
  const home = makeHome();
  const errFile = join(home, 'stderr.txt');
  const command = `${['node', BIN, ...args].map(quote).join(' ')} </dev/null 2>${quote(errFile)}`;
  return new Promise((resolve, reject) => {
    const child = spawn(script, ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: cliEnv(home, { NO_COLOR: '1' }) });
    let terminal = '';
    let typed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      terminal += d.toString();
      if (!typed && terminal.includes(prompt)) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, terminal, stderr: readFileSync(errFile, 'utf8') });
    });
  });
}

describe('editLine', () => {
  it.each([
    ['abc', 'abc'],
    ['abc\u007f', 'ab'],
    ['abc\b\b', 'a'],
    ['junk\u0015pw', 'pw'],
    ['one two\u0017', 'one '],
    ['one two  \u0017', 'one '],
    ['\u007f\u0015\u0017x', 'x'],
    ['a\u0001\u001bb', 'ab'], // other control keys are dropped
    ['héé\u007f', 'hé'],
  ])('%j → %j', (keys, line) => {
    expect(editLine('', keys)).toEqual({ line });
  });

  it('ends at Enter or Ctrl-D, and reports Ctrl-C', () => {
    expect(editLine('', 'pw\rignored')).toEqual({ line: 'pw', done: 'enter' });
    expect(editLine('x', '\u0004')).toEqual({ line: 'x', done: 'enter' });
    expect(editLine('', 'ab\u0003')).toEqual({ line: 'ab', done: 'interrupted' });
  });
});

describe('the password prompt on the controlling terminal', () => {
  it('works with stdin from /dev/null and stderr captured; Ctrl-U, Ctrl-W and Backspace edit the line; nothing echoes', async (ctx) => {
    const script = requireProgram(ctx, 'script', findProgram('script'));
    const typed = 'junk\u0015pw-first second\u0017Zx\u007f\r';
    const run = await onTerminal(script, ['assume-role', '-u', 'foobar', '--endpoint', fake.url, '-o', 'json'], 'Password for foobar: ', typed);
    expect(run.code, run.terminal).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.terminal).toContain('"AccessKeyId"');
    // The request was signed with exactly the edited line.
    const req = fake.onlyRequest();
    expect(req.headers.authorization).toBe(expectedSigV4Authorization(req, 'pw-first Z'));
    for (const fragment of ['junk', 'pw-first', 'second']) expect(run.terminal).not.toContain(fragment);
  });

  it('exits 130 on Ctrl-C, without a request', async (ctx) => {
    const script = requireProgram(ctx, 'script', findProgram('script'));
    const run = await onTerminal(script, ['assume-role', '-u', 'foobar', '--endpoint', fake.url], 'Password for foobar: ', 'abc\u0003');
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('interrupted at the password prompt');
    expect(fake.requests).toHaveLength(0);
  });

  it('prompts for the MFA code on the terminal too', async (ctx) => {
    const script = requireProgram(ctx, 'script', findProgram('script'));
    const args = ['assume-role', '-u', 'foobar', '-p', 'pw', '--serial-number', 'arn:aws:iam::1:mfa/me', '--endpoint', fake.url, '-o', 'json'];
    const run = await onTerminal(script, args, 'MFA code for arn:aws:iam::1:mfa/me: ', '999\u0015123456\r');
    expect(run.code, run.terminal + run.stderr).toBe(0);
    expect(fake.onlyRequest().body).toContain('TokenCode=123456');
  });

  it('asks for the passphrase of an encrypted client key on the terminal (and not with --passphrase-env)', async (ctx) => {
    const script = requireProgram(ctx, 'script', findProgram('script'));
    const dir = makeHome();
    const key = join(dir, 'enc-key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=prompt', '-passout', 'pass:key-pass-42'], {
      stdio: 'ignore',
    });
    const args = ['certificate', '--cert', cert, '--key', key, '--endpoint', fake.url, '-o', 'json'];
    const run = await onTerminal(script, args, `Passphrase for --key "${key}": `, 'wrong\u0015key-pass-42\r');
    expect(run.code, run.terminal + run.stderr).toBe(0);
    expect(run.terminal).not.toContain('key-pass-42');
    expect(fake.requests).toHaveLength(1);
    // Without a terminal the same run fails at once, naming both ways to give the passphrase.
    fake.requests.length = 0;
    expectCleanFailure(await runCli(args, { timeoutMs: 10_000 }), /cannot be decrypted: wrong or missing passphrase \(--passphrase-env, or type it at the prompt\)/, 2);
    expect(fake.requests).toHaveLength(0);
  });

  it('with no controlling terminal (a new session) fails at once with exit 2', async () => {
    const run = await runCli(['assume-role', '-u', 'foobar', '--endpoint', fake.url], { stdin: 'keep-open', timeoutMs: 10_000 });
    expectCleanFailure(run, /no password: use -p/, 2);
    expect(fake.requests).toHaveLength(0);
  });
});
