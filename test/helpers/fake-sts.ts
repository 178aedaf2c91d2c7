/**
 * An in-process fake STS server for unit and CLI tests: node:http on 127.0.0.1, port 0.
 *
 * Each test scripts how the next requests are answered (`fake.reply(...)`, `fake.resetConnection()`,
 * `fake.hang()`, ...) and reads back what arrived in `fake.requests`. `useFakeSts()` wires the server
 * into vitest: started in `beforeAll`, reset to a default answer before each test, closed in `afterAll`.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createTestPki, type TestPki } from './test-pki.js';

/** One request as the fake saw it. Header names are lower-case (node's parsing). */
export interface RecordedRequest {
  method: string;
  /** Path plus query string, exactly as sent on the request line. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How to answer a request. */
export type FakeBehaviour =
  /** A complete answer. */
  | { kind: 'reply'; status: number; headers?: Record<string, string>; body: string }
  /** Destroy the socket as soon as the request has been read: the client sees ECONNRESET or "socket closed". */
  | { kind: 'reset' }
  /** Read the request and never answer. */
  | { kind: 'hang' }
  /** Send the status line, headers (with a Content-Length larger than what follows) and part of the body, then go silent. */
  | { kind: 'partial-then-hang'; status: number; headers?: Record<string, string>; body: string; declaredLength: number }
  /** Send the status line, headers and part of the body, then close the connection mid-body. */
  | { kind: 'partial-then-close'; status: number; headers?: Record<string, string>; body: string; declaredLength: number }
  /** Send headers at once, then one chunk every `intervalMs` (chunked encoding), then end. */
  | { kind: 'trickle'; status: number; headers?: Record<string, string>; chunks: readonly string[]; intervalMs: number }
  /** Full control. */
  | { kind: 'custom'; handle: (req: IncomingMessage, res: ServerResponse, body: string) => void };

const XML = { 'content-type': 'application/xml' };

/** Example credentials used by the default success answers. */
export const FAKE_CREDENTIALS = {
  accessKeyId: 'Y4RJU1RNFGK48LGO9I2S',
  secretAccessKey: 'sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg',
  sessionToken: 'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJhY2Nlc3NLZXkiOiJZNFJKVTFSTkZHSzQ4TEdPOUkyUyJ9.c2lnbmF0dXJl',
  expiration: '2036-02-12T22:18:48Z',
  requestId: '1893E2A8B3F6C0D1',
} as const;

export interface SuccessBodyValues {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  expiration?: string;
  requestId?: string;
  assumedUser?: string;
}

/** XML-escapes text content (the five predefined entities). */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as const)[c as '&']};`);
}

function credentialsXml(v: SuccessBodyValues): string {
  const e = xmlEscape;
  return (
    `<Credentials><AccessKeyId>${e(v.accessKeyId ?? FAKE_CREDENTIALS.accessKeyId)}</AccessKeyId>` +
    `<SecretAccessKey>${e(v.secretAccessKey ?? FAKE_CREDENTIALS.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${e(v.sessionToken ?? FAKE_CREDENTIALS.sessionToken)}</SessionToken>` +
    `<Expiration>${e(v.expiration ?? FAKE_CREDENTIALS.expiration)}</Expiration></Credentials>`
  );
}

/** MinIO's compact AssumeRole success body (minio-sts.md §3), with values substituted. */
export function assumeRoleSuccessBody(values: SuccessBodyValues = {}): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
    '<AssumedRoleUser><Arn></Arn><AssumeRoleId></AssumeRoleId></AssumedRoleUser>' +
    credentialsXml(values) +
    `</AssumeRoleResult><ResponseMetadata><RequestId>${xmlEscape(values.requestId ?? FAKE_CREDENTIALS.requestId)}</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}

/** MinIO's compact AssumeRoleWithCustomToken success body, with values substituted. */
export function customTokenSuccessBody(values: SuccessBodyValues = {}): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<AssumeRoleWithCustomTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithCustomTokenResult>' +
    credentialsXml(values) +
    `<AssumedUser>${xmlEscape(values.assumedUser ?? 'custom:alice')}</AssumedUser></AssumeRoleWithCustomTokenResult>` +
    `<ResponseMetadata><RequestId>${xmlEscape(values.requestId ?? FAKE_CREDENTIALS.requestId)}</RequestId></ResponseMetadata></AssumeRoleWithCustomTokenResponse>`
  );
}

/** MinIO's STS ErrorResponse body (empty Type). */
export function stsErrorBody(code: string, message: string, requestId: string = FAKE_CREDENTIALS.requestId): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type></Type>' +
    `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${xmlEscape(requestId)}</RequestId></ErrorResponse>`
  );
}

/** A scriptable fake STS server. */
export class FakeSts {
  /** Every request received since the last {@link clear}, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  #queue: FakeBehaviour[] = [];
  #fallback: FakeBehaviour = FakeSts.defaultBehaviour();
  #timers = new Set<NodeJS.Timeout>();
  #protocol = 'http';

  /** A MinIO-shaped AssumeRole success. */
  static defaultBehaviour(): FakeBehaviour {
    return { kind: 'reply', status: 200, headers: { ...XML, 'x-amz-request-id': FAKE_CREDENTIALS.requestId }, body: assumeRoleSuccessBody() };
  }

  /** `http://127.0.0.1:<port>` (`https://` when started with `tls`) once started. */
  get url(): string {
    const address = this.#server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('fake STS is not listening');
    return `${this.#protocol}://127.0.0.1:${address.port}`;
  }

