// Starts a throwaway SeaweedFS (`weed server` with a filer and the S3 gateway) on loopback, with an
// S3 identities file and an advanced IAM/STS config, for the integration tests. Plain Node ESM, no deps.
//
// SeaweedFS serves STS at `POST /` on its S3 port once its IAM config loads (AssumeRole,
// AssumeRoleWithWebIdentity, AssumeRoleWithLDAPIdentity, GetCallerIdentity, GetFederationToken).

import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, superviseDaemon } from './minio.mjs';
import { ensureTools } from './tools.mjs';

const READY_TIMEOUT_MS = 90_000;
/**
 * On SIGTERM `weed server` stops its volume server and filer within milliseconds (their stores are
 * flushed then), but one of its later interrupt hooks never returns, so it never exits by itself: wait
 * this long, then SIGKILL. The data directory is thrown away anyway.
 */
const STOP_GRACE_MS = 3_000;
const PORT_ATTEMPTS = 4;

/** The inherited environment minus anything that would reconfigure SeaweedFS (its WEED_* overrides) or point it at AWS. */
function cleanEnv(home) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith('WEED_') || key.startsWith('AWS_') || key === 'HOME') continue;
    env[key] = value;
  }
  // SeaweedFS reads filer.toml, security.toml and s3.toml from ./, $HOME/.seaweedfs and /etc/seaweedfs;
  // a private HOME and working directory keep a developer's own files out.
  env.HOME = home;
  return env;
}

/**
 * One request to `url` (a GET, or with `form` a POST of that form body); resolves with status and body, or
 * status 0 when nothing answered within 2 s.
 * @param {string} url
 * @param {string} [form]
 */
