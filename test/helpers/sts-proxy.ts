/**
 * The MinIO Operator's layout, with a real reverse proxy: nginx (Debian's package, see
 * scripts/install-system-deps.sh) serves a tenant's STS over TLS under `/sts/<namespace>` on a port of its
 * own, and forwards it to MinIO, whose S3 API stays on MinIO's own port. The operator's STS service does the
 * same for `https://sts.minio-operator.svc.cluster.local:4223/sts/<tenant-namespace>`.
 *
 * Everything nginx writes (pid, logs, temporary files) goes into a private temporary directory, so it runs
 * without root and touches no system path; `stop()` ends it and removes the directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, tailFile } from '../../scripts/minio.mjs';

/** Where Debian installs nginx, else whatever is on PATH. */
export function findNginx(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', 'nginx']) {
    if (spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

export interface StsProxyOptions {
  /** The MinIO the proxy forwards to, e.g. `https://127.0.0.1:41234` (its S3 port). */
  upstream: string;
  /** The tenant's namespace: STS is served at `/sts/<namespace>`. */
  namespace: string;
  /** The proxy's own TLS certificate and key (PEM files). */
  certFile: string;
  keyFile: string;
  /** The CA nginx trusts for an https upstream. */
  upstreamCaFile?: string | undefined;
  /** @defaultValue 30000 */
  readyTimeoutMs?: number | undefined;
}

export interface RunningStsProxy {
  /** `https://127.0.0.1:<port>/sts/<namespace>`: the STS endpoint the operator would hand out. */
  stsEndpoint: string;
  port: number;
  /** nginx's access log: one line per request, with the path asked for. */
  accessLog: string;
  errorLog: string;
  stop(): Promise<void>;
}

/** nginx's configuration for the layout. Pure. */
export function stsProxyConfig(dir: string, port: number, options: StsProxyOptions): string {
  const upstream = new URL(options.upstream);
  const tlsUpstream = upstream.protocol === 'https:';
  const lines = [
    'worker_processes 1;',
    'daemon off;',
    'master_process on;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} info;`,
    'events { worker_connections 64; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(dir, kind)};`),
    '  server {',
    `    listen 127.0.0.1:${port} ssl;`,
    `    ssl_certificate ${options.certFile};`,
    `    ssl_certificate_key ${options.keyFile};`,
    '    location = /healthz { return 200 "ok\\n"; }',
    // STS calls are POST / with a form body; the operator forwards them to the tenant's root path.
    `    location = /sts/${options.namespace} {`,
    `      proxy_pass ${upstream.origin}/;`,
    '      proxy_set_header Host $proxy_host;',
    '      proxy_buffering off;',
    '      proxy_request_buffering off;',
    ...(tlsUpstream
      ? ['      proxy_ssl_verify on;', `      proxy_ssl_name ${upstreamTlsName(upstream.hostname)};`, ...(options.upstreamCaFile ? [`      proxy_ssl_trusted_certificate ${options.upstreamCaFile};`] : [])]
      : []),
    '    }',
    // Anything else (S3 calls sent here by mistake) is not STS: the proxy refuses it, as the operator's service does.
    '    location / { return 404 "not an STS path\\n"; }',
    '  }',
    '}',
    '',
  ];
  return lines.join('\n');
}

/**
 * The name nginx checks the upstream's certificate for: nginx matches host names only (X509_check_host),
 * never IP addresses, so a loopback IP is checked as `localhost`, which the test PKI's server certificate names too.
 */
function upstreamTlsName(hostname: string): string {
  return /^127\.|^\[?::1\]?$/.test(hostname) ? 'localhost' : hostname;
}

/** One GET over TLS trusting nothing but the answer's existence; resolves with the status, or 0. */
function probe(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', method: 'GET', rejectUnauthorized: false, agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

const PORT_ATTEMPTS = 4;

/** Starts nginx on a free loopback port and waits until it answers. */
export async function startStsProxy(options: StsProxyOptions): Promise<RunningStsProxy> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      lastError = error;
      if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    }
  }
  throw lastError;
}

async function startOnce(options: StsProxyOptions): Promise<RunningStsProxy> {
  const nginx = findNginx();
  if (!nginx) throw new Error('nginx is not installed (run scripts/install-system-deps.sh)');
  const dir = await mkdtemp(join(tmpdir(), 'sts-creds-nginx-'));
  const port = await freePort();
  const config = join(dir, 'nginx.conf');
  await writeFile(config, stsProxyConfig(dir, port, options));
  const errorLog = join(dir, 'error.log');
  // -e: even the errors before the configuration is read go to our file, not /var/log/nginx.
  const child: ChildProcess = spawn(nginx, ['-p', dir, '-c', config, '-e', errorLog], { stdio: 'ignore' });
  let exited: { code: number | null; error?: Error } | undefined;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', (code) => {
      exited = { code };
      resolve();
    });
    child.on('error', (error) => {
      exited = { code: null, error };
      resolve();
    });
  });
  const killOnExit = (): void => {
    if (!exited) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    })());
  const started = Date.now();
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  for (;;) {
    if (exited) {
      const log = tailFile(errorLog);
      await stop();
      const error = new Error(`nginx exited early (code ${exited.code ?? exited.error?.message}); its error log:\n${log}`) as Error & { code?: string };
      if (/Address already in use/i.test(log)) error.code = 'EADDRINUSE';
      throw error;
    }
    if ((await probe(port)) === 200) break;
    if (Date.now() - started > readyTimeoutMs) {
      const log = tailFile(errorLog);
      await stop();
      throw new Error(`nginx on port ${port} did not answer within ${readyTimeoutMs} ms; its error log:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { stsEndpoint: `https://127.0.0.1:${port}/sts/${options.namespace}`, port, accessLog: join(dir, 'access.log'), errorLog, stop };
}
