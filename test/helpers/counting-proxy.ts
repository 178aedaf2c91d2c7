/**
 * A TCP pass-through on 127.0.0.1 that counts the connections it accepts, so a test can see
 * whether a client reuses its keep-alive connection instead of opening one per request.
 */
import { connect, createServer } from 'node:net';
import { listenOnLoopback } from '../../scripts/loopback.mjs';

export interface CountingProxy {
  /** `http://127.0.0.1:<port>`: use it as the endpoint instead of the target's. */
  endpoint: string;
  /** Connections accepted so far. */
  readonly connections: number;
  stop(): Promise<void>;
}

/** Starts a proxy that forwards every connection to `target` (an `http://host:port` URL). */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  let connections = 0;
  const server = createServer((client) => {
    connections++;
    const upstream = connect(Number(port), hostname);
    listener.track(upstream);
    for (const socket of [client, upstream]) {
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listener = await listenOnLoopback(server);
  return {
    endpoint: listener.url,
    get connections() {
      return connections;
    },
    stop: listener.stop,
  };
}
