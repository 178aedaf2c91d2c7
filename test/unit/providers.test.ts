/**
 * The refresh engine behind fromAssumeRole()/fromCustomToken(), driven by an injected clock and a scripted
 * fetcher: no real waiting, no network.
 */
import { describe, expect, it } from 'vitest';
import { StsProviderClosedError, StsResponseError, StsServiceError, StsTransportError, StsValidationError, REFRESH_DEFAULTS } from '../../src/index.js';
import { isRetryableStsError } from '../../src/providers/is-retryable.js';
import { RefreshEngine, type FetchedCredentials, type RefreshEngineOptions, type RefreshErrorInfo } from '../../src/providers/refresh-engine.js';
import type { StsEvent } from '../../src/events.js';
import type { TemporaryCredentials } from '../../src/types.js';
import { serviceError } from '../helpers/sts-wire.js';

const S = 1000;
const MIN = 60 * S;

/** A settable clock in epoch milliseconds. */
class Clock {
  t = Date.UTC(2026, 0, 1, 12, 0, 0);
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

type Outcome = { kind: 'ok'; lifetimeMs: number; serverOffsetMs?: number; serverDate?: false } | { kind: 'error'; error: unknown };

/**
 * A scripted STS: each fetch takes the next scripted outcome (or the default), resolved at once
 * or, in manual mode, when the test calls `settle()`.
 */
class FakeFetcher {
  calls = 0;
  manual = false;
  #script: Outcome[] = [];
  #fallback: Outcome = { kind: 'ok', lifetimeMs: 3600 * S };
  #waiting: Array<() => void> = [];

  constructor(private readonly clock: Clock) {}

  /** Scripts the next outcome. */
  next(outcome: Outcome): this {
    this.#script.push(outcome);
    return this;
  }
  /** Every later fetch ends this way. */
  always(outcome: Outcome): this {
    this.#fallback = outcome;
    return this;
  }
  /** Fetches that have started and not yet been settled (manual mode). */
  get pending(): number {
    return this.#waiting.length;
  }
  /** Settles the oldest pending fetch (manual mode) with its scripted outcome, evaluated at the current clock. */
  async settle(): Promise<void> {
    const go = this.#waiting.shift();
    if (!go) throw new Error('no fetch is pending');
    go();
    await flush();
  }

  readonly fetch = (): Promise<FetchedCredentials> => {
    this.calls += 1;
    const n = this.calls;
    const outcome = this.#script.shift() ?? this.#fallback;
    const produce = (): FetchedCredentials => {
      if (outcome.kind === 'error') throw outcome.error;
      const serverNow = this.clock.t + (outcome.serverOffsetMs ?? 0);
      return {
        accessKeyId: `AK${n}`,
        secretAccessKey: `SK${n}`,
        sessionToken: `TOKEN${n}`,
        expiration: new Date(serverNow + outcome.lifetimeMs),
        serverDate: outcome.serverDate === false ? undefined : new Date(serverNow),
      };
    };
    if (!this.manual) return new Promise((resolve) => resolve(produce()));
    return new Promise((resolve, reject) => {
      this.#waiting.push(() => {
        try {
          resolve(produce());
        } catch (error) {
          reject(error);
        }
      });
    });
  };
}

/** Lets pending promise callbacks run. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function setup(options: Partial<RefreshEngineOptions> = {}) {
  const clock = new Clock();
  const fetcher = new FakeFetcher(clock);
  const errors: Array<{ error: unknown; info: RefreshErrorInfo }> = [];
  const refreshed: TemporaryCredentials[] = [];
  const engine = new RefreshEngine({
    fetch: fetcher.fetch,
    now: clock.now,
    random: () => 1, // no jitter: backoff is exactly initial * 2^(n-1)
    onError: (error, info) => errors.push({ error, info }),
    onRefresh: (credentials) => refreshed.push(credentials),
    context: { action: 'AssumeRole', endpoint: 'http://sts.test' },
    ...options,
  });
  return { clock, fetcher, engine, errors, refreshed };
}

/** Resolves to the settled state of a promise without awaiting a pending one. */
async function state<T>(promise: Promise<T>): Promise<{ status: 'pending' } | { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown }> {
  const marker = Symbol('pending');
  await flush();
  return Promise.race([
    promise.then(
      (value) => ({ status: 'fulfilled' as const, value }),
      (reason: unknown) => ({ status: 'rejected' as const, reason }),
    ),
    Promise.resolve(marker).then(() => ({ status: 'pending' as const })),
  ]);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (reason: unknown) => reason,
  );
}

