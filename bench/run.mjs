#!/usr/bin/env node
// The sts-creds benchmark: the CLI against bare `node`, a Go program using minio-go and the AWS
// CLI; a script's cold start (import, one AssumeRole) against the same with the AWS SDK v3, minio-js,
// raw undici and built-in fetch, on each Node line; the library against the AWS SDK v3 and minio-js;
// the credential provider's cached path.
// Everything runs in one go on one machine against the same servers: a real MinIO (started here,
// as the tests do) and a loopback fake STS that answers at once (bench/fake-sts.mjs).
//
//   npm run bench                   build, then a full run; writes bench/results.md and bench/results.svg
//   npm run bench -- --quick        a short smoke run (CI); writes to a temporary directory
//   node bench/run.mjs --out DIR    write the results elsewhere
//
// Needs `npm run build` first (the npm script does it) and Go (for MinIO, mc and the two Go helpers,
// built once into the tools cache). The AWS CLI rows are skipped when `aws` is not installed.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createUser, startMinio } from '../scripts/minio.mjs';
import { ensureTools, hasGo, toolsDir } from '../scripts/tools.mjs';
import { chartOf, COLD_ROWS, evaluateGoals, evaluateLineGoals, renderMarkdown, statusText, summarize, targetText } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH = join(ROOT, 'bench');
const BIN = join(ROOT, 'bin', 'sts-creds.js');
const NODE = process.execPath;
const USER = 'bench-user';
const PASSWORD = 'bench-user-secret';
// The AWS CLI checks lengths (RoleArn >= 20, RoleSessionName >= 2); MinIO ignores both for AssumeRole.
const ROLE_ARN = 'arn:minio:iam:::role/bench';
const SESSION_NAME = 'bench';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const PLAN = args.quick
  ? { processRounds: 3, processWarmup: 1, workerRounds: 1, fakeCalls: 1000, minioCalls: 30, warmupCalls: 300, batches: 5, batchSize: 20_000, callers: 20, nodeLines: ['26'], lineRounds: 3, fleetProcesses: 1000, fleetHours: 1.1 }
  : // Library clients need a few thousand calls before V8 has optimised their hot paths; fewer
    // would measure how fast each JIT warms up rather than what a long-lived client costs.
    { processRounds: 25, processWarmup: 3, workerRounds: 5, fakeCalls: 5000, minioCalls: 300, warmupCalls: 4000, batches: 50, batchSize: 100_000, callers: 100, nodeLines: ['22', '24', '26'], lineRounds: 20, fleetProcesses: 10_000, fleetHours: 3 };

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

/** Runs a program to completion; resolves with stdout, rejects with stderr in the message. */
function run(file, argv, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], ...options });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve(stdout);
      else reject(new Error(`${file} ${argv.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' / ')}`));
    });
    child.stdin.end(options.input ?? '');
  });
}

/** `go build` of one of our Go helpers into the tools cache; Go's own build cache makes repeats quick. */
async function goBuild(name) {
  const output = join(toolsDir(), 'bench', name);
  await mkdir(join(toolsDir(), 'bench'), { recursive: true });
  await run('go', ['build', '-trimpath', '-o', output, '.'], { cwd: join(BENCH, name), env: { ...process.env, CGO_ENABLED: '0' } });
  return output;
}

/** Starts bench/fake-sts.mjs; resolves with its endpoint and a stop function. */
async function startFakeSts() {
  const child = spawn(NODE, [join(BENCH, 'fake-sts.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /listening (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`fake STS exited early (${code})`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => {
      child.stdin.end();
      child.kill('SIGTERM');
    },
  };
}

/** The Debian AWS CLI when present (the pyenv/pip shims are slower and not what the issue compares). */
function findAwsCli() {
  for (const candidate of ['/usr/bin/aws', 'aws']) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return { path: candidate, version: probe.stdout.trim().split(/\s+/)[0] };
  }
  return undefined;
}

