/**
 * A loopback credential endpoint in the container-credentials format, for `exec --server`: the AWS
 * SDKs, the AWS CLI and minio-go read it from `AWS_CONTAINER_CREDENTIALS_FULL_URI`, sending
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN` verbatim in the `Authorization` header. Only 127.0.0.1 is
 * bound (the SDKs accept plain HTTP only on loopback), on a port the system picks, and only a request
 * carrying the token gets an answer. Any local user can connect, so connections are few and short:
 * see {@link CREDENTIAL_SERVER_LIMITS}.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatIsoUtc } from '../format/iso-time.js';
import type { TemporaryCredentials } from '../types.js';

/** Credentials as served: `expiration` is when the consumer should come back for new ones. */
export type ServedCredentials = Pick<TemporaryCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiration'>;

/** What the server needs. */
export interface CredentialServerOptions {
  /** Valid credentials for a request (called once per authorised request). */
  credentials: () => Promise<ServedCredentials>;
  /** Told, without secrets in hand, when getting credentials failed; the consumer gets a 500. */
  onError: (error: unknown) => void;
}

/** A running server. */
export interface CredentialServer {
  /** `AWS_CONTAINER_CREDENTIALS_FULL_URI`. */
  url: string;
  /** `AWS_CONTAINER_AUTHORIZATION_TOKEN`: 256 random bits, for the child alone. */
  token: string;
  /** The limits in force, as the HTTP server reports them. */
  limits: CredentialServerLimits;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

/** How many connections, and for how long (milliseconds), the server keeps. */
export interface CredentialServerLimits {
  /** Open connections at once; more are closed as they arrive. */
  maxConnections: number;
  /** Time to receive a request's headers. */
  headersTimeout: number;
  /** Time to receive a whole request. */
  requestTimeout: number;
  /** Time an idle kept-alive connection stays open after an answer. */
  keepAliveTimeout: number;
  /** Time a connection may stay silent before it is closed (one that never sends a byte included). */
  idleTimeout: number;
}

/**
 * Sized for one command tree: an SDK keeps one or two connections per client, and a command that starts
 * a few dozen processes at once still fits. A local user who opens connections without the token can
 * take no more than these slots, for no longer than a few seconds each, and never the process's file
 * descriptors, which the next STS refresh needs.
 */
export const CREDENTIAL_SERVER_LIMITS: CredentialServerLimits = {
  maxConnections: 64,
  headersTimeout: 3_000,
  requestTimeout: 5_000,
  keepAliveTimeout: 2_000,
  idleTimeout: 5_000,
};

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Compares in time independent of where the texts differ (hashing first makes the lengths equal). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/** Answers; with `hangUp`, closes the connection once the answer is sent (for a request without the right token). */
function reply(res: ServerResponse, status: number, body: object, hangUp = false): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) };
  if (hangUp) headers.Connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
  if (hangUp) res.once('finish', () => res.socket?.destroySoon());
}

/** The container-credentials JSON (AWS SDKs, botocore, minio-go). Pure. */
export function containerCredentialsBody(creds: ServedCredentials): Record<string, string> {
  return {
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    Token: creds.sessionToken,
    Expiration: formatIsoUtc(creds.expiration),
  };
}

/**
 * Starts the server on 127.0.0.1 and a free port. `GET /` with `Authorization: <token>` answers the
 * credentials; no token is 401, a wrong one 403 (and the connection is closed at once), anything but
 * `GET /` 404/405. Connections are capped and timed out as {@link CREDENTIAL_SERVER_LIMITS} says.
 */
export async function startCredentialServer(options: CredentialServerOptions): Promise<CredentialServer> {
  const token = randomBytes(32).toString('base64url');
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const auth = req.headers.authorization;
    if (auth === undefined) return reply(res, 401, { message: 'missing Authorization' }, true);
    if (!sameSecret(auth, token)) return reply(res, 403, { message: 'wrong Authorization' }, true);
    if (req.url !== '/') return reply(res, 404, { message: 'not found' });
    if (req.method !== 'GET') return reply(res, 405, { message: 'GET only' });
    try {
      reply(res, 200, containerCredentialsBody(await options.credentials()));
    } catch (error) {
      options.onError(error);
      reply(res, 500, { message: 'sts-creds could not get credentials (see its standard error)' });
    }
  };
  const limits = CREDENTIAL_SERVER_LIMITS;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeout,
      requestTimeout: limits.requestTimeout,
      keepAliveTimeout: limits.keepAliveTimeout,
      // How often the header and request timeouts are checked (Node's default is 30 s).
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      void handle(req, res);
    },
  );
  server.maxConnections = limits.maxConnections;
  // Without a 'timeout' listener, a socket silent for this long is destroyed.
  server.setTimeout(limits.idleTimeout);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    limits: {
      maxConnections: server.maxConnections,
      headersTimeout: server.headersTimeout,
      requestTimeout: server.requestTimeout,
      keepAliveTimeout: server.keepAliveTimeout,
      idleTimeout: server.timeout,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
