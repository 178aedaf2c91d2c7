/**
 * Shared plumbing for the consumer tests: the environment and whereabouts of the real third-party
 * programs (shells, the AWS CLI, mc, node) they run; test/helpers/cli.ts runs them and sts-creds.
 *
 * The consumer tests prove that what sts-creds prints is read back exactly by the programs people
 * actually feed it to, so they spawn those programs for real instead of re-implementing their parsers.
 */
import { isIP } from 'node:net';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'vitest';
import { cliEnv } from '../helpers/cli.js';

/**
 * The environment of a shell or tool that runs (or reads the output of) sts-creds: {@link cliEnv}'s
 * (PATH, a private HOME and cache, nothing AWS_*, STS_CREDS_*, MC_* or shell start-up related such as
 * BASH_ENV and ENV from the environment the tests run in) with a UTF-8 locale, plus `extra`.
 */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return cliEnv(home, { LC_ALL: 'C.UTF-8', ...extra });
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The AWS CLI to test with. Prefers a v2 `aws` (the one scripts/install-system-deps.sh installs as
 * `/usr/bin/aws`) over whatever comes first on PATH, which on some machines is a v1 shim.
 */
export function findAwsCli(): string | undefined {
  const candidates = ['/usr/bin/aws', onPath('aws')].filter((p): p is string => p !== undefined && existsSync(p));
  for (const path of candidates) {
    const probe = spawnSync(path, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tmpdir() } });
    if (probe.status === 0 && /^aws-cli\/2\./.test(probe.stdout)) return path;
  }
  return candidates[0];
}

/** Finds a program on PATH (or at an absolute path). */
export function findProgram(name: string): string | undefined {
  if (name.startsWith('/')) return existsSync(name) ? name : undefined;
  return onPath(name);
}

/**
 * Skips the current test when a program the consumer tests need is missing, but only outside CI:
 * under CI (scripts/install-system-deps.sh installs them all) a missing program fails the test.
 */
export function requireProgram(ctx: TestContext, name: string, path: string | undefined): string {
  if (path) return path;
  if (missingOutsideCi(false, name)) ctx.skip(`${name} is not installed (run scripts/install-system-deps.sh)`);
  return name;
}

/**
 * For `describe.skipIf`: true (skip) when a tool the tests need is missing, outside CI only; under CI
 * (scripts/install-system-deps.sh installs them all) a missing tool throws, so nothing is ever skipped there.
 */
export function missingOutsideCi(present: boolean, name: string): boolean {
  if (present) return false;
  if (process.env.CI) throw new Error(`CI is set, so these tests may not be skipped: ${name} is not installed (run scripts/install-system-deps.sh)`);
  return true;
}

/**
 * Throws unless `url`'s host is a loopback address (127.0.0.0/8 or ::1): no consumer a test runs may be
 * handed a public endpoint. Call it on every endpoint before the consumer starts.
 */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const loopback = (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
  if (!loopback) throw new Error(`refusing to run a consumer against ${url}: not a loopback address`);
}
