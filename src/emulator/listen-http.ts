import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening `node:http` server. */
export interface ListeningHttpServer {
  /** `http://host:port` with the real port (IPv6 hosts in brackets). */
  url: string;
  port: number;
  /** Stops accepting, closes idle connections at once and every other one on the next turn, and resolves when closed. */
  close(): Promise<void>;
}

/**
 * Listens with `listener` on `host`:`port` (0 picks a free port), keep-alive 5 s: the one way the emulator
 * and `serve` open their HTTP servers.
 *
 * @throws the listen error (`EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL` in `code`).
 */
export async function listenHttp(listener: RequestListener, host: string, port = 0): Promise<ListeningHttpServer> {
  const server = createServer({ keepAliveTimeout: 5_000 }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
        setImmediate(() => server.closeAllConnections());
      }),
  };
}
