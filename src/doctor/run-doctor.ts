/**
 * `sts-creds doctor`: checks the way to an STS endpoint step by step (address, proxy, TCP, TLS,
 * STS itself, clock, MinIO health, and the keys when it was given some) and says how to fix each
 * failed step. The STS probe is an unsigned AssumeRole, which any STS refuses without side effects; the
 * keys probe is a signed one asking for a lifetime no STS grants (see check-keys.ts).
 */
import { checkKeys, type DoctorKeys } from './check-keys.js';
import type { DoctorCheck } from './doctor-check.js';

export type { CheckStatus, DoctorCheck } from './doctor-check.js';
import { isStsCredsError, type StsCallContext } from '../errors.js';
import type { StsEventListener } from '../events.js';
import { parseEndpoint, redactUrlish } from '../sts/validate.js';
import { createHttpTransport, type HttpAnswer, type HttpTransport } from '../transport/http-transport.js';
import { probeTcp, probeTls } from '../transport/probe-connection.js';
import { bypassesProxy, displayProxy, proxyForUrl, proxySettingsFromEnv } from '../transport/proxy-env.js';
import { readErrorDocument } from '../xml/error-document.js';
import { parseXml } from '../xml/parse-xml.js';
import { escapeControl, serverText } from '../text/server-text.js';



/** The whole checklist. */
export interface DoctorReport {
  endpoint: string;
  checks: DoctorCheck[];
  /** True when no check failed. */
  ok: boolean;
}

/** Settings of {@link runDoctor}. */
export interface DoctorOptions {
  endpoint: string | URL;
  /** Time allowed for each probe, in milliseconds. @defaultValue 10000 */
  timeoutMs?: number | undefined;
  /** Trusted CA certificates (PEM), replacing Node's built-in list. */
  ca?: string | undefined;
  /** Which API the endpoint serves: STS is probed with an unsigned AssumeRole, S3 with an anonymous ListBuckets. @defaultValue 'sts' */
  service?: 'sts' | 's3' | undefined;
  /** Do not verify TLS certificates (reported as a warning). */
  insecure?: boolean | undefined;
  /** Environment to take HTTP_PROXY/HTTPS_PROXY/NO_PROXY from. */
  proxyEnv?: Readonly<Record<string, string | undefined>> | undefined;
  /** The local clock. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
  onEvent?: StsEventListener | undefined;
  /** The keys to check with one signed request; or why there are none (the `keys` check is then skipped with that reason). */
  keys?: DoctorKeys | { skip: string } | undefined;
}

/** MinIO refuses signatures more than this far from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
/** Beyond this, warn: a clock this far off is drifting and will soon be refused. */
const WARN_SKEW_MS = 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