const accessDenied = (action = 'AssumeRole') =>
  serviceError({ statusCode: 403, stsCode: 'AccessDenied', serverMessage: 'Access Denied.', context: { action, endpoint: 'http://sts.test' } });
const unavailable = () =>
  serviceError({ statusCode: 503, stsCode: 'ServiceUnavailable', serverMessage: 'busy', context: { action: 'AssumeRole' } });
const connectionRefused = () =>
  new StsTransportError('AssumeRole failed: connection refused (http://sts.test) [ECONNREFUSED]', {
    causeCode: 'ECONNREFUSED',
    context: { action: 'AssumeRole' },
  });

describe('RefreshEngine: single flight', () => {
  it('5000 simultaneous first calls make exactly one STS request and all get the same credentials', async () => {
    const { engine, fetcher } = setup();
    fetcher.manual = true;
    const calls = Array.from({ length: 5000 }, () => engine.get());
    expect(fetcher.calls).toBe(1);
    await fetcher.settle();
    const results = await Promise.all(calls);
    expect(fetcher.calls).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toMatchObject({ accessKeyId: 'AK1', secretAccessKey: 'SK1', sessionToken: 'TOKEN1' });
  });

  it('5000 simultaneous calls after expiry make exactly one STS request', async () => {
    const { engine, fetcher, clock } = setup();
    await engine.get();
    clock.advance(2 * 3600 * S);
    fetcher.manual = true;
    const calls = Array.from({ length: 5000 }, () => engine.get());
    await fetcher.settle();
    const results = await Promise.all(calls);
    expect(fetcher.calls).toBe(2);
    expect(new Set(results.map((c) => c.accessKeyId))).toEqual(new Set(['AK2']));
  });

  it('5000 simultaneous calls in the advisory window start one background request and get the current credentials', async () => {
    const { engine, fetcher, clock } = setup();
    const first = await engine.get();
    clock.advance(3600 * S - 4 * MIN); // inside the 5 min advisory window
    fetcher.manual = true;
    const results = await Promise.all(Array.from({ length: 5000 }, () => engine.get()));
    expect(fetcher.calls).toBe(2);
    expect(results.every((c) => c === first)).toBe(true);
    await fetcher.settle();
    expect((await engine.get()).accessKeyId).toBe('AK2');
  });
});

