import { EventEmitter } from 'node:events';
import { EnvHttpProxyAgent, Pool, request, type Dispatcher } from 'undici';
import { StsResponseError, StsTransportError, StsValidationError, type StsCallContext } from '../errors.js';
import { emitEvent, type StsEventListener } from '../events.js';
import { displayProxy, hasProxy, proxyForUrl, proxySettingsFromEnv } from './proxy-env.js';
import { redactHeaders, redactUrl } from './redact-request.js';
import { headerValue } from '../http/header-value.js';

export type { Dispatcher };

/** One HTTP request, fully formed (already signed when it needs to be). */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string | undefined;
  /** Which attempt of a call this is (1 = the first), for events. */
  attempt?: number | undefined;
}

/** One HTTP answer with its body read in full. Header names are lower-case. */
export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Transport settings. */
export interface TransportOptions {
  /** An undici dispatcher to send through (a `Pool`, `Agent`, `ProxyAgent` or a mock). When absent, one `Pool` per client is created. */
  dispatcher?: Dispatcher | undefined;
  /**
   * Time allowed for a whole call (connect, headers and body), in milliseconds.
   * @defaultValue 30000
   */
  timeoutMs?: number | undefined;
  /**
   * Largest response body accepted, in bytes. Credentials answers are a few kilobytes.
   * @defaultValue 262144
   */
  maxResponseBytes?: number | undefined;
  /**
   * Trusted CA certificates (PEM) for an `https://` endpoint. Replaces Node's built-in list.
   * Ignored when `dispatcher` is given (configure TLS on the dispatcher instead); the same holds for `cert`, `key`, `pfx`, `passphrase`.
   */
  ca?: string | Buffer | ReadonlyArray<string | Buffer> | undefined;
  /** TLS client certificate chain (PEM), for mutual TLS such as MinIO's AssumeRoleWithCertificate. Needs `key`. */
  cert?: string | Buffer | undefined;
  /** Private key (PEM) of `cert`. */
  key?: string | Buffer | undefined;
  /** TLS client certificate and key as one PKCS#12 (`.p12`/`.pfx`) bundle, instead of `cert` and `key`. */
  pfx?: Buffer | undefined;
  /** Passphrase of an encrypted `key` or `pfx`. */
  passphrase?: string | undefined;
  /**
   * Skip TLS certificate verification. Anyone on the network path can then impersonate the server
   * and read the credentials it returns: use `ca` for a private CA instead.
   * @defaultValue false
   */
  insecure?: boolean | undefined;
  /**
   * Environment to take `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` (or their lower-case forms) from,
   * e.g. `process.env`. Nothing is read from the real environment unless it is passed here. When a
   * proxy is set, requests go through undici's `EnvHttpProxyAgent` (HTTP CONNECT tunnels).
   * Ignored when `dispatcher` is given.
   * @defaultValue no proxy
   */
  proxyEnv?: Readonly<Record<string, string | undefined>> | undefined;
  /** Receives request, response and failure events (URLs and headers redacted); the library itself never prints. */
  onEvent?: StsEventListener | undefined;
}