function dateHeader(answer: HttpAnswer): Date | undefined {
  const raw = answer.headers.date;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A TLS failure that means the port speaks plain HTTP. */
const PLAIN_HTTP = /ERR_SSL_WRONG_VERSION_NUMBER|EPROTO|wrong version number/i;
const PLAIN_HTTP_FIX = 'the server speaks plain HTTP here: use http://';
const TLS_SETUP_FIX = "check the port and the server's TLS setup";

function transportReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The endpoint as shown: scheme, host, port and any path (an operator's `/sts/<namespace>`). Pure. */
function shownEndpoint(endpoint: URL): string {
  return endpoint.pathname === '/' ? endpoint.origin : `${endpoint.origin}${endpoint.pathname}`;
}

/**
 * The S3 probe: an anonymous ListBuckets (`GET /`), which an S3 API refuses with an S3 error document
 * (`<Error><Code>AccessDenied</Code>...`). Its Date header serves the clock check.
 */
async function checkS3(transport: HttpTransport, endpoint: URL, context: StsCallContext): Promise<{ check: DoctorCheck; answer?: HttpAnswer }> {
  let answer: HttpAnswer;
  try {
    answer = await transport.send({ method: 'GET', url: new URL(endpoint.href), headers: { 'user-agent': 'sts-creds doctor' } }, context);
  } catch (error) {
    const reason = escapeControl(transportReason(error)).slice(0, 200);
    return { check: { id: 's3', status: 'fail', detail: `no S3 answer: ${reason}`, fix: PLAIN_HTTP.test(reason) ? PLAIN_HTTP_FIX : TLS_SETUP_FIX } };
  }
  let root;
  try {
    root = parseXml(answer.body);
  } catch {
    root = undefined;
  }
  const code = root?.name === 'Error' ? root.children.find((c) => c.name === 'Code')?.text : undefined;
  if (code !== undefined && (answer.statusCode === 403 || answer.statusCode === 400)) {
    return { answer, check: { id: 's3', status: 'ok', detail: `S3 answers (an anonymous ListBuckets is refused as expected: HTTP ${answer.statusCode} ${escapeControl(code).slice(0, 100)})` } };
  }
  return {
    answer,
    check: {
      id: 's3',
      status: 'fail',
      detail: `not an S3 answer: HTTP ${answer.statusCode}${root ? ` <${escapeControl(root.name).slice(0, 50)}>` : ''}`,
      fix: "point --s3-endpoint at the S3 API (for MinIO, its API port with no path), not at STS or the console",
    },
  };
}

/** The STS probe: an unsigned form POST of AssumeRole, which STS must refuse with an STS error document. */
async function checkSts(transport: HttpTransport, endpoint: URL, context: StsCallContext): Promise<{ check: DoctorCheck; answer?: HttpAnswer }> {
  // The endpoint's own path: the MinIO Operator serves STS under /sts/<namespace>.
  const url = new URL(endpoint.href);
  let answer: HttpAnswer;
  try {
    answer = await transport.send(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'user-agent': 'sts-creds doctor' },
        body: 'Action=AssumeRole&Version=2011-06-15',
      },
      context,
    );
  } catch (error) {
    const failure = isStsCredsError(error) ? `${(error as { causeCode?: string }).causeCode ?? ''} ${error.message}` : '';
    return {
      check: {
        id: 'sts',
        status: 'fail',
        detail: `no usable answer to an unsigned AssumeRole: ${transportReason(error)}`,
        // One piece of advice, the same the TLS check gives for the same failure.
        fix: PLAIN_HTTP.test(failure)
          ? PLAIN_HTTP_FIX
          : /CERT|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO/i.test(failure)
            ? "trust the server's CA with --ca-bundle <file> or AWS_CA_BUNDLE"
            : /TLS|SSL/i.test(failure)
              ? TLS_SETUP_FIX
              : 'check that the endpoint is the STS (for MinIO: the S3 API address, not the console), and any proxy in between',
      },
    };
  }
  const type = escapeControl(String(answer.headers['content-type'] ?? 'no content type').split(';')[0] ?? '').slice(0, 100);
  let root;
  try {
    root = parseXml(answer.body);
  } catch {
    return {
      answer,
      check: {
        id: 'sts',
        status: 'fail',
        detail: `HTTP ${answer.statusCode} with a body that is not XML (${type}): something other than STS answered`,
        fix: 'point --endpoint at the STS/S3 API port; a web server, console or proxy error page answered instead',
      },
    };
  }
  const error = root.name === 'ErrorResponse' ? readErrorDocument(root) : undefined;
  const message = error ? serverText(error.message).slice(0, 120) : '';
  const said = `HTTP ${answer.statusCode} ${escapeControl(error?.code ?? root.name).slice(0, 100)}${message ? `: ${message}` : ''}`;
  if (error && (answer.statusCode === 400 || answer.statusCode === 403)) {
    return { answer, check: { id: 'sts', status: 'ok', detail: `STS answers (an unsigned AssumeRole is refused as expected: ${said})` } };
  }
  if (error && answer.statusCode >= 500) {
    return {
      answer,
      check: { id: 'sts', status: 'fail', detail: `STS is there but not ready: ${said}`, fix: 'the server is starting up or unhealthy: wait, then check its log' },
    };
  }
  return {
    answer,
    check: {
      id: 'sts',
      status: 'fail',
      detail: `not an STS answer: ${said}`,
      fix: 'point --endpoint at the STS endpoint (for MinIO, its S3 API address with no path)',
    },
  };
}

