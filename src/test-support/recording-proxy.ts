import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedExchange {
  method: string;
  path: string;
  status: number | undefined;
  finished: boolean;
  clientLeftEarly: boolean;
}

export interface RecordingProxy {
  url: string;
  exchanges: ProxiedExchange[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const exchanges: ProxiedExchange[] = [];
  const server = createServer((incoming, outgoing) => {
    const exchange: ProxiedExchange = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', status: undefined, finished: false, clientLeftEarly: false };
    exchanges.push(exchange);
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
      exchange.status = response.statusCode;
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
      response.on('end', () => {
        exchange.finished = true;
      });
    });
    forward.on('error', () => outgoing.destroy());
    outgoing.on('close', () => {
      if (!exchange.finished) {
        exchange.clientLeftEarly = true;
        forward.destroy();
      }
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
