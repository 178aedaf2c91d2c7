// Starts a throwaway MinIO server on loopback and drives it with `mc`. Used by the integration
// test harness (test/helpers/global-setup.ts) and by scripts/demo.mjs. Plain Node ESM, no deps.

import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools } from './tools.mjs';

const DEFAULT_ROOT_USER = 'sts-creds-root';
const DEFAULT_ROOT_PASSWORD = 'sts-creds-root-secret';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 4;

/** Asks the kernel for a free loopback port. Another process may take it before MinIO binds, hence the retries. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Last `lines` lines of a text file, or a note that it could not be read. */
export function tailFile(path, lines = 40) {
  try {
    const text = readFileSync(path, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n') || '(empty)';
  } catch (error) {
    return `(cannot read ${path}: ${error.message})`;
  }
}

/** The inherited environment minus anything that would reconfigure MinIO or mc behind our back. */
function cleanEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith('MINIO_') || key.startsWith('MC_')) continue;
    env[key] = value;
  }
  return env;
}

/** One GET; resolves with the status code, or 0 when nothing answered. `ca` is trusted for https. */
function probe(url, ca) {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { agent: false, timeout: 2_000, ...(ca ? { ca } : {}) }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Watches a daemon a script started: records how it exits, kills it if this process exits first (so no
 * daemon outlives a crashed test run), and gives one `stop()`: SIGTERM, SIGKILL after `graceMs`, then
 * `cleanup({ keepDir })`. `waitReady` polls `isReady` until it answers true; when the daemon exits first it
 * stops it and throws with its log's last lines (code `EADDRINUSE` when the log says a port was taken), and
 * after `timeoutMs` it stops it and throws `notReady(log)`.
 * @param {import('node:child_process').ChildProcess} child
 * @param {{ name: string, logFile: string, graceMs: number, cleanup: (options: { keepDir: boolean }) => Promise<void> }} options
 */
export function superviseDaemon(child, { name, logFile, graceMs, cleanup }) {
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    child.on('error', (error) => {
      exited = { code: null, signal: null, error };
      resolve(exited);
    });
  });
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  let stopping;
  const stop = ({ keepDir = false } = {}) => {
    stopping ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exitPromise;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
      await cleanup({ keepDir });
    })();
    return stopping;
  };

  const waitReady = async ({ isReady, timeoutMs, pollMs, notReady }) => {
    const started = Date.now();
    for (;;) {
      if (exited) {
        const log = tailFile(logFile);
        await stop();
        const why = exited.error ? `could not be started: ${exited.error.message}` : `exited early (${exited.signal ?? `code ${exited.code}`})`;
        const error = new Error(`${name} ${why}; last lines of its log:\n${log}`);
        if (/address already in use|port is already in use|bind:/i.test(log)) error.code = 'EADDRINUSE';
        throw error;
      }
      if (await isReady()) return;
      if (Date.now() - started > timeoutMs) {
        const log = tailFile(logFile);
        await stop();
        throw notReady(log);
      }
      await sleep(pollMs);
    }
  };
  return { stop, waitReady };
}

/**
 * Starts `minio server` on 127.0.0.1 with a fresh data directory and waits until
 * `GET /minio/health/cluster` answers 200 (object layer and IAM both initialised).
 *
 * @param {object} [options]
 * @param {Record<string, string>} [options.env] extra environment (e.g. `MINIO_IDENTITY_PLUGIN_URL`)
 * @param {string} [options.rootUser]
 * @param {string} [options.rootPassword] at least 8 characters
 * @param {string} [options.minioPath] the binary; defaults to the pinned build from `ensureTools()`
 * @param {number} [options.readyTimeoutMs] default 60000
 * @param {number} [options.port] listen on this loopback port (e.g. to restart a stopped server where clients expect it); default a free one
 * @param {{ cert: string, key: string, ca?: string }} [options.tls] serve https with this PEM certificate and key;
 *   `ca` is trusted by the health probe and installed in MinIO's certs/CAs (so MinIO trusts client certificates it issued)
 */
export async function startMinio(options = {}) {
  const rootUser = options.rootUser ?? DEFAULT_ROOT_USER;
  const rootPassword = options.rootPassword ?? DEFAULT_ROOT_PASSWORD;
  const minioPath = options.minioPath ?? (await ensureTools()).minio;
  const readyTimeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  let lastError;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    try {
      return await startOnce({ ...options, rootUser, rootPassword, minioPath, readyTimeoutMs });
    } catch (error) {
      lastError = error;
      if (error.code !== 'EADDRINUSE') throw error;
    }
  }
  throw lastError;
}

