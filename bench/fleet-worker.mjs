// A fleet of credential providers on a fake clock: no real processes, no network, no waiting.
// `--processes` RefreshEngine instances (the engine behind fromAssumeRole()) start at random moments
// in the first minute, each asks for credentials once a (simulated) second, and all share one fake STS
// that hands out 1-hour credentials. The clock moves in 1-second steps; every STS request is counted
// in the second it is made. Prints one JSON line with three scenarios:
//
//   jitter     what the engine does (refresh moment drawn over the advisory window, jittered backoff)
//   no-jitter  the same fleet with random() = 1: every provider refreshes at the start of its advisory
//              window (the engine's behaviour before the moment was drawn) and backs off without jitter
//   outage     like `jitter`, with STS refusing every request (connection refused) for one minute in
//              the middle of the first refresh wave
//   outage-no-jitter  the same outage with random() = 1
//
//   node bench/fleet-worker.mjs --processes 10000 --hours 5

import { parseArgs } from 'node:util';
import { StsTransportError } from '../dist/index.js';
import { RefreshEngine } from '../dist/providers/refresh-engine.js';

const { values: opts } = parseArgs({
  options: {
    processes: { type: 'string', default: '10000' },
    hours: { type: 'string', default: '5' },
    seed: { type: 'string', default: '14' },
  },
});
const PROCESSES = Number(opts.processes);
const DURATION_S = Math.round(Number(opts.hours) * 3600);
const LIFETIME_S = 3600;
const START_SPREAD_S = 60;

/** A small seeded PRNG (mulberry32), so every run of the simulation is the same. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs one scenario; `outage` is [from, to) in seconds of simulated time, or undefined. */
async function simulate({ jitter, outage }) {
  const seeded = prng(Number(opts.seed));
  let now = 0;
  const clock = () => now;
  const perSecond = new Uint32Array(DURATION_S + 1);
  let refused = 0;
  const fetch = () => {
    const second = Math.floor(now / 1000);
    perSecond[second] += 1;
    if (outage && second >= outage[0] && second < outage[1]) {
      return Promise.reject(new StsTransportError('AssumeRole failed: connection refused (fake STS)', { causeCode: 'ECONNREFUSED' }));
    }
    return Promise.resolve({
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      sessionToken: 'TOKEN',
      expiration: new Date(now + LIFETIME_S * 1000),
      serverDate: new Date(now),
    });
  };
  const starts = Array.from({ length: PROCESSES }, () => Math.floor(seeded() * START_SPREAD_S));
  const engines = starts.map((_, i) => {
    const own = prng(Number(opts.seed) * 7919 + i + 1);
    return new RefreshEngine({ fetch, now: clock, random: jitter ? own : () => 1 });
  });
  // Callers that got an error instead of credentials (in the mandatory window or after expiry, with STS down).
  const onRefused = () => {
    refused += 1;
  };
  const last = new Array(PROCESSES);
  for (let second = 0; second <= DURATION_S; second++) {
    now = second * 1000;
    for (let i = 0; i < PROCESSES; i++) {
      if (starts[i] > second) continue;
      const p = engines[i].get();
      // Only a new promise can settle differently; the cached one is handed out again and again.
      if (p !== last[i]) {
        last[i] = p;
        p.catch(onRefused);
      }
    }
    // Let the fake fetches settle before the clock moves on.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { perSecond: Array.from(perSecond), refused };
}

/** Peak and mean STS requests per second over [from, to) seconds. */
function rate(perSecond, from, to) {
  let total = 0;
  let peak = 0;
  let peakAt = from;
  for (let s = from; s < to; s++) {
    total += perSecond[s];
    if (perSecond[s] > peak) {
      peak = perSecond[s];
      peakAt = s;
    }
  }
  return { total, peak, peakAt, mean: total / (to - from) };
}

/** The span of the first refresh wave: from its first request to its last, after the start-up minute. */
function firstWave(perSecond) {
  const from = START_SPREAD_S + 1;
  const limit = Math.min(perSecond.length, LIFETIME_S + 2 * START_SPREAD_S);
  let first = -1;
  let lastSecond = -1;
  for (let s = from; s < limit; s++) {
    if (perSecond[s] > 0) {
      if (first < 0) first = s;
      lastSecond = s;
    }
  }
  return first < 0 ? undefined : [first, lastSecond + 1];
}

function summarizeScenario(name, { perSecond, refused }, outage) {
  const wave = firstWave(perSecond);
  const waveRate = wave ? rate(perSecond, wave[0], wave[1]) : undefined;
  // After the start-up minute to the end: the load a fleet puts on STS in the long run.
  const longRun = rate(perSecond, START_SPREAD_S + 1, perSecond.length);
  const out = {
    name,
    processes: PROCESSES,
    simulatedSeconds: DURATION_S,
    startup: rate(perSecond, 0, START_SPREAD_S + 1),
    wave: wave && { from: wave[0], to: wave[1], ...waveRate },
    longRun,
    refusedCallers: refused,
  };
  if (outage) {
    out.outageSeconds = perSecond.slice(outage[0] - 10, outage[1] + 60);
    out.outage = {
      from: outage[0],
      to: outage[1],
      during: rate(perSecond, outage[0], outage[1]),
      // The minute after STS is back: retries that synchronised would show here as one tall second.
      after: rate(perSecond, outage[1], outage[1] + 60),
    };
  }
  // The last hour, in 1-minute buckets, for the report's sparkline of how the waves widen.
  out.minutes = [];
  for (let m = 0; m * 60 < perSecond.length; m++) out.minutes.push(rate(perSecond, m * 60, Math.min(perSecond.length, (m + 1) * 60)).total);
  return out;
}

const started = process.hrtime.bigint();
const jitter = await simulate({ jitter: true });
const noJitter = await simulate({ jitter: false });
/** One minute of outage in the middle of a run's first refresh wave. */
function outageIn(run) {
  const wave = firstWave(run.perSecond);
  const middle = wave ? Math.floor((wave[0] + wave[1]) / 2) : LIFETIME_S - 150;
  return [middle - 30, middle + 30];
}
const outageWindow = outageIn(jitter);
const outage = await simulate({ jitter: true, outage: outageWindow });
const outageNoJitterWindow = outageIn(noJitter);
const outageNoJitter = await simulate({ jitter: false, outage: outageNoJitterWindow });
process.stdout.write(
  `${JSON.stringify({
    processes: PROCESSES,
    simulatedSeconds: DURATION_S,
    lifetimeSeconds: LIFETIME_S,
    startSpreadSeconds: START_SPREAD_S,
    // The default advisory (5 min) minus mandatory (1 min) window: the span the refresh moment is drawn over.
    spreadSeconds: 240,
    wallSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    scenarios: [
      summarizeScenario('jitter', jitter),
      summarizeScenario('no-jitter', noJitter),
      summarizeScenario('outage', outage, outageWindow),
      summarizeScenario('outage-no-jitter', outageNoJitter, outageNoJitterWindow),
    ],
  })}\n`,
);