function send(url, form) {
  const headers = form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) };
  return new Promise((resolve) => {
    const req = request(url, { method: form === undefined ? 'GET' : 'POST', agent: false, timeout: 2_000, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(form);
  });
}

/**
 * True once the S3 port answers STS (an AssumeRoleWithWebIdentity without a token is refused with
 * "WebIdentityToken is required": the STS handlers exist, so the IAM config loaded) and the master
 * knows a volume server (so writes can be placed).
 */
async function isReady(endpoint, masterUrl) {
  const sts = await send(`${endpoint}/`, 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15');
  if (!/WebIdentityToken is required/.test(sts.body)) return false;
  const topology = await send(`${masterUrl}/dir/status`);
  if (topology.status !== 200) return false;
  try {
    const dataNodes = JSON.parse(topology.body)?.Topology?.DataCenters?.flatMap((dc) => dc.Racks ?? []).flatMap((rack) => rack.DataNodes ?? []) ?? [];
    return dataNodes.length > 0;
  } catch {
    return false;
  }
}

/**
 * Starts `weed server -filer -s3` on 127.0.0.1 with free ports, a fresh data directory and private
 * config files, and waits (by polling, see {@link isReady}) until STS answers and a volume server
 * has joined. Telemetry is off; every listener binds loopback only.
 *
 * @param {object} options
 * @param {object} options.s3Config the `-s3.config` document: `{ identities: [{ name, credentials: [{ accessKey, secretKey }], actions }] }`
 * @param {object} options.iamConfig the `-s3.iam.config` document: `{ sts, policy, providers, policies, roles }`
 * @param {string} [options.weedPath] the binary; defaults to the pinned build from `ensureTools(['seaweedfs'])`
 * @param {number} [options.readyTimeoutMs] default 90000
 * @returns {Promise<{ endpoint: string, dir: string, logFile: string, pid: number | undefined, stop(options?: { keepDir?: boolean }): Promise<void> }>}
 */
export async function startSeaweedfs(options) {
  const weedPath = options.weedPath ?? (await ensureTools(['seaweedfs'])).seaweedfs;
  const readyTimeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  let lastError;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    try {
      return await startOnce({ ...options, weedPath, readyTimeoutMs });
    } catch (error) {
      lastError = error;
      if (error.code !== 'EADDRINUSE') throw error;
    }
  }
  throw lastError;
}

async function startOnce({ s3Config, iamConfig, weedPath, readyTimeoutMs }) {
  // Each gRPC port defaults to its HTTP port + 10000, which may be taken or past 65535: give all eight.
  const ports = await Promise.all(Array.from({ length: 8 }, () => freePort()));
  if (new Set(ports).size !== ports.length) {
    const error = new Error('the kernel handed out the same free port twice');
    error.code = 'EADDRINUSE';
    throw error;
  }
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = ports;
  const dir = await mkdtemp(join(tmpdir(), 'sts-creds-seaweedfs-'));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const logFile = join(dir, 'weed.log');
  const s3ConfigFile = join(dir, 's3.json');
  const iamConfigFile = join(dir, 'iam.json');
  await writeFile(s3ConfigFile, JSON.stringify(s3Config, null, 2), { mode: 0o600 });
  await writeFile(iamConfigFile, JSON.stringify(iamConfig, null, 2), { mode: 0o600 });

  const endpoint = `http://127.0.0.1:${s3}`;
  const masterUrl = `http://127.0.0.1:${master}`;
  const args = [
    'server',
    '-ip=127.0.0.1',
    '-ip.bind=127.0.0.1',
    `-dir=${dataDir}`,
    '-master.telemetry=false',
    `-master.port=${master}`,
    `-master.port.grpc=${masterGrpc}`,
    // Small volumes: the tests write a few bytes, and the default 30 GB limit only wastes index memory.
    '-master.volumeSizeLimitMB=64',
    `-volume.port=${volume}`,
    `-volume.port.grpc=${volumeGrpc}`,
    // 0: as many volumes as the disk holds; each bucket is a collection with volumes of its own.
    '-volume.max=0',
    // It would keep serving for 10 s after SIGTERM so clients move to other volume servers; there are none.
    '-volume.preStopSeconds=0',
    '-filer',
    `-filer.port=${filer}`,
    `-filer.port.grpc=${filerGrpc}`,
    `-filer.localSocket=${join(dir, 'filer.sock')}`,
    '-s3',
    `-s3.port=${s3}`,
    `-s3.port.grpc=${s3Grpc}`,
    '-s3.port.iceberg=0',
    '-s3.port.lance=0',
    `-s3.localSocket=${join(dir, 's3.sock')}`,
    `-s3.config=${s3ConfigFile}`,
    `-s3.iam.config=${iamConfigFile}`,
  ];
  const logFd = openSync(logFile, 'a');
  const child = spawn(weedPath, args, { cwd: dir, env: cleanEnv(dir), stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);

  const daemon = superviseDaemon(child, { name: 'weed server', logFile, graceMs: STOP_GRACE_MS, cleanup: async ({ keepDir }) => {
    // Each service also listens on a unix socket at a fixed /tmp path named by its gRPC port, which a
    // killed weed leaves behind: remove exactly those.
    const sockets = [['master', masterGrpc], ['volume', volumeGrpc], ['filer', filerGrpc], ['s3', s3Grpc]];
    await Promise.all(sockets.map(([name, port]) => rm(`/tmp/seaweedfs-${name}-grpc-${port}.sock`, { force: true })));
    if (!keepDir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  } });
  const { stop } = daemon;
  await daemon.waitReady({
    isReady: () => isReady(endpoint, masterUrl),
    timeoutMs: readyTimeoutMs,
    pollMs: 200,
    notReady: (log) => {
      const error = new Error(`SeaweedFS at ${endpoint} was not ready (STS and a volume server) within ${readyTimeoutMs / 1000} s; last lines of its log:\n${log}`);
      if (/address already in use|bind:/i.test(log)) error.code = 'EADDRINUSE';
      return error;
    },
  });
  return { endpoint, dir, logFile, pid: child.pid, stop };
}
