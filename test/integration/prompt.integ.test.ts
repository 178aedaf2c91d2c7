/**
 * The no-echo password prompt, driven through a real pseudo-terminal (util-linux `script`), against
 * the real MinIO: the password typed at the prompt works, is never echoed, and Ctrl-C exits 130.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv } from '../helpers/cli.js';
import { useMinio } from '../helpers/minio-context.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeTempDir = useTempDirs('prompt');

/** Runs the CLI on a pseudo-terminal, typing `keys` once the prompt has appeared. */
function onTerminal(args: string[], keys: string): Promise<{ code: number | null; output: string }> {
  const command = ['node', BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: cliEnv(makeTempDir(), { NO_COLOR: '1' }) });
    let output = '';
    let typed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (!typed && output.includes('Password for')) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('password prompt on a terminal', () => {
  const minio = useMinio();

  it('reads the password without echo and gets credentials', async () => {
    const { endpoint, user, password } = minio();
    const { code, output } = await onTerminal(['assume-role', '-u', user, '--endpoint', endpoint, '-o', 'json'], `${password}\r`);
    expect(code).toBe(0);
    expect(output).toContain(`Password for ${user}: `);
    expect(output).toMatch(/"AccessKeyId": "[0-9A-Z]{20}"/);
    expect(output).not.toContain(password);
  });

  it('handles backspace at the prompt', async () => {
    const { endpoint, user, password } = minio();
    const { code, output } = await onTerminal(['assume-role', '-u', user, '--endpoint', endpoint, '-o', 'json'], `${password}xy\u007f\u007f\r`);
    expect(code).toBe(0);
    expect(output).toMatch(/"SessionToken": "/);
  });

  it('exits 130 on Ctrl-C at the prompt, without calling STS', async () => {
    const { endpoint, user } = minio();
    const { code, output } = await onTerminal(['assume-role', '-u', user, '--endpoint', endpoint], 'abc\u0003');
    expect(code).toBe(130);
    expect(output).toContain('interrupted at the password prompt');
    expect(output).not.toContain('AccessKeyID:');
  });
});
