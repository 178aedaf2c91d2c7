// Pure helpers of the benchmark: statistics, the markdown report and the SVG chart.
// No I/O here; bench/run.mjs measures and writes.

/** Median, minimum and maximum of a list of numbers (NaN for an empty list). */
export function summarize(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** A number with a sensible number of digits for a table. */
export function fmt(value, digits) {
  if (!Number.isFinite(value)) return 'n/a';
  if (digits !== undefined) return value.toFixed(digits);
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3);
}

/** "12.3 (11.9–13.0)": median with the range. */
function withRange(s, digits) {
  return s.n > 1 ? `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})` : fmt(s.median, digits);
}

function ratio(value, base) {
  return Number.isFinite(value) && Number.isFinite(base) && base > 0 ? `${(value / base).toFixed(2)}×` : 'n/a';
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The goals of the performance issue, each with its measured value and whether it is met.
 * `results` is what bench/run.mjs collected.
 */
export function evaluateGoals(results) {
  const proc = (id) => results.processes.find((p) => p.id === id);
  const lib = (client, target) => results.library.find((l) => l.client === client && l.target === target);
  const node = proc('node');
  const goals = [];
  const add = (goal, target, measured, met, note = '') => goals.push({ goal, target, measured, met, note });

  const version = proc('version');
  if (node && version) {
    const r = version.wall.median / node.wall.median;
    add('`sts-creds --version` ÷ `node -e 0`, wall time', '≤ 1.2', r.toFixed(2), r <= 1.2);
  }
  const hit = proc('cache-hit');
  if (node && hit) {
    const r = hit.wall.median / node.wall.median;
    add('`sts-creds assume-role -o credential-process` from the cache ÷ `node -e 0`, wall time', '≤ 1.2', r.toFixed(2), r <= 1.2);
  }
  const cli = proc('cli-fake');
  if (node && cli) {
    const r = cli.wall.median / node.wall.median;
    add('`sts-creds assume-role -o json` ÷ `node -e 0`, wall time (loopback fake STS)', '≤ 1.5', r.toFixed(2), r <= 1.5);
    const m = cli.rss.median / node.rss.median;
    add('same run, peak memory ÷ `node -e 0`', '≤ 1.3', m.toFixed(2), m <= 1.3);
  }
  const ours = lib('sts-creds', 'fake');
  const sdk = lib('aws-sdk', 'fake');
  const minio = lib('minio-js', 'fake');
  if (ours && sdk) {
    const r = ours.cpu.median / sdk.cpu.median;
    add('library CPU per AssumeRole ÷ AWS SDK v3 `STSClient` (fake STS)', '≤ 0.5', r.toFixed(2), r <= 0.5);
  }
  if (ours && minio) {
    const r = ours.cpu.median / minio.cpu.median;
    add('library CPU per AssumeRole ÷ minio-js `AssumeRoleProvider` (fake STS)', '≤ 1.0', r.toFixed(2), r <= 1);
  }
  const jitter = results.fleet?.scenarios.find((x) => x.name === 'jitter');
  if (jitter?.wave) {
    const r = jitter.wave.peak / windowMean(results.fleet);
    add(`fleet of ${jitter.processes}: peak ÷ mean STS requests per second of the first refresh wave (mean: the wave spread evenly over its window)`, '≤ 2', r.toFixed(2), r <= 2);
  }
  const outage = results.fleet?.scenarios.find((x) => x.name === 'outage');
  if (outage?.outage) {
    const { during, after } = outage.outage;
    add('fleet, STS down for a minute: busiest second after recovery ÷ busiest second of the outage (retries do not synchronise)', '≤ 1', (after.peak / during.peak).toFixed(2), after.peak <= during.peak);
  }
  const p = results.provider;
  if (p && !p.skipped) {
    add('provider: cached call, median', '< 1 µs', `${fmt(p.cachedNs.median / 1000, 3)} µs`, p.cachedNs.median < 1000);
    add(`provider: ${p.concurrent.callers} concurrent callers → STS requests`, '1', String(p.concurrent.requests), p.concurrent.requests === 1);
  }
  return goals;
}

/**
 * The fleet's mean request rate in a refresh wave, were it spread evenly over the time the engine may spread it: the
 * span its refresh moments are drawn over (advisory minus mandatory window) plus the span the starts were spread over.
 */
function windowMean(fleet) {
  return fleet.processes / (fleet.spreadSeconds + fleet.startSpreadSeconds);
}

/**
 * The rows of a script's cold start, measured on every Node line beside the CLI's rows: each a file in
 * bench/cold-script/ run as `node FILE ENDPOINT ACCESS_KEY SECRET_KEY` against the fake STS. `peer` is
 * the AWS SDK row it is compared with.
 */
export const COLD_ROWS = [
  { id: 'script-sts-creds', short: 'sts-creds', file: 'sts-creds.mjs', label: 'script: sts-creds `assumeRole()`, one call', peer: 'script-aws-sdk' },
  { id: 'script-aws-sdk', short: 'AWS SDK v3', file: 'aws-sdk.mjs', label: 'script: AWS SDK v3 `STSClient`, one call', peer: 'script-aws-sdk' },
  { id: 'script-minio-js', short: 'minio-js', file: 'minio-js.mjs', label: 'script: minio-js `AssumeRoleProvider`, one call', peer: 'script-aws-sdk' },
  { id: 'script-undici', short: 'raw undici (floor)', file: 'undici-raw.mjs', label: 'script: raw undici POST (the transport floor)', peer: 'script-aws-sdk' },
  { id: 'script-fetch', short: 'built-in fetch', file: 'fetch-raw.mjs', label: 'script: built-in `fetch` POST', peer: 'script-aws-sdk' },
  { id: 'import-sts-creds', short: 'import sts-creds', file: 'import-sts-creds.mjs', label: 'import `sts-creds` only', peer: 'import-aws-sdk' },
  { id: 'import-aws-sdk', short: 'import @aws-sdk/client-sts', file: 'import-aws-sdk.mjs', label: 'import `@aws-sdk/client-sts` only', peer: 'import-aws-sdk' },
];

/** Node 20 has targets of its own; every later line takes those of 22+. */
const isNode20 = (line) => Number(line) < 22;

/**
 * The per-line goals of issue 23: `row` ÷ `base` of `measure` (wall time or peak memory), held to
 * `target(line)` (undefined: reported only, no number on that line; `untargeted` says what is asked
 * there). `floor` names the row that bounds what the goal can reach: the floor's own ratio to `base`,
 * and `row` ÷ the floor, are shown beside it. `reference` is another transport shown beside the floor
 * (Node's built-in fetch: the undici that ships inside Node), judged by nothing.
 */
export const LINE_GOALS = [
  { id: 'help', goal: '`--help` ÷ `node -e 0`, wall', row: 'help', base: 'node', measure: 'wall', target: (line) => (isNode20(line) ? 1.25 : 1.35) },
  // Completion runs on every Tab: held to --help's goal.
  { id: 'complete', goal: 'completion (`__complete profile`) ÷ `node -e 0`, wall', row: 'complete', base: 'node', measure: 'wall', target: (line) => (isNode20(line) ? 1.25 : 1.35) },
  { id: 'cache-hit', goal: 'credential_process, cache hit ÷ `node -e 0`, wall', row: 'cache-hit', base: 'node', measure: 'wall', target: (line) => (isNode20(line) ? 1.2 : 1.3) },
  { id: 'cli-fake', goal: '`assume-role -o json`, one request ÷ `node -e 0`, wall', row: 'cli-fake', base: 'node', measure: 'wall', target: (line) => (isNode20(line) ? 1.5 : 2.5), floor: 'script-undici', reference: 'script-fetch' },
  { id: 'rss', goal: 'peak memory of that run ÷ `node -e 0`', row: 'cli-fake', base: 'node', measure: 'rss', target: () => 1.3, floor: 'script-undici', reference: 'script-fetch' },
  // On Node 20 the goal is to come close to a raw undici request: shown as "÷ floor", with no number set.
  { id: 'script-wall', goal: 'a script\'s cold start: sts-creds ÷ AWS SDK v3, wall', row: 'script-sts-creds', base: 'script-aws-sdk', measure: 'wall', target: (line) => (isNode20(line) ? undefined : 1.2), untargeted: 'come close to the floor', floor: 'script-undici' },
  { id: 'script-rss', goal: 'a script\'s cold start: sts-creds ÷ AWS SDK v3, peak memory', row: 'script-sts-creds', base: 'script-aws-sdk', measure: 'rss', target: (line) => (isNode20(line) ? undefined : 1.2), untargeted: 'come close to the floor', floor: 'script-undici' },
];

/**
 * Each goal of LINE_GOALS on each Node line the run measured: `measured` is the ratio of medians, `met`
 * true, false or undefined (no target on that line); with a floor, `floor` is the floor row's ratio to the
 * same base, `aboveFloor` the row ÷ the floor row, and `blocked` says the floor alone is above the target
 * while the row is not below the floor.
 */
export function evaluateLineGoals(results) {
  const goals = [];
  for (const { line, version, rows } of results.nodeLines ?? []) {
    const value = (id, measure) => rows.find((r) => r.id === id)?.[measure]?.median;
    const ratioOf = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN);
    for (const g of LINE_GOALS) {
      const measured = ratioOf(value(g.row, g.measure), value(g.base, g.measure));
      if (!Number.isFinite(measured)) continue;
      const target = g.target(line);
      const goal = { line, version, id: g.id, goal: g.goal, target, measured, met: target === undefined ? undefined : measured <= target };
      if (target === undefined && g.untargeted) goal.untargeted = g.untargeted;
      if (g.reference) {
        const reference = ratioOf(value(g.reference, g.measure), value(g.base, g.measure));
        if (Number.isFinite(reference)) goal.reference = reference;
      }
      if (g.floor) {
        const floor = ratioOf(value(g.floor, g.measure), value(g.base, g.measure));
        if (Number.isFinite(floor)) {
          goal.floor = floor;
          goal.aboveFloor = ratioOf(value(g.row, g.measure), value(g.floor, g.measure));
          // A floor blocks a goal only when it is above the goal and the row does not get below it: the raw
          // undici script loads undici's whole package, so a bundled CLI can run under it.
          goal.blocked = target !== undefined && floor > target && goal.aboveFloor >= 1;
        }
      }
      goals.push(goal);
    }
  }
  return goals;
}