function checkClock(answer: HttpAnswer | undefined, now: Date): DoctorCheck {
  const serverDate = answer && dateHeader(answer);
  if (!serverDate) return { id: 'clock', status: 'skip', detail: 'the server sent no Date header to compare with' };
  const skewMs = now.getTime() - serverDate.getTime();
  const seconds = Math.round(skewMs / 1000);
  const detail = `the local clock is ${Math.abs(seconds)} s ${seconds >= 0 ? 'ahead of' : 'behind'} the server's (Date: ${serverDate.toUTCString()})`;
  const fix = 'set the system clock right, e.g. `timedatectl set-ntp true` (or fix the server\'s clock)';
  if (Math.abs(skewMs) > MAX_SKEW_MS) {
    return { id: 'clock', status: 'fail', detail: `${detail}; signed requests more than 15 min off are refused (RequestTimeTooSkewed)`, fix };
  }
  if (Math.abs(skewMs) > WARN_SKEW_MS) return { id: 'clock', status: 'warn', detail: `${detail}; refused beyond 15 min`, fix };
  return { id: 'clock', status: 'ok', detail };
}

async function checkMinio(transport: HttpTransport, endpoint: URL, context: StsCallContext): Promise<DoctorCheck> {
  const get = async (path: string): Promise<HttpAnswer | undefined> => {
    try {
      return await transport.send({ method: 'GET', url: new URL(path, endpoint), headers: { 'user-agent': 'sts-creds doctor' } }, context);
    } catch {
      return undefined;
    }
  };
  const live = await get('/minio/health/live');
  if (!live || live.statusCode !== 200) {
    return { id: 'minio', status: 'skip', detail: `not MinIO, or its health API is not reachable (/minio/health/live: ${live ? `HTTP ${live.statusCode}` : 'no answer'})` };
  }
  const cluster = await get('/minio/health/cluster');
  if (cluster?.statusCode === 200) return { id: 'minio', status: 'ok', detail: 'MinIO is live and ready (/minio/health/live and /minio/health/cluster answer 200)' };
  const state = cluster?.headers['x-minio-server-status'];
  return {
    id: 'minio',
    status: 'fail',
    detail: `MinIO is live but not ready: /minio/health/cluster ${cluster ? `HTTP ${cluster.statusCode}` : 'no answer'}${state ? ` (${String(state)})` : ''}`,
    fix: 'MinIO is still starting, or waits for an identity provider, LDAP server or identity plugin it cannot reach: check its log',
  };
}

