import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { listenHttp, type ListeningHttpServer } from '../emulator/listen-http.js';

/** A listening serve app: `url`, `port`, and `close()`, which stops accepting and closes every connection (aborting answers in flight). */
export type ServingApp = ListeningHttpServer;

/**
 * Serves a hono app over HTTP/1.1 on Node (`@hono/node-server`). `port` 0 (the default) picks a free port;
 * `host` defaults to `127.0.0.1`. A request's `signal` aborts when its client disconnects.
 *
 * @throws the listen error (`EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL` in `code`).
 */
export async function serveApp(app: Hono, options: { host?: string | undefined; port?: number | undefined } = {}): Promise<ServingApp> {
  return listenHttp(getRequestListener(app.fetch, { overrideGlobalObjects: false }), options.host ?? '127.0.0.1', options.port ?? 0);
}