/** A goal's target as text: "≤ 1.35", or why there is none. */
export function targetText(goal) {
  if (goal.target !== undefined) return `≤ ${goal.target}`;
  return goal.untargeted ? `Node ${goal.line}: ${goal.untargeted}` : `no target on Node ${goal.line}`;
}

/** A goal's status as text: met, not met, blocked by its floor (with the floor's ratio), or reported only. */
export function statusText(goal) {
  if (goal.met === undefined) return 'reported';
  if (goal.met) return 'met';
  if (goal.blocked) return `**not met**: blocked by the floor (${goal.floor.toFixed(2)}×, above the goal)`;
  if (goal.floor > goal.target) return `**not met** (the floor, ${goal.floor.toFixed(2)}×, is above the goal, but this row runs below it)`;
  return '**not met**';
}

const FLOOR_LABEL = { 'script-undici': 'raw undici script' };
const REFERENCE_LABEL = { 'script-fetch': 'built-in `fetch` script (the undici inside Node)' };

/** The per-line goals as one table: a row per goal (and its floor), a column per Node line. */
function lineGoalsTable(results) {
  const goals = evaluateLineGoals(results);
  const lines = results.nodeLines;
  const at = (line, id) => goals.find((g) => g.line === line && g.id === id);
  const rows = [];
  for (const def of LINE_GOALS) {
    if (!lines.some(({ line }) => at(line, def.id))) continue;
    rows.push([
      def.goal,
      ...lines.map(({ line }) => {
        const g = at(line, def.id);
        return g ? `${g.measured.toFixed(2)}× (${targetText(g)}): ${statusText(g)}` : 'n/a';
      }),
    ]);
    if (!def.floor) continue;
    const floorName = FLOOR_LABEL[def.floor] ?? def.floor;
    const baseName = def.base === 'node' ? '`node -e 0`' : 'AWS SDK v3 script';
    const cell = (key) => ({ line }) => (Number.isFinite(at(line, def.id)?.[key]) ? `${at(line, def.id)[key].toFixed(2)}×` : 'n/a');
    const what = def.measure === 'rss' ? ', peak memory' : ', wall';
    rows.push([`↳ floor: ${floorName} ÷ ${baseName}${what}`, ...lines.map(cell('floor'))]);
    rows.push([`↳ ${def.row === 'cli-fake' ? 'the CLI' : 'sts-creds script'} ÷ floor`, ...lines.map(cell('aboveFloor'))]);
    if (def.reference) rows.push([`↳ for reference: ${REFERENCE_LABEL[def.reference] ?? def.reference} ÷ ${baseName}${what}`, ...lines.map(cell('reference'))]);
  }
  return table(['goal', ...lines.map(({ version }) => `Node ${version}`)], rows);
}

