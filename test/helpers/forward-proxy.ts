/**
 * A minimal HTTP forward proxy on 127.0.0.1 for tests: it handles CONNECT tunnels (what undici's
 * ProxyAgent uses, for http:// and https:// targets alike) and absolute-form requests, and counts
 * what went through it so a test can prove a request did (or did not) use the proxy.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { listenOnLoopback } from '../../scripts/loopback.mjs';

export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`: use as HTTP_PROXY / HTTPS_PROXY. */
  url: string;
  /** Targets of CONNECT requests (`host:port`) and absolute-form requests (URLs), in order. */
  readonly targets: string[];
  /** `Proxy-Authorization` values seen, for tests of proxy credentials. */
  readonly authorizations: string[];
  stop(): Promise<void>;
}

/** Starts the proxy. `refuseWith` makes it answer every CONNECT with that status instead of tunnelling. */
export async function startForwardProxy(options: { refuseWith?: number } = {}): Promise<ForwardProxy> {
  const targets: string[] = [];
  const authorizations: string[] = [];
  const server = createServer((req, res) => {
    // Absolute-form: GET http://host:port/path HTTP/1.1
    targets.push(req.url ?? '');
    const auth = req.headers['proxy-authorization'];
    if (auth) authorizations.push(auth);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(target, { method: req.method, headers }, (answer: IncomingMessage) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => socket.on('error', () => socket.destroy()));
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    targets.push(req.url ?? '');
    const auth = req.headers['proxy-authorization'];
    if (auth) authorizations.push(auth);
    if (options.refuseWith) {
      client.end(`HTTP/1.1 ${options.refuseWith} Refused\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    listener.track(upstream);
    upstream.on('error', () => {
      upstream.destroy();
      client.destroy();
    });
  });
  const listener = await listenOnLoopback(server);
  return { url: listener.url, targets, authorizations, stop: listener.stop };
}
