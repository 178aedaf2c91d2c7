/**
 * The loopback redirect listener of a native app's sign-in (RFC 8252 7.3): an HTTP server on 127.0.0.1 only,
 * for one sign-in, that takes the one redirect carrying this sign-in's `state` on the callback path with GET,
 * answers it with a short page, and ignores everything else (another state, path or method) without ending
 * the wait. It gives up after a time limit.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { serverText } from '../text/server-text.js';
import { OidcError } from './oidc-error.js';

/** The path of the redirect URI. */
export const CALLBACK_PATH = '/callback';

/** Default time the listener waits for the browser, in milliseconds. */
export const LOOPBACK_TIMEOUT_MS = 5 * 60_000;

/** What the redirect brought: the code, when the person signed in. */
export interface CallbackResult {
  code: string;
}

/** A running listener. */
export interface LoopbackListener {
  /** `http://127.0.0.1:<port>/callback` */
  redirectUri: string;
  /** Settles with the code of the right redirect, or rejects (`access-denied`, `provider`, `expired`). */
  result: Promise<CallbackResult>;
  /** Stops listening (idempotent). */
  close(): Promise<void>;
}

export interface LoopbackOptions {
  /** The `state` of this sign-in; only a redirect carrying it is taken. */
  state: string;
  /** A fixed port, for providers that register one; default a free one. */
  port?: number | undefined;
  /** @defaultValue {@link LOOPBACK_TIMEOUT_MS} */
  timeoutMs?: number | undefined;
}

const DONE_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>sts-creds</title></head>' +
  '<body><p>Signed in. You can close this tab and go back to the terminal.</p></body></html>';
const FAILED_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>sts-creds</title></head>' +
  '<body><p>The sign-in did not complete. The terminal says why.</p></body></html>';

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  res.end(body);
}

function sameState(got: string, want: string): boolean {
  const a = Buffer.from(got);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Starts the listener on 127.0.0.1.
 * @throws {@link OidcError} (`listener`) when the port cannot be bound
 */
export async function startLoopbackListener(options: LoopbackOptions): Promise<LoopbackListener> {
  // Loaded here, not with the library: no importer but a browser sign-in runs an HTTP server.
  const { createServer } = await import('node:http');
  const timeoutMs = options.timeoutMs ?? LOOPBACK_TIMEOUT_MS;
  let settle!: { resolve: (r: CallbackResult) => void; reject: (e: Error) => void };
  const result = new Promise<CallbackResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined); // the caller may close before awaiting
  let done = false;
  const finish = (outcome: CallbackResult | Error): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (outcome instanceof Error) settle.reject(outcome);
    else settle.resolve(outcome);
  };

  const sockets = new Set<Socket>();
  const server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    req.resume();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      send(res, 400, 'bad request');
      return;
    }
    if (url.pathname !== CALLBACK_PATH) return send(res, 404, 'not found');
    if (req.method !== 'GET') return send(res, 405, 'method not allowed');
    const state = url.searchParams.get('state');
    if (done || state === null || !sameState(state, options.state)) return send(res, 400, 'this is not the sign-in sts-creds is waiting for');
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error !== null) {
      send(res, 200, FAILED_PAGE, 'text/html; charset=utf-8');
      const description = url.searchParams.get('error_description');
      const text = `the provider ended the sign-in with ${serverText(error).slice(0, 100)}${description ? `: ${serverText(description)}` : ''}`;
      finish(new OidcError(text, { reason: error === 'access_denied' ? 'access-denied' : 'provider', oauthError: serverText(error).slice(0, 100) }));
      return;
    }
    if (!code) return send(res, 400, 'the redirect carries no code');
    send(res, 200, DONE_PAGE, 'text/html; charset=utf-8');
    finish({ code });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? `port ${options.port} is in use` : (error.code ?? 'error');
      reject(new OidcError(`cannot listen for the browser's redirect on 127.0.0.1: ${why}`, { reason: 'listener', cause: error }));
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const timer = setTimeout(
    () => finish(new OidcError(`no sign-in arrived from the browser within ${Math.round(timeoutMs / 1000)} s; run the login again`, { reason: 'expired' })),
    timeoutMs,
  );
  timer.unref();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      finish(new OidcError('the sign-in was abandoned', { reason: 'expired' }));
      server.close(() => resolve());
      // Let the answer to the redirect reach the browser before the socket goes.
      setImmediate(() => {
        for (const socket of sockets) socket.destroy();
      });
    });
    return closing;
  };
  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, result, close };
}
