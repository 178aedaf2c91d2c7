import { Pool, request, type Dispatcher } from 'undici';
import { StsResponseError, StsTransportError, type StsCallContext } from '../errors.js';

export type { Dispatcher };

/** One HTTP request, fully formed (already signed when it needs to be). */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string | undefined;
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
}

/** Sends requests to one origin over one connection pool. */
export interface HttpTransport {
  send(req: HttpRequest, context: StsCallContext): Promise<HttpAnswer>;
  /** Closes the pool it created (an injected dispatcher is left open). */
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

/** Creates the transport for one origin. */
export function createHttpTransport(origin: URL, options: TransportOptions = {}): HttpTransport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let owned: Pool | undefined;
  const dispatcher = (): Dispatcher => {
    if (options.dispatcher) return options.dispatcher;
    owned ??= new Pool(origin.origin, {
      connect: { timeout: Math.min(timeoutMs, 10_000) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 4_000,
    });
    return owned;
  };

  return {
    async send(req, context) {
      const signal = AbortSignal.timeout(timeoutMs);
      let res: Dispatcher.ResponseData;
      try {
        res = await request(req.url, {
          dispatcher: dispatcher(),
          method: req.method,
          headers: req.headers,
          body: req.body ?? null,
          signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (error) {
        throw toTransportError(error, context, timeoutMs);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of res.body) {
          size += (chunk as Buffer).length;
          if (size > maxBytes) {
            res.body.destroy();
            throw new StsResponseError(
              `${context.action ?? 'STS call'} failed: the response from ${context.endpoint ?? 'the server'} is larger than ${maxBytes} bytes`,
              { statusCode: res.statusCode, context },
            );
          }
          chunks.push(chunk as Buffer);
        }
      } catch (error) {
        if (error instanceof StsResponseError) throw error;
        throw toTransportError(error, context, timeoutMs, res.statusCode);
      }
      return { statusCode: res.statusCode, headers: res.headers as HttpAnswer['headers'], body: Buffer.concat(chunks).toString('utf8') };
    },
    async close() {
      if (owned) await owned.close().catch(() => undefined);
      owned = undefined;
    },
  };
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
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

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

function toTransportError(error: unknown, context: StsCallContext, timeoutMs: number, statusCode?: number): StsTransportError {
  const code = causeCode(error);
  const reason =
    code === 'TIMEOUT' || (error as { name?: string } | null)?.name === 'AbortError'
      ? `no complete answer within ${timeoutMs / 1000} s`
      : ((code && REASONS[code]) ?? 'network error');
  const during = statusCode === undefined ? '' : ` while reading the HTTP ${statusCode} body`;
  return new StsTransportError(
    `${context.action ?? 'STS call'} failed: ${reason}${during} (${context.endpoint ?? 'endpoint'})${code && code !== 'TIMEOUT' ? ` [${code}]` : ''}`,
    { causeCode: code, context, cause: error },
  );
}