/** Runs every check in order; a check that cannot run because an earlier one failed is skipped. Never throws for network problems. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const finish = (endpoint: string): DoctorReport => ({ endpoint, checks, ok: checks.every((c) => c.status !== 'fail') });
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 10_000;

  let endpoint: URL;
  try {
    endpoint = parseEndpoint(options.endpoint);
  } catch (error) {
    checks.push({ id: 'endpoint', status: 'fail', detail: transportReason(error), fix: 'use --endpoint http(s)://host[:port], e.g. http://localhost:9000' });
    // The text failed to parse as a URL we accept; show it only with any user-info part hidden.
    return finish(redactUrlish(String(options.endpoint)));
  }
  const port = Number(endpoint.port) || (endpoint.protocol === 'https:' ? 443 : 80);
  checks.push({ id: 'endpoint', status: 'ok', detail: `${endpoint.origin} (${endpoint.protocol === 'https:' ? 'TLS' : 'plain HTTP, not encrypted'})` });

  const settings = proxySettingsFromEnv(options.proxyEnv ?? {});
  const proxy = proxyForUrl(endpoint, settings);
  let connectTo = { host: endpoint.hostname, port, label: `${endpoint.hostname}:${port}` };
  if (proxy) {
    let proxyUrl: URL;
    try {
      proxyUrl = new URL(proxy);
    } catch {
      checks.push({ id: 'proxy', status: 'fail', detail: 'the proxy variable is not a URL', fix: 'set HTTPS_PROXY/HTTP_PROXY to http://host:port, or unset it' });
      return finish(shownEndpoint(endpoint));
    }
    const proxyPort = Number(proxyUrl.port) || (proxyUrl.protocol === 'https:' ? 443 : 80);
    connectTo = { host: proxyUrl.hostname, port: proxyPort, label: `proxy ${proxyUrl.hostname}:${proxyPort}` };
    const which = endpoint.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
    checks.push({ id: 'proxy', status: 'ok', detail: `requests go through ${displayProxy(proxy)} (${which}; add the host to NO_PROXY to bypass it)` });
  } else {
    const configured = endpoint.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
    checks.push({
      id: 'proxy',
      status: 'ok',
      detail: configured && bypassesProxy(endpoint, settings.noProxy) ? `direct (NO_PROXY exempts ${endpoint.hostname})` : 'direct (no proxy set)',
    });
  }

  const tcp = await probeTcp(connectTo.host, connectTo.port, timeoutMs);
  if (!tcp.ok) {
    checks.push({
      id: 'connect',
      status: 'fail',
      detail: `cannot connect to ${connectTo.label}: ${tcp.code} after ${tcp.ms} ms`,
      fix:
        tcp.code === 'ENOTFOUND' || tcp.code === 'EAI_AGAIN'
          ? 'check the host name (DNS)'
          : proxy
            ? 'check the proxy address, or bypass it with NO_PROXY'
            : 'start the server, or correct the host and port in --endpoint; check firewalls',
    });
    for (const id of ['tls', 'sts', 'clock', 'minio', ...(options.service === 's3' ? [] : (['keys'] as const))] as const) checks.push({ id, status: 'skip', detail: 'no connection' });
    return finish(shownEndpoint(endpoint));
  }
  checks.push({ id: 'connect', status: 'ok', detail: `TCP connection to ${connectTo.label} in ${tcp.ms} ms` });

  if (endpoint.protocol !== 'https:') {
    checks.push({ id: 'tls', status: 'skip', detail: 'plain http: nothing is encrypted (fine on loopback, not across a network)' });
  } else if (proxy) {
    checks.push({ id: 'tls', status: 'skip', detail: 'tunnelled through the proxy: the STS check below verifies the certificate' });
  } else {
    const tls = await probeTls(endpoint.hostname, port, { ca: options.ca, timeoutMs });
    if (!tls.ok) {
      checks.push({
        id: 'tls',
        status: 'fail',
        detail: `TLS handshake failed: ${tls.code}`,
        fix: PLAIN_HTTP.test(tls.code ?? '') ? PLAIN_HTTP_FIX : TLS_SETUP_FIX,
      });
    } else {
      const daysLeft = Math.floor((tls.validTo.getTime() - now().getTime()) / DAY_MS);
      const about = `certificate ${tls.subject}, issued by ${tls.issuer}, valid until ${Number.isNaN(tls.validTo.getTime()) ? '?' : tls.validTo.toISOString()} (${daysLeft} days), ${tls.protocol ?? 'TLS'}`;
      if (!tls.trusted) {
        checks.push({
          id: 'tls',
          status: options.insecure ? 'warn' : 'fail',
          detail: `${about}; NOT trusted: ${tls.problem}${options.insecure ? ' (ignored because of --insecure)' : ''}`,
          fix:
            tls.problem === 'ERR_TLS_CERT_ALTNAME_INVALID'
              ? 'use the host name the certificate names, or reissue the certificate for this one'
              : "trust the server's CA with --ca-bundle <file> or AWS_CA_BUNDLE (do not use --insecure)",
        });
      } else if (daysLeft < 14) {
        checks.push({ id: 'tls', status: daysLeft < 0 ? 'fail' : 'warn', detail: `${about}; expires soon`, fix: 'renew the server certificate' });
      } else {
        checks.push({ id: 'tls', status: 'ok', detail: `${about}; trusted` });
      }
    }
  }

  const context: StsCallContext = { action: 'doctor', endpoint: endpoint.origin };
  const transport = createHttpTransport(endpoint, {
    timeoutMs,
    ca: options.ca,
    insecure: options.insecure,
    proxyEnv: options.proxyEnv,
    onEvent: options.onEvent,
    maxResponseBytes: 64 * 1024,
  });
  try {
    const sts = await (options.service === 's3' ? checkS3 : checkSts)(transport, endpoint, context);
    checks.push(sts.check);
    checks.push(checkClock(sts.answer, now()));
    checks.push(sts.answer ? await checkMinio(transport, endpoint, context) : { id: 'minio', status: 'skip', detail: 'no answer from the server' });
    // The keys sign an STS call: checked at the STS endpoint only.
    if (options.service !== 's3') {
      const keys = options.keys ?? { skip: 'no keys given (use --profile or --alias to check the keys they hold)' };
      if ('skip' in keys) checks.push({ id: 'keys', status: 'skip', detail: keys.skip });
      else if (sts.check.status !== 'ok') checks.push({ id: 'keys', status: 'skip', detail: 'STS did not answer as STS' });
      else checks.push(await checkKeys(transport, endpoint, keys, now(), context));
    }
  } finally {
    await transport.close();
  }
  return finish(shownEndpoint(endpoint));
}