describe('RefreshEngine: reuse', () => {
  it('hands out the same resolved promise while the credentials are fresh (no request, no allocation)', async () => {
    const { engine, fetcher, clock } = setup();
    const first = engine.get();
    await first;
    const a = engine.get();
    clock.advance(30 * MIN);
    const b = engine.get();
    expect(a).toBe(b);
    expect(await a).toBe(await first);
    expect(fetcher.calls).toBe(1);
  });

  it.each([
    // lifetime, advisory window actually used
    { lifetimeS: 900, advisoryS: 300 },
    { lifetimeS: 3600, advisoryS: 300 },
    { lifetimeS: 43_200, advisoryS: 300 },
    { lifetimeS: 600, advisoryS: 200 }, // shorter than MinIO's minimum (a plugin may clamp): a third of it
    { lifetimeS: 60, advisoryS: 20 },
  ])('a $lifetimeS s credential is reused until $advisoryS s before expiry, then refreshed once', async ({ lifetimeS, advisoryS }) => {
    const { engine, fetcher, clock } = setup();
    fetcher.always({ kind: 'ok', lifetimeMs: lifetimeS * S });
    const start = clock.t;
    const refreshTimes: number[] = [];
    let last = (await engine.get()).accessKeyId;
    // Call every `step` for five lifetimes (once a second for the short ones); the fetcher answers at once.
    const stepS = Math.max(1, Math.floor(lifetimeS / 900));
    for (let i = 0; i < (5 * lifetimeS) / stepS; i++) {
      clock.advance(stepS * S);
      const creds = await engine.get();
      await flush();
      if (fetcher.calls > refreshTimes.length + 1) refreshTimes.push(clock.t - start);
      // Never handed out expired credentials.
      expect(creds.expiration.getTime()).toBeGreaterThan(clock.t);
      last = creds.accessKeyId;
    }
    expect(last).not.toBe('AK1');
    // Refreshes happen once per (lifetime - advisory window), i.e. each credential is used for >= 2/3 of its life.
    const gaps = refreshTimes.map((t, i) => t - (i === 0 ? 0 : refreshTimes[i - 1]!));
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual((lifetimeS - advisoryS) * S);
      expect(gap).toBeLessThanOrEqual((lifetimeS - advisoryS + stepS) * S);
      expect(gap).toBeGreaterThanOrEqual((lifetimeS * S) / 2);
    }
    expect(fetcher.calls).toBe(refreshTimes.length + 1);
  });

  it('serves a cached call in well under a microsecond (median of batches)', async () => {
    const { engine } = setup({ now: Date.now });
    await engine.get();
    const batch = 20_000;
    const perCall: number[] = [];
    for (let round = 0; round < 25; round++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) void engine.get();
      perCall.push(Number(process.hrtime.bigint() - t0) / batch);
    }
    perCall.sort((a, b) => a - b);
    const median = perCall[Math.floor(perCall.length / 2)]!;
    expect(median).toBeLessThan(1000); // ns
  });

  it('starts no timers', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length;
    const before = timers();
    const { engine, fetcher, clock } = setup();
    await engine.get();
    clock.advance(3600 * S - 2 * MIN);
    fetcher.next({ kind: 'error', error: connectionRefused() });
    await engine.get();
    expect(timers()).toBe(before);
  });
});

describe('RefreshEngine: the background refresh moment is spread over the advisory window', () => {
  // 3600 s credentials: advisory window 5 min, mandatory 1 min, so the refresh starts between 5 and 1 min before expiry.
  it.each([
    { random: 0.999_999, startsBeforeExpiryMs: 5 * MIN - 0.24 },
    { random: 0.75, startsBeforeExpiryMs: 4 * MIN },
    { random: 0.5, startsBeforeExpiryMs: 3 * MIN },
    { random: 0.25, startsBeforeExpiryMs: 2 * MIN },
    { random: 0.1, startsBeforeExpiryMs: 84 * S },
  ])('random() = $random: cached credentials without a request until $startsBeforeExpiryMs ms before expiry, then one background refresh', async ({ random, startsBeforeExpiryMs }) => {
    const { engine, fetcher, clock } = setup({ random: () => random });
    const first = await engine.get();
    const refreshAt = first.expiration.getTime() - startsBeforeExpiryMs;
    clock.t = Math.ceil(refreshAt) - 1;
    expect(await engine.get()).toBe(first);
    expect(fetcher.calls).toBe(1);
    clock.t = Math.ceil(refreshAt);
    expect(await engine.get()).toBe(first); // still the current credentials: the refresh runs in the background
    await flush();
    expect(fetcher.calls).toBe(2);
    expect(await engine.get()).not.toBe(first);
  });

  it('a fresh moment is drawn for every new set of credentials', async () => {
    const draws = [0.9, 0.2, 0.6];
    const { engine, fetcher, clock } = setup({ random: () => draws.shift() ?? 0.5 });
    const starts: number[] = [];
    for (let round = 0; round < 3; round++) {
      const current = await engine.get();
      const expiry = current.expiration.getTime();
      while (fetcher.calls === round + 1) {
        clock.advance(S);
        await engine.get();
        await flush();
      }
      starts.push(Math.round((expiry - clock.t) / S));
    }
    // 1 min + r * 4 min before expiry, to the second (the clock moves in whole seconds, hence the floor).
    expect(starts).toEqual([276, 108, 204]);
  });

  it('1000 providers created in the same second, with evenly spread random draws, refresh evenly across the window', async () => {
    const clock = new Clock();
    const fetcher = new FakeFetcher(clock);
    const engines = Array.from({ length: 1000 }, (_, i) => new RefreshEngine({ fetch: fetcher.fetch, now: clock.now, random: () => (i + 0.5) / 1000 }));
    await Promise.all(engines.map((e) => e.get()));
    expect(fetcher.calls).toBe(1000);
    const perSecond: number[] = [];
    clock.advance(3600 * S - 5 * MIN);
    for (let second = 0; second <= 4 * 60; second++) {
      const before = fetcher.calls;
      await Promise.all(engines.map((e) => e.get()));
      await flush();
      perSecond.push(fetcher.calls - before);
      clock.advance(S);
    }
    expect(fetcher.calls).toBe(2000);
    // 1000 refreshes over 240 s: about 4.2 a second, never more than 5, where without jitter all 1000 fell in one second.
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(5);
    expect(Math.min(...perSecond.slice(1, 240))).toBeGreaterThanOrEqual(3);
  });
});

