/** Types for loopback.mjs. */
import type { Server } from 'node:net';
import type { Socket } from 'node:net';

export interface LoopbackListener {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Adds a socket (e.g. a proxy's upstream connection) for `stop()` to destroy. */
  track(socket: Socket): void;
  /** Closes the server and destroys every tracked socket; the same promise on every call. */
  stop(): Promise<void>;
}

/** Starts `server` on 127.0.0.1 at a free port. */
export declare function listenOnLoopback(server: Server): Promise<LoopbackListener>;
