/** Shared pieces of the credential cache unit tests: a result, a key, and a host with a clock the test moves. */
import type { CacheHost } from '../../src/cache/credential-cache.js';
import type { CacheKeyParts } from '../../src/cache/cache-key.js';
import type { StsResult } from '../../src/sts/registry.js';

export const KEY: CacheKeyParts = { endpoint: 'http://127.0.0.1:9000/', region: 'us-east-1', action: 'AssumeRole', principal: 'foobar', params: { durationSeconds: 3600 } };

/** AssumeRole credentials with this access key, valid for an hour from `at`. */
export function sampleResult(accessKeyId: string, at: number): StsResult {
  return {
    action: 'AssumeRole',
    accessKeyId,
    secretAccessKey: `${accessKeyId}-secret`,
    sessionToken: `${accessKeyId}-token`,
    expiration: new Date(at + 3600_000),
    requestId: 'REQ1',
    serverDate: new Date(at),
    assumedRoleUser: undefined,
    packedPolicySize: undefined,
    sourceIdentity: undefined,
  };
}

/** A {@link CacheHost} with a clock that only `sleep` (or the test) moves, and what it was asked. */
export interface FakeHost extends CacheHost {
  warnings: string[];
  sleeps: number[];
  alive: Set<number>;
  advance(ms: number): void;
  /** Runs after each sleep, before it resolves (a place for "meanwhile, another run..."). */
  onSleep: (() => Promise<void> | void) | undefined;
}

export function fakeHost(start: number = Date.now()): FakeHost {
  let now = start;
  const host: FakeHost = {
    uid: process.getuid!(),
    pid: process.pid,
    hostname: 'this-host',
    warnings: [],
    sleeps: [],
    alive: new Set([process.pid]),
    isPidAlive: (pid) => host.alive.has(pid),
    now: () => now,
    advance: (ms) => void (now += ms),
    sleep: async (ms) => {
      host.sleeps.push(ms);
      now += ms;
      // Let other work of this process (a concurrent call) run, as a real sleep would.
      await new Promise((resolve) => setTimeout(resolve, 2));
      await host.onSleep?.();
    },
    warn: (message) => void host.warnings.push(message),
    onSleep: undefined,
  };
  return host;
}

/** A fetch that counts its calls and hands out credentials named by the call number (`AKFETCHED1`, ...). */
export function counter(host: FakeHost): { fetch: () => Promise<StsResult>; calls: number } {
  const state = { calls: 0, fetch: async () => sampleResult(`AKFETCHED${++state.calls}`, host.now()) };
  return state;
}