describe('RefreshEngine: advisory and mandatory windows', () => {
  it('in the advisory window: current credentials at once, one background refresh, new ones afterwards', async () => {
    const { engine, fetcher, clock, refreshed } = setup();
    const first = await engine.get();
    clock.advance(3600 * S - 5 * MIN); // exactly at the advisory boundary
    fetcher.manual = true;
    expect(await engine.get()).toBe(first);
    expect(await engine.get()).toBe(first);
    expect(fetcher.calls).toBe(2);
    await fetcher.settle();
    const second = await engine.get();
    expect(second.accessKeyId).toBe('AK2');
    expect(refreshed.map((c) => c.accessKeyId)).toEqual(['AK1', 'AK2']);
  });

  it('in the mandatory window: callers wait for the new credentials', async () => {
    const { engine, fetcher, clock } = setup();
    await engine.get();
    clock.advance(3600 * S - 30 * S); // inside the 60 s mandatory window, no refresh happened before
    fetcher.manual = true;
    const waiting = engine.get();
    expect((await state(waiting)).status).toBe('pending');
    await fetcher.settle();
    expect((await waiting).accessKeyId).toBe('AK2');
  });

  it('a background refresh still in flight when the mandatory window starts is joined, not duplicated', async () => {
    const { engine, fetcher, clock } = setup();
    await engine.get();
    fetcher.manual = true;
    clock.advance(3600 * S - 4 * MIN);
    await engine.get(); // starts the background refresh
    clock.advance(3.5 * MIN); // now 30 s before expiry
    const waiting = engine.get();
    expect((await state(waiting)).status).toBe('pending');
    expect(fetcher.calls).toBe(2);
    await fetcher.settle();
    expect((await waiting).accessKeyId).toBe('AK2');
  });

  it('uses configured windows, capped at a third / a tenth of the lifetime', async () => {
    const { engine, fetcher, clock } = setup({ advisoryWindowMs: 15 * MIN, mandatoryWindowMs: 10 * MIN });
    fetcher.always({ kind: 'ok', lifetimeMs: 3600 * S });
    await engine.get();
    clock.advance(44 * MIN);
    await engine.get();
    expect(fetcher.calls).toBe(1);
    clock.advance(MIN); // 15 min left: advisory
    fetcher.manual = true;
    await engine.get();
    expect(fetcher.calls).toBe(2);
    clock.advance(5 * MIN + 1); // under 10 min left: mandatory (configured 10 min, cap 6 min → 6 min)
    expect((await state(engine.get())).status).toBe('fulfilled'); // 9:59 left > 6 min cap: still served
    clock.advance(4 * MIN); // 5:59 left: mandatory
    expect((await state(engine.get())).status).toBe('pending');
    await fetcher.settle();
  });

  it('a mandatory window wider than the advisory one is narrowed to it', async () => {
    const { engine, fetcher, clock } = setup({ advisoryWindowMs: MIN, mandatoryWindowMs: 10 * MIN });
    await engine.get();
    clock.advance(3600 * S - 2 * MIN);
    await engine.get(); // 2 min left: outside both (mandatory narrowed to 1 min)
    expect(fetcher.calls).toBe(1);
  });

  it.each([
    { field: 'advisoryWindowMs', value: -1 },
    { field: 'mandatoryWindowMs', value: Number.NaN },
    { field: 'backoffInitialMs', value: 0 },
    { field: 'backoffMaxMs', value: Number.POSITIVE_INFINITY },
  ])('rejects $field = $value', ({ field, value }) => {
    const clock = new Clock();
    const create = () => new RefreshEngine({ fetch: new FakeFetcher(clock).fetch, now: clock.now, [field]: value });
    expect(create).toThrow(StsValidationError);
    try {
      create();
    } catch (error) {
      expect((error as StsValidationError).field).toBe(field);
    }
  });

  it('documents its defaults', () => {
    expect(REFRESH_DEFAULTS).toEqual({ advisoryWindowMs: 300_000, mandatoryWindowMs: 60_000, backoffInitialMs: 1_000, backoffMaxMs: 30_000 });
  });
});

