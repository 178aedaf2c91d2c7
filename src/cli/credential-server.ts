/**
 * A loopback credential endpoint in the container-credentials format, for `exec --server`: the AWS
 * SDKs, the AWS CLI and minio-go read it from `AWS_CONTAINER_CREDENTIALS_FULL_URI`, sending
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN` verbatim in the `Authorization` header. Only 127.0.0.1 is
 * bound (the SDKs accept plain HTTP only on loopback), on a port the system picks, and only a request
 * carrying the token gets an answer.
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
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Compares in time independent of where the texts differ (hashing first makes the lengths equal). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

function reply(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
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
 * credentials; no token is 401, a wrong one 403, anything but `GET /` 404/405.
 */
export async function startCredentialServer(options: CredentialServerOptions): Promise<CredentialServer> {
  const token = randomBytes(32).toString('base64url');
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const auth = req.headers.authorization;
    if (auth === undefined) return reply(res, 401, { message: 'missing Authorization' });
    if (!sameSecret(auth, token)) return reply(res, 403, { message: 'wrong Authorization' });
    if (req.url !== '/') return reply(res, 404, { message: 'not found' });
    if (req.method !== 'GET') return reply(res, 405, { message: 'GET only' });
    try {
      reply(res, 200, containerCredentialsBody(await options.credentials()));
    } catch (error) {
      options.onError(error);
      reply(res, 500, { message: 'sts-creds could not get credentials (see its standard error)' });
    }
  };
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
