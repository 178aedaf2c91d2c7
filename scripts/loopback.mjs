// Serving on a free loopback port, for the test servers (fake OIDC issuer, identity plugin, proxies).

/**
 * Starts `server` (a node:net or node:http server) on 127.0.0.1 at a free port and keeps track of
 * the sockets it accepts, so that `stop()` completes at once instead of waiting on keep-alive
 * connections (MinIO and undici both hold them open).
 * @param {import('node:net').Server} server
 */
export async function listenOnLoopback(server) {
  const sockets = new Set();
  const track = (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address();
  let stopping;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    track,
    stop() {
      stopping ??= new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return stopping;
    },
  };
}