describe('RefreshEngine: failures and backoff', () => {
  it('a failed advisory refresh keeps serving the valid credentials and retries with exponential backoff', async () => {
    const { engine, fetcher, clock, errors } = setup();
    const first = await engine.get();
    fetcher.always({ kind: 'error', error: connectionRefused() });
    clock.advance(3600 * S - 5 * MIN);
    const attempts: number[] = [];
    // Call every 100 ms for 2 minutes; count when attempts happen.
    for (let i = 0; i < 1200; i++) {
      const before = fetcher.calls;
      expect(await engine.get()).toBe(first);
      await flush();
      if (fetcher.calls > before) attempts.push(i * 100);
      clock.advance(100);
    }
    // Attempts at 0, +1 s, +2 s, +4 s, +8 s, +16 s, then every 30 s (the cap).
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(errors).toHaveLength(attempts.length);
    expect(errors.every((e) => e.info.retryable && e.info.servingCachedCredentials)).toBe(true);
    expect(errors.map((e) => e.info.consecutiveFailures)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(errors.map((e) => e.info.retryInMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('jitters the backoff between half and all of it', async () => {
    for (const [random, expected] of [
      [0, 500],
      [0.5, 750],
      [0.999999, 999.9995],
    ] as const) {
      const { engine, fetcher, errors } = setup({ random: () => random });
      fetcher.next({ kind: 'error', error: connectionRefused() });
      await rejection(engine.get());
      expect(errors[0]!.info.retryInMs).toBeCloseTo(expected, 3);
    }
  });

  it('does not attempt again before the backoff has passed, however many callers need credentials', async () => {
    const { engine, fetcher, clock } = setup();
    fetcher.always({ kind: 'error', error: unavailable() });
    const error = await rejection(engine.get());
    expect(error).toBeInstanceOf(StsServiceError);
    for (let i = 0; i < 999; i++) {
      clock.advance(1); // 999 ms
      expect(await rejection(engine.get())).toBe(error); // the last error, at once
    }
    expect(fetcher.calls).toBe(1);
    clock.advance(1);
    fetcher.always({ kind: 'ok', lifetimeMs: 3600 * S });
    expect((await engine.get()).accessKeyId).toBe('AK2');
  });

  it('allows one fresh attempt when the mandatory window starts, even if the backoff runs longer', async () => {
    const { engine, fetcher, clock, errors } = setup();
    await engine.get();
    clock.advance(3600 * S - 65 * S);
    fetcher.next({ kind: 'error', error: accessDenied() }); // non-retryable: would wait 30 s
    await engine.get();
    await flush();
    expect(errors[0]!.info.retryInMs).toBe(5 * S);
    clock.advance(5 * S); // mandatory window starts
    expect((await engine.get()).accessKeyId).toBe('AK3');
    expect(fetcher.calls).toBe(3);
  });

  it.each([
    { name: 'AccessDenied (403)', error: accessDenied() },
    {
      name: 'InvalidParameterValue (400)',
      error: serviceError({ statusCode: 400, stsCode: 'InvalidParameterValue', serverMessage: 'invalid token expiry', context: { action: 'AssumeRole' } }),
    },
    {
      name: 'InternalError from a plugin deny (500, custom token)',
      error: serviceError({ statusCode: 500, stsCode: 'InternalError', serverMessage: 'token rejected: revoked', context: { action: 'AssumeRoleWithCustomToken' } }),
    },
    { name: 'any 4xx', error: serviceError({ statusCode: 404, stsCode: 'NoSuchThing', serverMessage: '', context: {} }) },
    { name: 'StsValidationError', error: new StsValidationError('token is required', { field: 'token' }) },
    { name: 'StsResponseError for a missing field', error: new StsResponseError('no SessionToken', { field: 'Credentials.SessionToken', context: {} }) },
  ])('$name surfaces at once to callers who need credentials, and is not retried before the maximum backoff', async ({ error }) => {
    const { engine, fetcher, clock, errors } = setup();
    fetcher.always({ kind: 'error', error });
    expect(await rejection(engine.get())).toBe(error);
    expect(errors[0]!.info).toEqual({ retryable: false, consecutiveFailures: 1, retryInMs: 30_000, servingCachedCredentials: false });
    clock.advance(29_999);
    expect(await rejection(engine.get())).toBe(error);
    expect(fetcher.calls).toBe(1);
    clock.advance(1);
    await rejection(engine.get());
    expect(fetcher.calls).toBe(2);
  });

  it('a failure in the mandatory window reaches the callers (typed), and expired credentials are never handed out', async () => {
    const { engine, fetcher, clock } = setup();
    await engine.get();
    fetcher.always({ kind: 'error', error: connectionRefused() });
    clock.advance(3600 * S - 30 * S);
    const error = await rejection(engine.get());
    expect(error).toBeInstanceOf(StsTransportError);
    clock.advance(31 * S); // expired now
    expect(await rejection(engine.get())).toBeInstanceOf(StsTransportError);
  });

  it('calls onError once per failed request, not once per waiting caller', async () => {
    const { engine, fetcher, errors } = setup();
    fetcher.manual = true;
    fetcher.next({ kind: 'error', error: connectionRefused() });
    const calls = Array.from({ length: 100 }, () => engine.get());
    await fetcher.settle();
    const reasons = await Promise.all(calls.map(rejection));
    expect(new Set(reasons).size).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('a success resets the backoff', async () => {
    const { engine, fetcher, clock, errors } = setup();
    fetcher.next({ kind: 'error', error: connectionRefused() }).next({ kind: 'error', error: connectionRefused() });
    await rejection(engine.get());
    clock.advance(S);
    await rejection(engine.get());
    clock.advance(2 * S);
    await engine.get();
    clock.advance(2 * 3600 * S);
    fetcher.next({ kind: 'error', error: connectionRefused() });
    await rejection(engine.get());
    expect(errors.map((e) => e.info.retryInMs)).toEqual([1000, 2000, 1000]);
  });

  it('credentials already expired by the server’s own clock are an error, not a reason to ask again', async () => {
    const { engine, fetcher, errors } = setup();
    fetcher.next({ kind: 'ok', lifetimeMs: -5 * S });
    const error = await rejection(engine.get());
    expect(error).toBeInstanceOf(StsResponseError);
    expect((error as StsResponseError).field).toBe('Credentials.Expiration');
    expect(errors[0]!.info.retryable).toBe(false);
    await rejection(engine.get());
    expect(fetcher.calls).toBe(1);
  });

  it('a fetch that throws synchronously is handled like a rejected one', async () => {
    const clock = new Clock();
    let calls = 0;
    const engine = new RefreshEngine({
      fetch: () => {
        calls += 1;
        throw connectionRefused();
      },
      now: clock.now,
    });
    expect(await rejection(engine.get())).toBeInstanceOf(StsTransportError);
    clock.advance(S);
    await rejection(engine.get());
    expect(calls).toBe(2);
  });

  it('exceptions from hooks do not break delivery', async () => {
    const { engine, fetcher } = setup({
      onRefresh: () => {
        throw new Error('hook bug');
      },
      onError: () => {
        throw new Error('hook bug');
      },
    });
    expect((await engine.get()).accessKeyId).toBe('AK1');
    fetcher.next({ kind: 'error', error: connectionRefused() });
    expect(await rejection(engine.get(true))).toBeInstanceOf(StsTransportError);
  });
});

describe('RefreshEngine: clock skew (time left is measured on the server’s clock)', () => {
  it('local clock 10 min behind the server: refreshes on time, not 10 min late', async () => {
    const { engine, fetcher, clock } = setup();
    fetcher.always({ kind: 'ok', lifetimeMs: 3600 * S, serverOffsetMs: 10 * MIN });
    const creds = await engine.get();
    // Expiration is expressed in local time: an hour from now, not 70 min.
    expect(creds.expiration.getTime()).toBe(clock.t + 3600 * S);
    clock.advance(3600 * S - 5 * MIN - 1);
    await engine.get();
    expect(fetcher.calls).toBe(1);
    clock.advance(1);
    await engine.get();
    expect(fetcher.calls).toBe(2);
  });

  it('local clock 2 h ahead of the server (1 h credentials look expired on arrival): one request, reused for the hour', async () => {
    const { engine, fetcher, clock } = setup();
    fetcher.always({ kind: 'ok', lifetimeMs: 3600 * S, serverOffsetMs: -2 * 3600 * S });
    const creds = await engine.get();
    expect(creds.expiration.getTime()).toBe(clock.t + 3600 * S);
    for (let i = 0; i < 3000; i++) {
      clock.advance(S);
      await engine.get();
    }
    expect(fetcher.calls).toBe(1);
  });

  it('ignores differences within the Date header’s precision', async () => {
    const { engine, fetcher, clock } = setup();
    fetcher.next({ kind: 'ok', lifetimeMs: 3600 * S, serverOffsetMs: -1500 });
    const creds = await engine.get();
    expect(creds.expiration.getTime()).toBe(clock.t - 1500 + 3600 * S); // the server's own value
  });

  it('trusts the local clock when there is no Date header', async () => {
    const { engine, fetcher, clock } = setup();
    fetcher.next({ kind: 'ok', lifetimeMs: 3600 * S, serverOffsetMs: 10 * MIN, serverDate: false });
    const creds = await engine.get();
    expect(creds.expiration.getTime()).toBe(clock.t + 10 * MIN + 3600 * S);
  });
});

describe('RefreshEngine: forceRefresh, hooks, close', () => {
  it('forceRefresh fetches new credentials even when fresh ones are cached', async () => {
    const { engine, fetcher, refreshed } = setup();
    const first = await engine.get();
    const forced = await engine.get(true);
    expect(forced.accessKeyId).toBe('AK2');
    expect(await engine.get()).toBe(forced);
    expect(first).not.toBe(forced);
    expect(refreshed.map((c) => c.accessKeyId)).toEqual(['AK1', 'AK2']);
    expect(fetcher.calls).toBe(2);
  });

  it('forceRefresh joins a request already in flight', async () => {
    const { engine, fetcher } = setup();
    fetcher.manual = true;
    const a = engine.get();
    const b = engine.get(true);
    expect(fetcher.calls).toBe(1);
    await fetcher.settle();
    expect(await a).toBe(await b);
  });

  it('forceRefresh ignores the backoff', async () => {
    const { engine, fetcher } = setup();
    fetcher.next({ kind: 'error', error: accessDenied() });
    await rejection(engine.get());
    await rejection(engine.get());
    expect(fetcher.calls).toBe(1);
    expect((await engine.get(true)).accessKeyId).toBe('AK2');
  });

  it('a failed forceRefresh reaches only its caller; others keep the valid credentials', async () => {
    const { engine, fetcher } = setup();
    const first = await engine.get();
    fetcher.next({ kind: 'error', error: unavailable() });
    expect(await rejection(engine.get(true))).toBeInstanceOf(StsServiceError);
    expect(await engine.get()).toBe(first);
  });

  it('returns frozen credentials with exactly the AWS SDK fields', async () => {
    const { engine } = setup();
    const creds = await engine.get();
    expect(Object.keys(creds).sort()).toEqual(['accessKeyId', 'expiration', 'secretAccessKey', 'sessionToken']);
    expect(Object.isFrozen(creds)).toBe(true);
  });

  it('after close every call rejects with StsProviderClosedError, and callers waiting on a refresh in flight are released at once', async () => {
    const { engine, fetcher } = setup();
    fetcher.manual = true;
    const waiting = engine.get();
    engine.close();
    const released = await rejection(waiting);
    expect(released).toBeInstanceOf(StsProviderClosedError);
    expect((released as StsProviderClosedError).code).toBe('ERR_STS_PROVIDER_CLOSED');
    const after = await rejection(engine.get());
    expect(after).toBeInstanceOf(StsProviderClosedError);
    expect(isRetryableStsError(after)).toBe(false);
    await fetcher.settle();
    expect(await rejection(engine.get(true))).toBeInstanceOf(StsProviderClosedError);
  });
});

describe('isRetryableStsError (the client’s transient-error rule, plus unknown errors)', () => {
  const service = (statusCode: number, stsCode: string, action = 'AssumeRole', serverMessage = '') =>
    serviceError({ statusCode, stsCode, serverMessage, context: { action } });
  it.each([
    { name: 'transport error', error: connectionRefused(), retryable: true },
    { name: '503', error: service(503, 'ServiceUnavailable'), retryable: true },
    { name: '500 InternalError on AssumeRole', error: service(500, 'InternalError'), retryable: true },
    { name: '429', error: service(429, 'Throttling'), retryable: true },
    { name: 'MinIO starting up (403)', error: service(403, 'AccessDenied', 'AssumeRole', 'IAM sub-system not initialized yet, please try again.'), retryable: true },
    { name: 'a proxy error page', error: new StsResponseError('HTML', { statusCode: 502, context: {} }), retryable: true },
    { name: 'unknown error (token callback)', error: new Error('ENOENT'), retryable: true },
    { name: '500 InternalError on custom token (plugin deny)', error: service(500, 'InternalError', 'AssumeRoleWithCustomToken'), retryable: false },
    { name: '403 AccessDenied', error: service(403, 'AccessDenied'), retryable: false },
    { name: '400 InvalidParameterValue', error: service(400, 'InvalidParameterValue'), retryable: false },
    { name: '404', error: service(404, 'NoSuchThing'), retryable: false },
    { name: '403 RequestTimeTooSkewed', error: service(403, 'RequestTimeTooSkewed'), retryable: false },
    { name: 'validation', error: new StsValidationError('bad', { field: 'durationSeconds' }), retryable: false },
    { name: 'missing field', error: new StsResponseError('x', { field: 'Credentials', context: {} }), retryable: false },
  ])('$name → $retryable', ({ error, retryable }) => {
    expect(isRetryableStsError(error)).toBe(retryable);
  });
});

describe('RefreshEngine: an expiration no call could have asked for', () => {
  it('a server Date far in the past (1990) cannot make credentials last past local now + the longest lifetime; an event says so', async () => {
    const events: StsEvent[] = [];
    const { engine, fetcher, clock } = setup({ maxLifetimeMs: 3600 * S, onEvent: (e) => events.push(e) });
    const serverOffsetMs = new Date('1990-01-01T00:00:00Z').getTime() - clock.t;
    // The Expiration is a real hour from now; only the Date says 1990, which would make it 36 years.
    fetcher.next({ kind: 'ok', lifetimeMs: 3600 * S - serverOffsetMs, serverOffsetMs });
    const creds = await engine.get();
    expect(creds.expiration.getTime()).toBe(clock.t + 3600 * S);
    expect(events).toEqual([expect.objectContaining({ type: 'expiration-clamped', lifetimeMs: 3600 * S })]);
  });

  it('within the longest lifetime nothing is clamped and no event is sent', async () => {
    const events: StsEvent[] = [];
    const { engine, clock } = setup({ maxLifetimeMs: 7200 * S, onEvent: (e) => events.push(e) });
    expect((await engine.get()).expiration.getTime()).toBe(clock.t + 3600 * S);
    expect(events).toEqual([]);
  });
});
