import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Outcome } from './response-plan.js';
import { sleep } from './sleep.js';
import { listenHttp } from './listen-http.js';

/** Where and how {@link serveEmulator} listens. */
export interface ServeOptions {
  /** TCP port; 0 (the default) picks a free one, reported in `url`. */
  port?: number;
  /** Bind address, default `127.0.0.1`. */
  host?: string;
  /** Required (true) to bind anything but a loopback address: the emulator accepts any key. */
  allowNonLoopback?: boolean;
}

/** A listening emulator server. */
export interface EmulatorServer {
  /** `http://host:port` with the real port. */
  url: string;
  port: number;
  /** Stops accepting, ends idle keep-alive connections, destroys the rest, and resolves when closed. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function reset(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

async function write(outcome: Outcome, incoming: IncomingMessage, outgoing: ServerResponse, closed: AbortSignal): Promise<void> {
  const socket = incoming.socket;
  if (outcome.kind === 'reset-before-headers') return reset(socket);
  if (outcome.kind === 'empty-response') {
    socket.end();
    return;
  }
  const { plan } = outcome;
  const [only] = plan.steps;
  if (plan.ending === 'end' && plan.steps.length === 1 && typeof only === 'string' && !('content-length' in plan.headers)) {
    outgoing.writeHead(plan.status, { ...plan.headers, 'content-length': String(Buffer.byteLength(only)) });
    outgoing.end(only);
    return;
  }
  outgoing.writeHead(plan.status, plan.headers);
  outgoing.flushHeaders();
  for (const step of plan.steps) {
    if (closed.aborted) return;
    if (typeof step === 'number') {
      await sleep(step, closed).catch(() => undefined);
      continue;
    }
    if (!outgoing.write(step)) await new Promise<void>((resolve) => {
      const done = () => {
        outgoing.off('drain', done);
        closed.removeEventListener('abort', done);
        resolve();
      };
      outgoing.once('drain', done);
      closed.addEventListener('abort', done, { once: true });
    });
  }
  if (closed.aborted) return;
  if (plan.ending === 'reset') {
    await new Promise<void>((resolve) => setImmediate(resolve));
    reset(socket);
  } else outgoing.end();
}

/**
 * Serves an emulator's request handler over HTTP/1.1 with `@hono/node-server` (Node only). The
 * handler's outcomes are written to the socket directly so faults are real: `reset-before-headers`
 * and `reset-mid-body` send a TCP RST (`socket.resetAndDestroy()`), `empty-response` closes the
 * connection cleanly without a byte, pauses hold the connection open. Closing the client side aborts
 * latency and stalls. Single-chunk bodies get a `content-length`, so keep-alive clients reuse
 * connections.
 *
 * @throws Error when `host` is not loopback and `allowNonLoopback` is not set, or when listening fails.
 */
export async function serveEmulator(
  handle: (request: Request, signal?: AbortSignal) => Promise<Outcome>,
  options: ServeOptions = {},
): Promise<EmulatorServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !options.allowNonLoopback) {
    throw new Error(`refusing to bind the emulator to ${host}: it accepts any API key; pass allowNonLoopback: true to do it anyway`);
  }
  const listener = getRequestListener(
    async (request, env) => {
      const { incoming, outgoing } = env as { incoming: IncomingMessage; outgoing: ServerResponse };
      const closed = new AbortController();
      const onClose = () => {
        if (!outgoing.writableFinished) closed.abort(new Error('client closed the connection'));
      };
      outgoing.once('close', onClose);
      try {
        const outcome = await handle(request, closed.signal);
        await write(outcome, incoming, outgoing, closed.signal);
      } catch (error) {
        if (!closed.signal.aborted) {
          if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
          outgoing.end(`emulator failure: ${(error as Error).message}`);
        }
      }
      return new Response(null, { headers: { 'x-hono-already-sent': '1' } });
    },
    { overrideGlobalObjects: false },
  );
  return listenHttp(listener, host, options.port ?? 0);
}