/** Sends requests to one origin over one connection pool. */
export interface HttpTransport {
  send(req: HttpRequest, context: StsCallContext): Promise<HttpAnswer>;
  /** Closes the pool it created once its requests are done (an injected dispatcher is left open). */
  close(): Promise<void>;
  /** Closes the pool it created at once, aborting requests in flight (an injected dispatcher is left open). */
  destroy(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

/** The longest delay a Node timer takes (about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A whole number from 1 to `max`, or the default when absent. @throws {@link StsValidationError} */
function positiveWhole(value: number | undefined, fallback: number, field: string, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new StsValidationError(`${field} must be a whole number from 1 to ${max}, got ${typeof value === 'number' ? value : typeof value}`, { field });
  }
  return value;
}

/** Creates the transport for one origin. @throws {@link StsValidationError} for a bad `timeoutMs` or `maxResponseBytes` */
export function createHttpTransport(origin: URL, options: TransportOptions = {}): HttpTransport {
  const timeoutMs = positiveWhole(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs', MAX_TIMER_MS);
  const maxBytes = positiveWhole(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 'maxResponseBytes', Number.MAX_SAFE_INTEGER);
  const proxy = options.dispatcher ? undefined : proxySettingsFromEnv(options.proxyEnv ?? {});
  const via = proxy && proxyForUrl(origin, proxy);
  let owned: Dispatcher | undefined;
  const dispatcher = (context: StsCallContext): Dispatcher => {
    if (options.dispatcher) return options.dispatcher;
    if (owned) return owned;
    const tls = tlsConnectOptions(options);
    const common = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 4_000 };
    if (proxy && hasProxy(proxy)) {
      try {
        // Explicit strings (never undefined): undici would otherwise fall back to process.env.
        owned = new EnvHttpProxyAgent({
          ...common,
          httpProxy: proxy.httpProxy,
          httpsProxy: proxy.httpsProxy,
          noProxy: proxy.noProxy,
          connect: { timeout: Math.min(timeoutMs, 10_000), ...tls },
          requestTls: tls,
          proxyTls: tls,
        });
      } catch {
        // undici's message would quote the proxy URL, which may hold a password.
        throw new StsValidationError(`the proxy setting (HTTP_PROXY/HTTPS_PROXY) is not a valid URL`, { field: 'proxyEnv', context });
      }
    } else {
      owned = new Pool(origin.origin, { ...common, connect: { timeout: Math.min(timeoutMs, 10_000), ...tls } });
    }
    return owned;
  };

  return {
    async send(req, context) {
      const attempt = req.attempt ?? 1;
      const action = context.action;
      // Events are built only for a listener: redacting the URL and headers costs more than the rest of send().
      if (options.onEvent) emitEvent(options.onEvent, {
        type: 'request',
        action,
        attempt,
        method: req.method,
        url: redactUrl(req.url),
        headers: redactHeaders(req.headers),
        proxy: via ? displayProxy(via) : undefined,
      });
      const started = performance.now();
      // One timer for the whole call (connect, headers, body), cleared when the call ends.
      const deadline = new Deadline();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      timer.unref();
      const fail = (error: Error): Error => {
        clearTimeout(timer);
        emitEvent(options.onEvent, { type: 'failure', action, attempt, error, elapsedMs: Math.round(performance.now() - started) });
        return error;
      };
      let res: Dispatcher.ResponseData;
      try {
        res = await sendRequest(dispatcher(context), req.url, {
          origin: req.url.origin,
          path: req.url.search ? `${req.url.pathname}${req.url.search}` : req.url.pathname,
          method: req.method,
          headers: req.headers,
          body: req.body ?? null,
          signal: deadline,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (error) {
        if (error instanceof StsValidationError) {
          clearTimeout(timer);
          throw error;
        }
        throw fail(toTransportError(error, context, timeoutMs, via));
      }
      const headersMs = performance.now() - started;
      const tooLarge = (): StsResponseError =>
        new StsResponseError(
          `${action ?? 'STS call'} failed: the response from ${context.endpoint ?? 'the server'} is larger than ${maxBytes} bytes`,
          { statusCode: res.statusCode, context },
        );
      if (res.statusCode >= 300 && res.statusCode < 400) {
        discard(res.body);
        throw fail(redirectError(res.statusCode, res.headers.location, context));
      }
      if (Number(headerValue(res.headers['content-length']) ?? 0) > maxBytes) {
        discard(res.body);
        throw fail(tooLarge());
      }
      let body: { text: string; size: number };
      try {
        body = await readBody(res.body, maxBytes, tooLarge);
      } catch (error) {
        if (error instanceof StsResponseError) throw fail(error);
        throw fail(toTransportError(error, context, timeoutMs, via, res.statusCode));
      }
      const size = body.size;
      const headers = res.headers as HttpAnswer['headers'];
      if (options.onEvent) emitEvent(options.onEvent, {
        type: 'response',
        action,
        attempt,
        statusCode: res.statusCode,
        headers: redactHeaders(headers),
        bodyBytes: size,
        headersMs: Math.round(headersMs),
        totalMs: Math.round(performance.now() - started),
      });
      clearTimeout(timer);
      return { statusCode: res.statusCode, headers, body: body.text };
    },
    async destroy() {
      if (owned) await owned.destroy().catch(() => undefined);
    },
    async close() {
      if (owned) await owned.close().catch(() => undefined);
      owned = undefined;
    },
  };
}

/**
 * undici's `request()` on a dispatcher. An undici dispatcher has it as a method; calling that directly spares
 * undici's top-level `request(url, ...)` re-reading the URL and copying the options on every call. A dispatcher
 * with only `dispatch()` goes through the top-level function, which works with any.
 */
function sendRequest(dispatcher: Dispatcher, url: URL, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  if (typeof dispatcher.request !== 'function') return request(url, { ...options, dispatcher });
  return dispatcher.request(options);
}

/**
 * The abort signal of one call, in the EventEmitter form undici accepts (`aborted`, `reason`, an `abort`
 * event). An AbortController with undici's listener costs about 10 µs of CPU per call on Node 20; this, well
 * under 1 µs. The reason is a `TimeoutError`, as `AbortSignal.timeout()` would give.
 */
class Deadline extends EventEmitter {
  aborted = false;
  reason: Error | undefined;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    this.emit('abort');
  }
}

/**
 * Reads a body in full, up to `maxBytes` (then destroys it and rejects with `tooLarge()`), with one promise for the
 * whole body: an async iterator over the stream costs a promise and an iterator step per chunk.
 */
function readBody(body: Dispatcher.ResponseData['body'], maxBytes: number, tooLarge: () => Error): Promise<{ text: string; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        body.off('data', onData);
        body.on('error', ignoreError);
        body.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    body.on('data', onData);
    body.once('error', reject);
    body.once('end', () => {
      resolve({ text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'), size });
    });
  });
}

const ignoreError = (): void => undefined;

/** Drops a body unread; undici reports the destruction as an error event, which must not go unheard. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/**
 * Redirects are never followed: a signed request, a token in the query string or a password in a
 * form body must not travel on to wherever a server (or someone in between) points.
 */
function redirectError(statusCode: number, location: string | string[] | undefined, context: StsCallContext): StsResponseError {
  const target = headerValue(location);
  return new StsResponseError(
    `${context.action ?? 'STS call'} failed: ${context.endpoint ?? 'the server'} answered HTTP ${statusCode} ` +
      `(a redirect${target ? ` to ${redactUrl(target)}` : ''}); redirects are not followed, so nothing is re-sent elsewhere: ` +
      'use the final address as the endpoint',
    { statusCode, context },
  );
}

/** The TLS settings that were given, in the shape of Node's `tls.connect` options. */
function tlsConnectOptions(options: TransportOptions): Record<string, unknown> {
  const tls: Record<string, unknown> = {};
  if (options.ca !== undefined) tls.ca = options.ca;
  if (options.cert !== undefined) tls.cert = options.cert;
  if (options.key !== undefined) tls.key = options.key;
  if (options.pfx !== undefined) tls.pfx = options.pfx;
  if (options.passphrase !== undefined) tls.passphrase = options.passphrase;
  if (options.insecure) tls.rejectUnauthorized = false;
  return tls;
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_ABORTED: 'request aborted',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the TLS chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate issued by an untrusted CA',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate issued by an untrusted CA',
  UNABLE_TO_GET_ISSUER_CERT: 'TLS certificate issued by an untrusted CA',
  CERT_UNTRUSTED: 'TLS certificate not trusted',
  CERT_NOT_YET_VALID: 'TLS certificate not yet valid',
  ERR_SSL_WRONG_VERSION_NUMBER: 'TLS handshake failed (does the server speak plain HTTP on this port?)',
  EPROTO: 'TLS handshake failed',
  ECONNABORTED: 'connection aborted',
  PROXY_TUNNEL: 'the proxy refused to open a tunnel',
};

/** undici reports a proxy's refusal of CONNECT only in a message: "Proxy response (407) !== 200 when HTTP Tunneling". */
function proxyRefusal(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const message = (current as { message?: unknown }).message;
    const match = /Proxy response \((\d{3})\)/.exec(typeof message === 'string' ? message : '');
    if (match) return match[1];
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && REASONS[code]) return code;
    const name = (current as { name?: unknown }).name;
    if (name === 'TimeoutError') return 'TIMEOUT';
    current = (current as { cause?: unknown }).cause;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function toTransportError(error: unknown, context: StsCallContext, timeoutMs: number, via: string | undefined, statusCode?: number): StsTransportError {
  const proxyStatus = proxyRefusal(error);
  const code = proxyStatus ? 'PROXY_TUNNEL' : causeCode(error);
  const reason = proxyStatus
    ? `${REASONS.PROXY_TUNNEL} (HTTP ${proxyStatus})`
    : code === 'TIMEOUT' || (error as { name?: string } | null)?.name === 'AbortError'
      ? `no complete answer within ${timeoutMs / 1000} s`
      : ((code && REASONS[code]) ?? 'network error');
  const during = statusCode === undefined ? '' : ` while reading the HTTP ${statusCode} body`;
  const through = via ? ` through proxy ${displayProxy(via)}` : '';
  return new StsTransportError(
    `${context.action ?? 'STS call'} failed: ${reason}${during} (${context.endpoint ?? 'endpoint'}${through})${code && code !== 'TIMEOUT' ? ` [${code}]` : ''}`,
    { causeCode: code, context, cause: error },
  );
}
