import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';

/** A listening serve app. */
export interface ServingApp {
  /** `http://host:port` with the real port (IPv6 hosts in brackets). */
  url: string;
  port: number;
  /** Stops accepting, closes every connection (aborting answers in flight) and resolves when closed. */
  close(): Promise<void>;
}

/**
 * Serves a hono app over HTTP/1.1 on Node (`@hono/node-server`). `port` 0 (the default) picks a free port;
 * `host` defaults to `127.0.0.1`. A request's `signal` aborts when its client disconnects.
 *
 * @throws the listen error (`EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL` in `code`).
 */
export async function serveApp(app: Hono, options: { host?: string | undefined; port?: number | undefined } = {}): Promise<ServingApp> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer({ keepAliveTimeout: 5_000 }, getRequestListener(app.fetch, { overrideGlobalObjects: false }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
