// One STS client library in a process of its own: makes `--calls` AssumeRole calls one after the
// other on one client (after `--warmup` calls that are not counted) and prints one JSON line with
// the CPU time this process spent (process.cpuUsage: the client's work, never the server's) and
// the wall-clock time, and separately the CPU time of the first 200 calls (cold code). bench/run.mjs starts one of these per client, target and round.
//
//   node bench/client-worker.mjs --client sts-creds|aws-sdk|minio-js|undici-raw \
//     --endpoint http://127.0.0.1:9000 --user U --password P --calls 1000 --warmup 100

import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    client: { type: 'string' },
    endpoint: { type: 'string' },
    user: { type: 'string', default: 'bench' },
    password: { type: 'string', default: 'bench-secret' },
    calls: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '100' },
  },
});
const endpoint = opts.endpoint ?? '';
const calls = Number(opts.calls);
const warmup = Number(opts.warmup);
const FORM = 'application/x-www-form-urlencoded';
const COLD_CALLS = 200;

/**
 * Each factory returns `call()`, which makes one request and resolves with the access key it got
 * (or the HTTP status for the raw transport), and `close()`.
 * @type {Record<string, () => Promise<{ call: () => Promise<string>, close: () => Promise<void> | void }>>}
 */
const CLIENTS = {
  // This package's library, as importers get it (dist/index.js, the bundle of scripts/build-lib.mjs).
  async 'sts-creds'() {
    const { StsClient } = await import('../dist/index.js');
    const client = new StsClient({ endpoint, region: 'us-east-1' });
    const credentials = { accessKeyId: opts.user, secretAccessKey: opts.password };
    return {
      call: async () => (await client.assumeRole({ credentials })).accessKeyId,
      close: () => client.close(),
    };
  },
  // AWS SDK for JavaScript v3, pointed at the same endpoint.
  async 'aws-sdk'() {
    const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const client = new STSClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: opts.user, secretAccessKey: opts.password },
    });
    const input = { RoleArn: 'arn:minio:iam:::role/bench', RoleSessionName: 'bench' };
    return {
      call: async () => (await client.send(new AssumeRoleCommand(input))).Credentials?.AccessKeyId ?? '',
      close: () => client.destroy(),
    };
  },
  // minio-js 8's AssumeRoleProvider; refreshCredentials() is one request, whatever its cache holds.
  async 'minio-js'() {
    const { AssumeRoleProvider } = await import('minio/dist/esm/AssumeRoleProvider.mjs');
    const provider = new AssumeRoleProvider({ stsEndpoint: endpoint, accessKey: opts.user, secretKey: opts.password, region: 'us-east-1' });
    return {
      call: async () => (await provider.refreshCredentials()).accessKey,
      close: () => undefined,
    };
  },
  // The transport floor: undici posting an unsigned AssumeRole form (MinIO refuses it at once; the
  // fake STS answers it like any other) and reading the answer. No signing, no XML.
  async 'undici-raw'() {
    const { Pool, request } = await import('undici');
    const url = new URL(endpoint);
    const pool = new Pool(url.origin);
    const body = 'Action=AssumeRole&Version=2011-06-15';
    return {
      call: async () => {
        const res = await request(url, { dispatcher: pool, method: 'POST', headers: { 'content-type': FORM }, body });
        await res.body.text();
        return `HTTP ${res.statusCode}`;
      },
      close: () => pool.close(),
    };
  },
};

const factory = CLIENTS[opts.client ?? ''];
if (!factory) throw new Error(`unknown --client ${opts.client}; one of ${Object.keys(CLIENTS).join(', ')}`);
const client = await factory();

let sample = '';
// The first calls of a fresh process run before V8 has optimised anything: what a short-lived
// program pays. Measured on their own, as part of the warm-up.
const coldCalls = Math.min(COLD_CALLS, warmup);
const coldBefore = process.cpuUsage();
for (let i = 0; i < coldCalls; i++) sample = await client.call();
const cold = process.cpuUsage(coldBefore);
for (let i = coldCalls; i < warmup; i++) sample = await client.call();
const cpuBefore = process.cpuUsage();
const start = process.hrtime.bigint();
for (let i = 0; i < calls; i++) sample = await client.call();
const wallNs = Number(process.hrtime.bigint() - start);
const cpu = process.cpuUsage(cpuBefore);
await client.close();

process.stdout.write(
  `${JSON.stringify({
    client: opts.client,
    calls,
    cpuUsPerCall: (cpu.user + cpu.system) / calls,
    coldCalls,
    coldCpuUsPerCall: coldCalls > 0 ? (cold.user + cold.system) / coldCalls : null,
    wallUsPerCall: wallNs / 1000 / calls,
    callsPerSecond: calls / (wallNs / 1e9),
    // The last call's result: an access key, or the raw transport's HTTP status.
    sample,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