function checkCredentialsJson(text) {
  try {
    const doc = JSON.parse(text);
    return typeof (doc.AccessKeyId ?? doc.Credentials?.AccessKeyId) === 'string';
  } catch {
    return false;
  }
}

/** Whole-process runs, interleaved, measured by go-measure. */
async function measureProcesses(measure, commands) {
  const spec = {
    rounds: PLAN.processRounds,
    warmup: PLAN.processWarmup,
    commands: commands.map((c) => ({ name: c.id, argv: c.argv, env: c.env ?? {}, stdin: '' })),
  };
  const { results } = JSON.parse(await run(measure, [], { input: JSON.stringify(spec) }));
  return commands.map((c, i) => {
    const r = results[i];
    if (r.failures > 0 || (c.check && !c.check(r.stdout))) {
      throw new Error(`${c.label}: ${r.failures} of ${r.wallMs.length} runs failed (exit ${r.exitCode}); stderr: ${r.stderr.trim().slice(0, 400)}`);
    }
    return {
      id: c.id,
      label: c.label,
      short: c.short ?? c.label,
      wall: summarize(r.wallMs),
      rss: summarize(r.maxRssKb),
      cpu: summarize(r.userMs.map((u, k) => u + r.sysMs[k])),
    };
  });
}

const CLIENTS = [
  { client: 'sts-creds', label: 'sts-creds `StsClient`', short: 'sts-creds StsClient' },
  { client: 'aws-sdk', label: 'AWS SDK v3 `STSClient`', short: 'AWS SDK v3 STSClient' },
  { client: 'minio-js', label: 'minio-js `AssumeRoleProvider`', short: 'minio-js AssumeRoleProvider' },
  { client: 'undici-raw', label: 'raw undici POST (floor)', short: 'raw undici POST (floor)' },
];

