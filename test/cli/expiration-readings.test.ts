/**
 * The CLI hands out the earlier of two readings of the expiry, as the library's providers do: the server's
 * `Expiration` as given, and local now plus the lifetime the server's own `Date` gives. A server whose clock
 * is ahead (or whose `Date` lies) cannot make `credential_process` or `-o json` promise a longer life than
 * the server will honour; one whose clock is far behind still gives usable credentials.
 */
import { describe, expect, it } from 'vitest';
import { assumeRoleSuccessBody, useFakeSts } from '../helpers/fake-sts.js';
import { runMain } from '../helpers/cli.js';

const fake = useFakeSts();
const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

async function expirationPrinted(serverNowMs: number, lifetimeMs: number): Promise<number> {
  fake.always({
    kind: 'reply',
    status: 200,
    headers: { 'content-type': 'application/xml', date: new Date(serverNowMs).toUTCString() },
    body: assumeRoleSuccessBody({ expiration: iso(serverNowMs + lifetimeMs) }),
  });
  const run = await runMain(['assume-role', '-u', 'k', '--password-env', 'PW', '--endpoint', fake.url, '-o', 'credential-process', '--no-cache'], { env: { PW: 'pw' } });
  expect(run.code, run.stderr).toBe(0);
  return Date.parse((JSON.parse(run.stdout) as { Expiration: string }).Expiration);
}

describe('the expiration the CLI hands out', () => {
  it('a server clock 2 h ahead: local now + 1 h (what the server will honour), not its Expiration 3 h ahead', async () => {
    const before = Date.now();
    const printed = await expirationPrinted(before + 2 * HOUR, HOUR);
    expect(printed).toBeGreaterThanOrEqual(before + HOUR - 2_000);
    expect(printed).toBeLessThanOrEqual(Date.now() + HOUR + 2_000);
  });

  it('a server clock a year behind: the Expiration already passed here, so local now + its lifetime', async () => {
    const before = Date.now();
    const printed = await expirationPrinted(before - 365 * 24 * HOUR, HOUR);
    expect(printed).toBeGreaterThanOrEqual(before + HOUR - 2_000);
    expect(printed).toBeLessThanOrEqual(Date.now() + HOUR + 2_000);
  });

  it('clocks that agree: the Expiration exactly as the server gave it', async () => {
    const now = Date.now();
    const printed = await expirationPrinted(now, HOUR);
    expect(printed).toBe(Date.parse(iso(now + HOUR)));
  });
});