async function startOnce({ env = {}, rootUser, rootPassword, minioPath, readyTimeoutMs, tls, port: fixedPort }) {
  const dir = await mkdtemp(join(tmpdir(), 'sts-creds-minio-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'minio.log');
  const port = fixedPort ?? (await freePort());
  const endpoint = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  if (tls) {
    // MinIO's layout: certs/public.crt + certs/private.key serve TLS; certs/CAs/* are extra trusted roots.
    await mkdir(join(dir, 'certs', 'CAs'), { recursive: true, mode: 0o700 });
    await writeFile(join(dir, 'certs', 'public.crt'), tls.cert);
    await writeFile(join(dir, 'certs', 'private.key'), tls.key, { mode: 0o600 });
    if (tls.ca) await writeFile(join(dir, 'certs', 'CAs', 'ca.crt'), tls.ca);
  }
  const logFd = openSync(logFile, 'a');
  const child = spawn(
    minioPath,
    // --certs-dir: never pick up TLS certificates from ~/.minio/certs.
    ['server', '--quiet', '--address', `127.0.0.1:${port}`, '--certs-dir', join(dir, 'certs'), dataDir],
    {
      env: {
        ...cleanEnv(),
        MINIO_ROOT_USER: rootUser,
        MINIO_ROOT_PASSWORD: rootPassword,
        MINIO_BROWSER: 'off',
        MINIO_UPDATE: 'off',
        MINIO_CI_CD: '1',
        ...env,
      },
      stdio: ['ignore', logFd, logFd],
    },
  );
  closeSync(logFd);

  const daemon = superviseDaemon(child, { name: 'minio', logFile, graceMs: STOP_GRACE_MS, cleanup: async ({ keepDir }) => {
    if (!keepDir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  } });
  const { stop } = daemon;
  const started = Date.now();
  const healthUrl = `${endpoint}/minio/health/cluster`;
  await daemon.waitReady({
    isReady: async () => (await probe(healthUrl, tls?.ca)) === 200,
    timeoutMs: readyTimeoutMs,
    pollMs: 150,
    notReady: (log) => new Error(`minio at ${endpoint} was not ready (GET /minio/health/cluster != 200) within ${readyTimeoutMs / 1000} s; last lines of its log:\n${log}`),
  });

  return {
    endpoint,
    port,
    rootUser,
    rootPassword,
    /** Temp directory holding data/, certs/ and minio.log; removed by stop(). */
    dir,
    dataDir,
    logFile,
    pid: child.pid,
    /** Milliseconds from spawn to a 200 from /minio/health/cluster. */
    startupMs: Date.now() - started,
    stop,
  };
}

function redact(text, secrets) {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out;
}

/** mc --json prints errors as JSON lines on stdout; pull out the human-readable part. */
function mcErrorText(stdout, stderr) {
  const messages = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const doc = JSON.parse(line);
      if (doc.status === 'error' && doc.error) {
        const cause = doc.error.cause?.message ?? doc.error.cause?.error?.Message;
        messages.push([doc.error.message, cause].filter(Boolean).join(': '));
      }
    } catch {
      // not JSON: fall through to the raw text
    }
  }
  return messages.join('\n') || stderr.trim() || stdout.trim() || '(no output)';
}

/**
 * Runs any `mc` command against the server as alias `local` (via `MC_HOST_local`), with a
 * throwaway config directory, `--json --quiet --no-color --disable-pager`.
 *
 * @param {string} mcPath
 * @param {string} endpoint e.g. `http://127.0.0.1:9000`
 * @param {string} rootUser
 * @param {string} rootPassword
 * @param {string[]} args e.g. `['mb', 'local/demo']`
 * @param {{ input?: string | Buffer, secrets?: string[] }} [options] `input` goes to stdin; `secrets` are redacted from errors
 * @returns {Promise<{ stdout: string, stderr: string, json: unknown[] }>}
 */
export async function runMc(mcPath, endpoint, rootUser, rootPassword, args, options = {}) {
  const url = new URL(endpoint);
  url.username = encodeURIComponent(rootUser);
  url.password = encodeURIComponent(rootPassword);
  const configDir = await mkdtemp(join(tmpdir(), 'sts-creds-mc-'));
  const fullArgs = ['--json', '--quiet', '--no-color', '--disable-pager', ...args];
  try {
    const { code, signal, stdout, stderr } = await new Promise((resolve, reject) => {
      const child = spawn(mcPath, fullArgs, {
        env: { ...cleanEnv(), MC_CONFIG_DIR: configDir, MC_HOST_local: url.href.replace(/\/$/, '') },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out = [];
      const err = [];
      child.stdout.on('data', (chunk) => out.push(chunk));
      child.stderr.on('data', (chunk) => err.push(chunk));
      child.on('error', reject);
      child.on('close', (exitCode, exitSignal) =>
        resolve({ code: exitCode, signal: exitSignal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
      );
      child.stdin.on('error', () => undefined); // mc may exit before reading stdin
      child.stdin.end(options.input ?? '');
    });
    if (code !== 0) {
      const secrets = [rootPassword, ...(options.secrets ?? [])];
      throw new Error(redact(`mc ${args.join(' ')} failed (${signal ? `signal ${signal}` : `exit code ${code}`}): ${mcErrorText(stdout, stderr)}`, secrets));
    }
    const json = [];
    for (const line of stdout.split('\n')) {
      if (!line.trim()) continue;
      try {
        json.push(JSON.parse(line));
      } catch {
        // some subcommands print plain text even with --json
      }
    }
    return { stdout, stderr, json };
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
}

/** Runs `mc admin <args…>` against alias `local`; see {@link runMc}. */
export function mcAdmin(mcPath, endpoint, rootUser, rootPassword, args, options = {}) {
  return runMc(mcPath, endpoint, rootUser, rootPassword, ['admin', ...args], options);
}

/** Creates a MinIO user and attaches one policy to it (`mc admin user add` + `mc admin policy attach`). */
export async function createUser(mcPath, endpoint, rootUser, rootPassword, user, password, policy) {
  const secrets = { secrets: [password] };
  await mcAdmin(mcPath, endpoint, rootUser, rootPassword, ['user', 'add', 'local', user, password], secrets);
  await mcAdmin(mcPath, endpoint, rootUser, rootPassword, ['policy', 'attach', 'local', policy, '--user', user], secrets);
}

/** Creates (or replaces) a canned policy from a JSON object (`mc admin policy create`). */
export async function createPolicy(mcPath, endpoint, rootUser, rootPassword, name, document) {
  const dir = await mkdtemp(join(tmpdir(), 'sts-creds-policy-'));
  try {
    const file = join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(document));
    await mcAdmin(mcPath, endpoint, rootUser, rootPassword, ['policy', 'create', 'local', name, file]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