/** Library clients, one process per (client, target, round); rounds rotate the order. */
async function measureLibrary(targets) {
  const samples = new Map();
  for (let round = 0; round < PLAN.workerRounds; round++) {
    for (const target of targets) {
      for (let k = 0; k < CLIENTS.length; k++) {
        const { client } = CLIENTS[(round + k) % CLIENTS.length];
        const calls = target.id === 'fake' ? PLAN.fakeCalls : PLAN.minioCalls;
        // Against MinIO every call also stores credentials in MinIO; a shorter warm-up keeps the run short.
        const warmup = target.id === 'fake' ? PLAN.warmupCalls : Math.min(PLAN.warmupCalls, 300);
        const out = await run(NODE, [
          join(BENCH, 'client-worker.mjs'),
          ...['--client', client, '--endpoint', target.endpoint, '--user', USER, '--password', PASSWORD],
          ...['--calls', String(calls), '--warmup', String(warmup)],
        ], { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
        const result = JSON.parse(out.trim().split('\n').pop());
        const key = `${client}\0${target.id}`;
        if (!samples.has(key)) samples.set(key, []);
        samples.get(key).push(result);
      }
    }
    log(`library round ${round + 1}/${PLAN.workerRounds} done`);
  }
  const rows = [];
  for (const target of targets) {
    for (const { client, label, short } of CLIENTS) {
      const runs = samples.get(`${client}\0${target.id}`) ?? [];
      rows.push({
        client,
        label,
        short,
        target: target.id,
        cpu: summarize(runs.map((r) => r.cpuUsPerCall)),
        coldCpu: summarize(runs.map((r) => r.coldCpuUsPerCall ?? Number.NaN)),
        rate: summarize(runs.map((r) => r.callsPerSecond)),
        sample: client === 'undici-raw' ? runs[0]?.sample ?? '' : runs[0]?.sample ? 'credentials' : 'none',
      });
    }
  }
  return rows;
}

async function measureProvider(fake) {
  const out = await run(NODE, [
    join(BENCH, 'provider-worker.mjs'),
    ...['--endpoint', fake.endpoint, '--batches', String(PLAN.batches), '--batch-size', String(PLAN.batchSize), '--callers', String(PLAN.callers)],
  ]);
  const result = JSON.parse(out.trim().split('\n').pop());
  if (result.skipped) return { skipped: result.skipped };
  return { ...result, cachedNs: summarize(result.cachedNs) };
}

/** A Node binary of one release line from the npm registry's `node` package (as scripts/test-other-nodes.sh gets it). */
function nodeOfLine(line) {
  const probe = spawnSync('npm', ['exec', '--yes', `--package=node@${line}`, '--', 'node', '-p', 'process.execPath'], { cwd: ROOT, encoding: 'utf8' });
  const path = probe.status === 0 ? probe.stdout.trim().split('\n').pop() : '';
  return path && existsSync(path) ? path : undefined;
}

/** STS requests the fake STS has answered since its counter was last reset. */
async function fakeRequests(fake, reset = false) {
  const res = await fetch(`${fake.endpoint}/${reset ? '__reset' : '__requests'}`);
  return Number(await res.text());
}

/**
 * The start-up table on one Node line: bare `node`, `--help`, completion, `-o credential-process` answered
 * from the cache, `assume-role -o json` against the fake STS, and a script's cold start beside the AWS SDK's
 * (COLD_ROWS), interleaved, on that line's own binary.
 */
async function measureLine(measure, line, node, fake, cacheEnv) {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const saved = PLAN.processRounds;
  PLAN.processRounds = PLAN.lineRounds;
  try {
    const rows = await measureProcesses(measure, lineCommands(node, fake, cacheEnv));
    return { line, version, rows };
  } finally {
    PLAN.processRounds = saved;
  }
}

function lineCommands(node, fake, cacheEnv) {
  return [
    { id: 'node', label: 'node -e 0', argv: [node, '-e', '0'] },
    { id: 'help', label: 'sts-creds --help', argv: [node, BIN, '--help'], check: (out) => out.includes('Usage') },
    {
      // What a Tab after `--profile` runs (the completion scripts call it): it must stay as fast as --help.
      id: 'complete',
      label: 'sts-creds __complete profile (Tab after --profile)',
      short: 'completion, profile names',
      argv: [node, BIN, '__complete', 'profile'],
      // Both AWS files named, so the row never reads the real home's.
      env: { AWS_CONFIG_FILE: join(BENCH, 'completion-aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(BENCH, 'completion-aws-config') },
      check: (out) => out.split('\n').includes('minio'),
    },
    {
      id: 'cache-hit',
      label: 'sts-creds assume-role -o credential-process (from the cache)',
      short: 'credential-process, cache hit',
      argv: [node, BIN, 'assume-role', '-u', USER, '--endpoint', fake.endpoint, '-o', 'credential-process'],
      env: cacheEnv,
      check: checkCredentialsJson,
    },
    {
      id: 'cli-fake',
      label: 'sts-creds assume-role -o json (fake STS)',
      short: 'sts-creds assume-role (fake STS)',
      argv: [node, BIN, 'assume-role', '-u', USER, '--endpoint', fake.endpoint, '-o', 'json'],
      env: { STS_CREDS_PASSWORD: PASSWORD },
      check: checkCredentialsJson,
    },
    // A script's cold start (bench/cold-script/): each imports its library and makes one AssumeRole call against the
    // fake STS, or only imports it; `sts-creds` resolves to this checkout's dist/index.js by self-reference.
    ...COLD_ROWS.map((c) => ({
      id: c.id,
      label: c.label,
      short: c.short,
      argv: [node, join(BENCH, 'cold-script', c.file), fake.endpoint, USER, PASSWORD],
      // The SDK warns on stderr about Node lines it will drop; no config file of the real home is read by any row.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
      check: c.id.startsWith('import-') ? (out) => out.trim() === 'function' : checkCredentialsJson,
    })),
  ];
}

async function measureFleet() {
  const out = await run(NODE, [join(BENCH, 'fleet-worker.mjs'), '--processes', String(PLAN.fleetProcesses), '--hours', String(PLAN.fleetHours)]);
  return JSON.parse(out.trim().split('\n').pop());
}

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')) || !existsSync(join(ROOT, 'dist', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm run bench` does)');
  }
  if (!hasGo()) throw new Error('Go is needed (MinIO, mc and the benchmark helpers are built with it); see README');
  log('building MinIO and mc (first run only) and the Go helpers');
  const tools = await ensureTools();
  const measure = await goBuild('go-measure');
  const goAssumeRole = await goBuild('go-assume-role');
  const aws = findAwsCli();

  const scratch = await mkdtemp(join(tmpdir(), 'sts-creds-bench-home-'));
  await chmod(scratch, 0o700);
  const fake = await startFakeSts();
  log(`fake STS at ${fake.endpoint}; starting MinIO`);
  const minio = await startMinio({ minioPath: tools.minio });
  const processNotes = [];
  const libraryNotes = [
    'The raw undici row posts an unsigned AssumeRole form and reads the answer: MinIO refuses it at once (the HTTP status is shown), the fake STS answers it like any other. It is the cost of the transport alone.',
    'minio-js is called through `refreshCredentials()`, one request per call, since `getCredentials()` would answer from its cache.',
  ];
  try {
    await createUser(tools.mc, minio.endpoint, minio.rootUser, minio.rootPassword, USER, PASSWORD, 'readwrite');
    const targets = [
      { id: 'fake', name: 'fake STS', endpoint: fake.endpoint },
      { id: 'minio', name: 'MinIO', endpoint: minio.endpoint },
    ];

    const cliEnv = { STS_CREDS_PASSWORD: PASSWORD };
    // A private cache for the credential-process rows, filled once; every measured run is then a cache hit
    // (checked below: the fake STS sees no request from them).
    const cacheEnv = { ...cliEnv, STS_CREDS_CACHE_DIR: join(scratch, 'cache') };
    await run(NODE, [BIN, 'assume-role', '-u', USER, '--endpoint', fake.endpoint, '-o', 'credential-process'], { env: { ...process.env, ...cacheEnv } });
    await fakeRequests(fake, true);
    await run(NODE, [BIN, 'assume-role', '-u', USER, '--endpoint', fake.endpoint, '-o', 'credential-process'], { env: { ...process.env, ...cacheEnv } });
    if ((await fakeRequests(fake)) !== 0) throw new Error('the credential-process run was not answered from the cache');
    const commands = [
      { id: 'node', label: 'node -e 0', argv: [NODE, '-e', '0'] },
      { id: 'version', label: 'sts-creds --version', argv: [NODE, BIN, '--version'], check: (out) => /^\d+\.\d+\.\d+/.test(out) },
      { id: 'help', label: 'sts-creds --help', argv: [NODE, BIN, '--help'], check: (out) => out.includes('Usage') },
      lineCommands(NODE, fake, cacheEnv).find((c) => c.id === 'complete'),
      lineCommands(NODE, fake, cacheEnv).find((c) => c.id === 'cache-hit'),
    ];
    for (const t of targets) {
      commands.push({
        id: `cli-${t.id}`,
        label: `sts-creds assume-role -o json (${t.name})`,
        short: `sts-creds assume-role (${t.name})`,
        argv: [NODE, BIN, 'assume-role', '-u', USER, '--endpoint', t.endpoint, '-o', 'json'],
        env: cliEnv,
        check: checkCredentialsJson,
      });
    }
    for (const t of targets) {
      commands.push({
        id: `go-${t.id}`,
        label: `Go, minio-go NewSTSAssumeRole (${t.name})`,
        short: `Go minio-go (${t.name})`,
        argv: [goAssumeRole, '-sts-ep', t.endpoint, '-u', USER, '-p', PASSWORD],
        check: checkCredentialsJson,
      });
    }
    if (aws) {
      const awsEnv = {
        AWS_ACCESS_KEY_ID: USER,
        AWS_SECRET_ACCESS_KEY: PASSWORD,
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
      };
      for (const t of targets) {
        commands.push({
          id: `aws-${t.id}`,
          label: `aws sts assume-role (${t.name})`,
          short: `AWS CLI (${t.name})`,
          argv: [aws.path, 'sts', 'assume-role', '--endpoint-url', t.endpoint, '--role-arn', ROLE_ARN, '--role-session-name', SESSION_NAME, '--output', 'json'],
          env: awsEnv,
          check: checkCredentialsJson,
        });
      }
      processNotes.push(`AWS CLI: \`${aws.path}\` (${aws.version}), with the MinIO user's keys in \`AWS_ACCESS_KEY_ID\`/\`AWS_SECRET_ACCESS_KEY\` and no config files.`);
    } else {
      processNotes.push('AWS CLI rows skipped: `aws` is not installed.');
    }
    processNotes.push('The Go program (bench/go-assume-role) does what MinIO\'s `assume-role.go` sample does: `credentials.NewSTSAssumeRole`, `Get()`, print.');
    processNotes.push('`sts-creds` reads the password from `STS_CREDS_PASSWORD`; every Node row runs on the same `node` binary as `node -e 0`.');

    log(`process runs: ${commands.length} commands × ${PLAN.processRounds} rounds`);
    const processes = await measureProcesses(measure, commands);
    log('library clients');
    const library = await measureLibrary(targets);
    log('credential provider');
    const provider = await measureProvider(fake);
    log(`fleet simulation: ${PLAN.fleetProcesses} providers, ${PLAN.fleetHours} h on a fake clock`);
    const fleet = await measureFleet();
    const lines = [{ line: process.versions.node.split('.')[0], node: NODE }];
    for (const line of PLAN.nodeLines) {
      const node = nodeOfLine(line);
      if (node) lines.push({ line, node });
      else processNotes.push(`Node ${line}: not measured (\`npm exec --package=node@${line}\` gave no Node binary).`);
    }
    const nodeLines = [];
    for (const { line, node } of lines) {
      log(`start-up on Node ${line} (${node})`);
      nodeLines.push(await measureLine(measure, line, node, fake, cacheEnv));
    }

    const results = {
      meta: {
        date: new Date().toISOString(),
        node: process.versions.node,
        os: `${platform()} ${release()}`,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
        quick: args.quick,
        ...PLAN,
      },
      processes,
      processNotes,
      library,
      libraryNotes,
      provider,
      fleet,
      nodeLines,
    };
    const outDir = args.out ?? (args.quick ? await mkdtemp(join(tmpdir(), 'sts-creds-bench-')) : BENCH);
    await mkdir(outDir, { recursive: true });
    const markdown = renderMarkdown(results);
    await writeFile(join(outDir, 'results.md'), markdown);
    await writeFile(join(outDir, 'results.svg'), chartOf(results));
    await writeFile(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${markdown}\n`);
    log(`wrote ${join(outDir, 'results.md')}, results.svg and results.json`);
    // A quick run is too short to judge the goals by; it only proves the benchmark still works.
    if (!args.quick) {
      for (const goal of evaluateGoals(results)) if (!goal.met) log(`goal not met: ${goal.goal}: ${goal.measured} (target ${goal.target})`);
      for (const goal of evaluateLineGoals(results)) {
        if (goal.met === false) log(`goal not met on Node ${goal.line}: ${goal.goal}: ${goal.measured.toFixed(2)}× (${targetText(goal)}) ${statusText(goal).replace(/\*\*/g, '')}`);
      }
    }
  } finally {
    fake.stop();
    await minio.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
}
