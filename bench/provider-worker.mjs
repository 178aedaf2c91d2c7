// The credential provider in a process of its own, against the loopback fake STS:
// - cached calls: after the first fetch, the time of `await provider()` (what every AWS SDK request
//   pays), in batches; prints the per-call time of each batch;
// - concurrent callers: N simultaneous first calls on a new provider, and how many STS requests
//   the fake STS saw (single flight means one). minio-js's AssumeRoleProvider is counted the same way.
//
//   node bench/provider-worker.mjs --endpoint http://127.0.0.1:PORT --batches 50 --batch-size 100000 --callers 100
// Prints one JSON line; `skipped` says why when this build has no fromAssumeRole.

import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    batches: { type: 'string', default: '50' },
    'batch-size': { type: 'string', default: '100000' },
    callers: { type: 'string', default: '100' },
  },
});
const endpoint = opts.endpoint ?? '';
const batches = Number(opts.batches);
const batchSize = Number(opts['batch-size']);
const callers = Number(opts.callers);
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench-secret' };

const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

/** STS requests the fake has served since the last reset. */
async function requestsSeen(reset = false) {
  const res = await fetch(new URL(reset ? '/__reset' : '/__requests', endpoint));
  return Number(await res.text());
}

const library = await import('../dist/index.js');
if (typeof library.fromAssumeRole !== 'function') {
  print({ skipped: 'dist/index.js does not export fromAssumeRole' });
} else {
  const provider = library.fromAssumeRole({ endpoint, credentials, durationSeconds: 3600 });
  await provider();
  // Warm-up, then batches; a batch's time divided by its size is one sample.
  for (let i = 0; i < batchSize; i++) await provider();
  const cachedNs = [];
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batchSize; i++) await provider();
    cachedNs.push(Number(process.hrtime.bigint() - start) / batchSize);
  }
  await provider.close();

  await requestsSeen(true);
  const fresh = library.fromAssumeRole({ endpoint, credentials, durationSeconds: 3600 });
  const results = await Promise.all(Array.from({ length: callers }, () => fresh()));
  const requests = await requestsSeen();
  const same = results.every((r) => r.accessKeyId === results[0]?.accessKeyId);
  await fresh.close();

  let minioConcurrent;
  try {
    const { AssumeRoleProvider } = await import('minio/dist/esm/AssumeRoleProvider.mjs');
    await requestsSeen(true);
    const minio = new AssumeRoleProvider({ stsEndpoint: endpoint, accessKey: credentials.accessKeyId, secretKey: credentials.secretAccessKey });
    await Promise.all(Array.from({ length: callers }, () => minio.getCredentials()));
    minioConcurrent = { callers, requests: await requestsSeen() };
  } catch (error) {
    minioConcurrent = undefined;
    process.stderr.write(`provider-worker: minio-js comparison skipped: ${error.message}\n`);
  }

  print({ batchSize, cachedNs, concurrent: { callers, requests, sameCredentials: same }, minioConcurrent });
}
