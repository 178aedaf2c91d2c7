/**
 * What a user types or a server sends never comes back raw: a password in an endpoint URL, terminal control
 * sequences in a `-b` listing (issue 11, findings 1, 2 and 6).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('doctor never prints the password of an endpoint URL', () => {
  it.each([
    ['--endpoint', (url: string) => ({ args: ['doctor', '--endpoint', url], env: {} })],
    ['AWS_ENDPOINT_URL', (url: string) => ({ args: ['doctor'], env: { AWS_ENDPOINT_URL: url } })],
    ['AWS_ENDPOINT_URL_STS', (url: string) => ({ args: ['doctor'], env: { AWS_ENDPOINT_URL_STS: url } })],
  ])('given through %s', async (_how, make) => {
    const { args, env } = make('http://user:hunter2pass@127.0.0.1:9/');
    const run = await runCli(args, { env, timeoutMs: 20_000 });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain('hunter2pass');
    expect(run.stdout).toContain('***@');
  });
});