  /** Starts listening; with `tls` (PEM key and certificate chain) it speaks HTTPS. */
  async start(options: { tls?: { key: string; cert: string } } = {}): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => this.#handle(req, res);
    const server: Server = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createServer(handler);
    this.#protocol = options.tls ? 'https' : 'http';
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    // Keep-alive would let one test's pooled connection leak into the next; answer with `connection: close`.
    server.keepAliveTimeout = 1;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    return this;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const socket of this.#sockets) socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Forgets recorded requests and scripted answers; the next requests get the default success. */
  clear(): void {
    this.requests.length = 0;
    this.#queue = [];
    this.#fallback = FakeSts.defaultBehaviour();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const socket of this.#sockets) socket.destroy();
  }

  /** Answers every following request this way (until changed). */
  always(behaviour: FakeBehaviour): this {
    this.#fallback = behaviour;
    return this;
  }

  /** Answers the next request this way, then falls back to {@link always}'s behaviour. */
  once(behaviour: FakeBehaviour): this {
    this.#queue.push(behaviour);
    return this;
  }

  /** Shorthand: always reply with this status, body and headers. */
  reply(status: number, body: string, headers: Record<string, string> = { ...XML }): this {
    return this.always({ kind: 'reply', status, headers, body });
  }

  /** Shorthand: always drop the connection without answering. */
  resetConnection(): this {
    return this.always({ kind: 'reset' });
  }

  /** Shorthand: always read the request and never answer. */
  hang(): this {
    return this.always({ kind: 'hang' });
  }

  /** The single recorded request; fails when there was not exactly one. */
  onlyRequest(): RecordedRequest {
    if (this.requests.length !== 1) throw new Error(`expected exactly one request, the fake saw ${this.requests.length}`);
    return this.requests[0]!;
  }

  #later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const behaviour = this.#queue.shift() ?? this.#fallback;
      this.#respond(behaviour, req, res, body);
    });
  }

  #respond(behaviour: FakeBehaviour, req: IncomingMessage, res: ServerResponse, body: string): void {
    switch (behaviour.kind) {
      case 'reply': {
        const payload = Buffer.from(behaviour.body, 'utf8');
        res.writeHead(behaviour.status, { connection: 'close', 'content-length': String(payload.length), ...behaviour.headers });
        res.end(payload);
        return;
      }
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'hang':
        return;
      case 'partial-then-hang':
      case 'partial-then-close': {
        res.writeHead(behaviour.status, { connection: 'close', ...behaviour.headers, 'content-length': String(behaviour.declaredLength) });
        res.write(behaviour.body);
        if (behaviour.kind === 'partial-then-close') this.#later(() => req.socket.destroy(), 20);
        return;
      }
      case 'trickle': {
        res.writeHead(behaviour.status, { connection: 'close', ...behaviour.headers });
        res.flushHeaders();
        const rest = [...behaviour.chunks];
        const next = (): void => {
          const chunk = rest.shift();
          if (chunk === undefined) {
            res.end();
            return;
          }
          res.write(chunk);
          this.#later(next, behaviour.intervalMs);
        };
        this.#later(next, behaviour.intervalMs);
        return;
      }
      case 'custom':
        behaviour.handle(req, res, body);
        return;
    }
  }
}

/** A {@link FakeSts} that lives for the enclosing `describe` (or file): started before, cleared between, closed after. */
export function useFakeSts(): FakeSts {
  const fake = new FakeSts();
  useServerHooks(fake, async () => {
    await fake.start();
  });
  return fake;
}

/**
 * Like {@link useFakeSts}, over HTTPS, with a server certificate from a fresh test PKI (needs
 * openssl; see test/helpers/test-pki.ts). `pki` is there once the tests run.
 */
export function useTlsFakeSts(): { fake: FakeSts; readonly pki: TestPki } {
  const fake = new FakeSts();
  let pki: TestPki | undefined;
  useServerHooks(
    fake,
    async () => {
      pki = await createTestPki();
      await fake.start({ tls: { key: pki.server.key, cert: pki.server.cert } });
    },
    () => pki?.remove(),
  );
  return {
    fake,
    get pki() {
      if (!pki) throw new Error('the test PKI exists only once the tests run (beforeAll)');
      return pki;
    },
  };
}

/** Starts `fake` before the tests, forgets its requests before each, closes it (then `cleanUp`) after them. */
function useServerHooks(fake: FakeSts, start: () => Promise<void>, cleanUp: () => Promise<void> | undefined = () => undefined): void {
  beforeAll(start);
  beforeEach(() => {
    fake.clear();
  });
  afterAll(async () => {
    await fake.close();
    await cleanUp();
  });
}

/**
 * The SigV4 `Authorization` value a server holding `secretAccessKey` expects for a recorded request,
 * recomputed the way MinIO does: from the request's own SignedHeaders, x-amz-date, path, query and
 * body bytes. Equal to the received header only if the client signed with that secret.
 */
export function expectedSigV4Authorization(req: RecordedRequest, secretAccessKey: string): string {
  const auth = String(req.headers.authorization ?? '');
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]*)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/.exec(auth);
  if (!m) throw new Error(`not a SigV4 Authorization header: ${JSON.stringify(auth.replace(/Signature=\w+/, 'Signature=…'))}`);
  const [, accessKeyId, day, region, service, signedList] = m as unknown as [string, string, string, string, string, string];
  const stamp = String(req.headers['x-amz-date'] ?? '');
  const [path, rawQuery = ''] = req.url.split('?', 2) as [string, string?];
  const query = [...new URLSearchParams(rawQuery)]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = signedList.split(';');
  const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const hash = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
  const canonicalRequest = [req.method, path, query, canonicalHeaders, signedList, hash(req.body)].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, hash(canonicalRequest)].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secretAccessKey}`).update(day).digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedList}, Signature=${signature}`;
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