/** The whole report as markdown. */
export function renderMarkdown(results) {
  const out = [];
  const { meta } = results;
  out.push('# sts-creds benchmark results', '');
  out.push(
    `${meta.date} · Node ${meta.node} · ${meta.os} · ${meta.cpus} × ${meta.cpuModel} · ${meta.quick ? '**quick smoke run (few iterations; numbers are indicative only)**' : 'full run'}`,
    '',
    'Everything below was measured in one run of `npm run bench` on one machine, side by side: process runs are interleaved round by round,',
    'and every library client runs in its own process, round by round. Medians, with min–max in parentheses.',
    '',
  );

  out.push('## Goals', '');
  if (meta.quick) out.push('A quick run warms up too little to judge the goals by; run `npm run bench` for that.', '');
  out.push(
    table(
      ['goal', 'target', 'measured', 'status'],
      evaluateGoals(results).map((g) => [g.goal, g.target, g.measured, g.met ? 'met' : '**not met**']),
    ),
    '',
  );

  const node = results.processes.find((p) => p.id === 'node');
  out.push('## Whole process: start-up and one AssumeRole', '');
  out.push(
    `${meta.processRounds} interleaved runs of each command (after ${meta.processWarmup} warm-up rounds), spawned and timed by \`bench/go-measure\`; ` +
      'peak memory is the maximum resident set size the kernel reports for the process.',
    '',
  );
  out.push(
    table(
      ['command', 'wall ms', '÷ node -e 0', 'peak RSS MiB', '÷ node -e 0', 'CPU ms (user+sys)'],
      results.processes.map((p) => [
        p.label,
        withRange(p.wall),
        ratio(p.wall.median, node?.wall.median),
        withRange({ median: p.rss.median / 1024, min: p.rss.min / 1024, max: p.rss.max / 1024, n: p.rss.n }, 1),
        ratio(p.rss.median, node?.rss.median),
        fmt(p.cpu.median),
      ]),
    ),
    '',
  );
  for (const note of results.processNotes) out.push(`- ${note}`);
  if (results.processNotes.length) out.push('');

  if (results.nodeLines?.length) {
    const cold = new Set(COLD_ROWS.map((c) => c.id));
    out.push('## Start-up and a script\'s cold start on each Node line', '');
    out.push(
      `${meta.lineRounds} interleaved runs of each command on each line's own \`node\` (Node 22, 24 and 26 from the npm registry's \`node\` package), ` +
        'all against the loopback fake STS. The goals are issue 23\'s: Node 20 has its own targets, 22, 24 and 26 share theirs. ' +
        'A goal with a floor shows the floor measured in the same run on the same line (the raw undici script: bare `node` and one undici request), ' +
        'and how far above it sts-creds sits; where the floor alone is above the goal, the status says so. ' +
        'The raw undici script loads undici\'s whole package as a script would; the CLI bundles the part it uses, so it can run below that floor.',
      '',
    );
    if (meta.quick) out.push('A quick run measures too few rounds to judge the goals by; run `npm run bench` for that.', '');
    out.push(lineGoalsTable(results), '');
    out.push('### A script\'s cold start', '');
    out.push(
      'Each script (`bench/cold-script/`) is run as `node SCRIPT ENDPOINT KEY SECRET`: it imports its library, makes one AssumeRole call and prints the access key ' +
        '(checked). The import rows import the package and call nothing. "÷ AWS SDK" compares a script with the AWS SDK v3 script, an import with the SDK\'s import.',
      '',
    );
    out.push(
      table(
        ['Node', 'script', 'wall ms', 'above `node -e 0`, ms', '÷ AWS SDK, wall', 'peak RSS MiB', '÷ AWS SDK, memory', 'CPU ms'],
        results.nodeLines.flatMap(({ version, rows }) => {
          const node = rows.find((r) => r.id === 'node');
          return COLD_ROWS.flatMap((c) => {
            const r = rows.find((x) => x.id === c.id);
            const peer = rows.find((x) => x.id === c.peer);
            if (!r) return [];
            return [[version, r.label, withRange(r.wall), fmt(r.wall.median - (node?.wall.median ?? Number.NaN)), ratio(r.wall.median, peer?.wall.median), fmt(r.rss.median / 1024, 1), ratio(r.rss.median, peer?.rss.median), fmt(r.cpu.median)]];
          });
        }),
      ),
      '',
    );
    out.push('### The command on each line', '');
    out.push(
      table(
        ['Node', 'command', 'wall ms', '÷ node -e 0', 'peak RSS MiB', '÷ node -e 0', 'CPU ms'],
        results.nodeLines.flatMap(({ version, rows }) => {
          const node = rows.find((r) => r.id === 'node');
          return rows
            .filter((r) => !cold.has(r.id))
            .map((r) => [version, r.label, withRange(r.wall), ratio(r.wall.median, node?.wall.median), fmt(r.rss.median / 1024, 1), ratio(r.rss.median, node?.rss.median), fmt(r.cpu.median)]);
        }),
      ),
      '',
    );
  }

  out.push('## Library: one client, sequential AssumeRole calls', '');
  out.push(
    `Each row: ${meta.workerRounds} runs of a separate process that makes ${meta.fakeCalls} (fake STS) or ${meta.minioCalls} (MinIO) calls ` +
      `after ${meta.warmupCalls} (fake STS) or ${Math.min(meta.warmupCalls, 300)} (MinIO) warm-up calls, ` +
      'on one client object. CPU is `process.cpuUsage()` of that process only (the server runs elsewhere), divided by the number of calls.',
    '',
  );
  for (const target of ['fake', 'minio']) {
    const rows = results.library.filter((l) => l.target === target);
    if (rows.length === 0) continue;
    const base = rows.find((l) => l.client === 'sts-creds');
    out.push(`### Against ${target === 'fake' ? 'the loopback fake STS (canned answer, isolates client cost)' : 'the real MinIO'}`, '');
    out.push(
      table(
        ['client', 'CPU µs / call (warm)', 'sts-creds ÷ this', 'CPU µs / call, first 200 (cold)', 'calls / s (wall)', 'answer'],
        rows.map((l) => [
          l.label,
          withRange(l.cpu),
          ratio(base?.cpu.median, l.cpu.median),
          l.coldCpu ? withRange(l.coldCpu) : 'n/a',
          withRange(l.rate, 0),
          l.sample,
        ]),
      ),
      '',
    );
  }
  for (const note of results.libraryNotes) out.push(`- ${note}`);
  if (results.libraryNotes.length) out.push('');

  out.push('## Credential provider (`fromAssumeRole`)', '');
  const p = results.provider;
  if (!p || p.skipped) {
    out.push(`Skipped: ${p?.skipped ?? 'not run'}.`, '');
  } else {
    out.push(
      table(
        ['measurement', 'result'],
        [
          [`cached call (\`await provider()\`), median of ${p.cachedNs.n} batches of ${p.batchSize}`, `${fmt(p.cachedNs.median, 0)} ns (${fmt(p.cachedNs.min, 0)}–${fmt(p.cachedNs.max, 0)})`],
          [`${p.concurrent.callers} concurrent first calls on a new provider`, `${p.concurrent.requests} STS request(s)`],
          ...(p.minioConcurrent ? [[`same with minio-js \`AssumeRoleProvider.getCredentials()\``, `${p.minioConcurrent.requests} STS request(s)`]] : []),
        ],
      ),
      '',
    );
  }
  const fleet = results.fleet;
  if (fleet) {
    out.push('## Fleet: many providers refreshing against one STS (simulated)', '');
    out.push(
      `${fleet.processes} \`RefreshEngine\`s (the engine behind \`fromAssumeRole()\`) on a fake clock (\`bench/fleet-worker.mjs\`, no real processes): ` +
        `each starts at a random second of the first minute, asks for credentials once a second, and gets ${fleet.lifetimeSeconds / 3600}-hour credentials from one fake STS; ` +
        `${(fleet.simulatedSeconds / 3600).toFixed(1)} simulated hours in 1-second steps (${fmt(fleet.wallSeconds)} s of real time). ` +
        'Requests per second are counted in the second each request is made. "No jitter" is the same fleet with `random()` = 1: every provider refreshes at the start of ' +
        'its advisory window (the behaviour before the moment was drawn) and backs off without jitter.',
      '',
    );
    const label = { jitter: 'jitter (the engine as shipped)', 'no-jitter': 'no jitter', outage: 'jitter, STS down for a minute', 'outage-no-jitter': 'no jitter, STS down for a minute' };
    out.push(
      table(
        ['scenario', 'first refresh wave (s)', 'requests', 'peak / s', 'mean / s over the wave', `peak ÷ window mean (${fmt(windowMean(fleet))} / s)`, 'peak ÷ long-run mean', 'callers refused'],
        fleet.scenarios.map((x) => [
          label[x.name] ?? x.name,
          x.wave ? `${x.wave.from}–${x.wave.to}` : 'n/a',
          String(x.wave?.total ?? 0),
          String(x.wave?.peak ?? 0),
          fmt(x.wave?.mean),
          x.wave ? fmt(x.wave.peak / windowMean(fleet), 2) : 'n/a',
          fmt(x.longRun.peak / (fleet.processes / (fleet.lifetimeSeconds - 180)), 1),
          String(x.refusedCallers),
        ]),
      ),
      '',
    );
    const outages = fleet.scenarios.filter((x) => x.outage);
    if (outages.length) {
      out.push(
        table(
          ['scenario', 'outage (s)', 'requests during it', 'peak / s during', 'peak / s in the minute after', 'requests in the minute after'],
          outages.map((x) => [
            label[x.name] ?? x.name,
            `${x.outage.from}–${x.outage.to}`,
            String(x.outage.during.total),
            String(x.outage.during.peak),
            String(x.outage.after.peak),
            String(x.outage.after.total),
          ]),
        ),
        '',
      );
    }
    out.push(
      `- "Window mean" is ${fleet.processes} requests spread evenly over ${fleet.spreadSeconds + fleet.startSpreadSeconds} s: the ${fleet.spreadSeconds} s the refresh moment is drawn over ` +
        `(advisory minus mandatory window) plus the ${fleet.startSpreadSeconds} s the starts are spread over; it is the goal's mean.`,
      '- "Long-run mean" is the fleet\'s average need, one refresh per process per refresh period (lifetime minus 3 min on average): ' +
        'a peak of 2× that would need refreshes spread over half the lifetime, while the advisory window is 4 of its 60 minutes; later waves widen, since each ' +
        'process draws anew every cycle.',
      '- During an outage every provider in its advisory window retries with jittered exponential backoff from 1 s, so the request rate grows while STS is down; ' +
        'no caller is refused while the cached credentials last, and when STS is back the load drains without a synchronised spike.',
      '',
    );
  }

  out.push('Reproduce: `npm ci && npm run bench` (builds MinIO, mc and the Go helpers on first use); `npm run bench -- --quick` is the CI smoke run.', '');
  return out.join('\n');
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A horizontal bar chart, one panel per group: `panels` is
 * `[{ title, unit, bars: [{ label, value, highlight? }] }]`.
 */
export function renderSvg(panels, caption) {
  const width = 760;
  const labelWidth = 240;
  const barMax = width - labelWidth - 110;
  const rowH = 24;
  let y = 34;
  const parts = [];
  parts.push(`<text x="16" y="22" font-size="15" font-weight="bold">${esc(caption)}</text>`);
  for (const panel of panels) {
    y += 14;
    parts.push(`<text x="16" y="${y}" font-size="13" font-weight="bold">${esc(panel.title)}</text>`);
    y += 8;
    const max = Math.max(...panel.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)), 1e-9);
    for (const bar of panel.bars) {
      const w = Number.isFinite(bar.value) ? Math.max(1, (bar.value / max) * barMax) : 0;
      const fill = bar.highlight ? '#2b7bb9' : '#9aa5b1';
      parts.push(
        `<text x="${labelWidth - 8}" y="${y + 16}" font-size="12" text-anchor="end">${esc(bar.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${fill}"/>`,
        `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 16}" font-size="12">${esc(Number.isFinite(bar.value) ? `${fmt(bar.value)} ${panel.unit}` : 'n/a')}</text>`,
      );
      y += rowH;
    }
    y += 10;
  }
  const height = y + 10;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n` +
    `<rect width="100%" height="100%" fill="#ffffff"/>\n${parts.join('\n')}\n</svg>\n`
  );
}

/** The chart of a results object: process wall time, memory, library CPU and throughput. */
export function chartOf(results) {
  const panels = [];
  const ours = (label) => label.startsWith('sts-creds');
  // Labels in the chart are the short ones, without markdown.
  panels.push({
    title: 'Whole process, wall time (median)',
    unit: 'ms',
    bars: results.processes.map((p) => ({ label: p.short ?? p.label, value: p.wall.median, highlight: ours(p.label) })),
  });
  panels.push({
    title: 'Whole process, peak resident memory (median)',
    unit: 'MiB',
    bars: results.processes.map((p) => ({ label: p.short ?? p.label, value: p.rss.median / 1024, highlight: ours(p.label) })),
  });
  for (const [target, name] of [['fake', 'loopback fake STS'], ['minio', 'MinIO']]) {
    const rows = results.library.filter((l) => l.target === target);
    if (rows.length === 0) continue;
    panels.push({
      title: `Library, client CPU per AssumeRole call, ${name} (median)`,
      unit: 'µs',
      bars: rows.map((l) => ({ label: l.short ?? l.label, value: l.cpu.median, highlight: ours(l.label) })),
    });
    if (target === 'minio') {
      panels.push({
        title: 'Library, sequential calls per second against MinIO (median)',
        unit: '/s',
        bars: rows.map((l) => ({ label: l.short ?? l.label, value: l.rate.median, highlight: ours(l.label) })),
      });
    }
  }
  for (const { version, rows } of results.nodeLines ?? []) {
    const scripts = COLD_ROWS.filter((c) => c.id.startsWith('script-')).flatMap((c) => rows.filter((r) => r.id === c.id).map((r) => ({ ...r, short: c.short })));
    if (scripts.length === 0) continue;
    panels.push({
      title: `A script's cold start, one AssumeRole, Node ${version}, wall time (median)`,
      unit: 'ms',
      bars: scripts.map((r) => ({ label: r.short, value: r.wall.median, highlight: r.id === 'script-sts-creds' })),
    });
  }
  return renderSvg(panels, `sts-creds benchmark · Node ${results.meta.node} · ${results.meta.date.slice(0, 10)}`);
}
