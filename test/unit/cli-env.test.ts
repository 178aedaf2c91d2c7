/**
 * The test plumbing's promise (test/helpers/cli.ts): every CLI run gets a private home and cache and
 * nothing from the environment the tests run in, and a test cannot hand it the real home.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv } from '../helpers/cli.js';

describe('cliEnv', () => {
  it('is PATH, LANG=C and a home and cache inside the given home, nothing else', () => {
    expect(cliEnv('/tmp/h')).toEqual({
      PATH: process.env.PATH,
      LANG: 'C',
      HOME: '/tmp/h',
      XDG_CACHE_HOME: '/tmp/h/.cache',
      STS_CREDS_CACHE_DIR: '/tmp/h/.cache/sts-creds/credentials',
    });
  });

  it('adds, replaces and removes variables as the test asks', () => {
    const env = cliEnv('/tmp/h', { AWS_REGION: 'eu-west-3', STS_CREDS_CACHE_DIR: '/tmp/c', LANG: undefined });
    expect(env).toMatchObject({ AWS_REGION: 'eu-west-3', STS_CREDS_CACHE_DIR: '/tmp/c' });
    expect(env).not.toHaveProperty('LANG');
  });

  it.each([
    ['the real home as HOME', () => cliEnv(homedir())],
    ['the real ~/.cache as XDG_CACHE_HOME', () => cliEnv('/tmp/h', { XDG_CACHE_HOME: join(homedir(), '.cache') })],
    ['a directory in the real ~/.cache as STS_CREDS_CACHE_DIR', () => cliEnv('/tmp/h', { STS_CREDS_CACHE_DIR: join(homedir(), '.cache', 'sts-creds', 'credentials') })],
    ['HOME removed (the CLI would fall back to the real one)', () => cliEnv('/tmp/h', { HOME: undefined })],
  ])('refuses %s', (_what, build) => {
    expect(build).toThrow(/test plumbing: /);
  });
});
