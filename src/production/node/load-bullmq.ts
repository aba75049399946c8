/**
 * Where a BullMQ queue lives: a `redis://` URL, or ioredis connection options
 * (`{ host, port, username, password, db, tls }`). BullMQ opens its own connections from it.
 */
export type RedisConnection = string | { host?: string; port?: number; username?: string; password?: string; db?: number; tls?: object; [option: string]: unknown };

type BullMQ = typeof import('bullmq');

/**
 * Imports `bullmq` (an optional dependency, loaded only by the distributed bulk job).
 * @throws Error naming the packages to install when it is missing.
 */
export async function loadBullMQ(): Promise<BullMQ> {
  try {
    return await import('bullmq');
  } catch (error) {
    throw new Error('The distributed bulk embedding job needs the optional packages bullmq and ioredis: npm install bullmq ioredis', { cause: error });
  }
}

/** BullMQ `connection` options for a {@link RedisConnection}: a URL becomes `{ url }`. */
export function bullConnection(connection: RedisConnection): { [option: string]: unknown } {
  return typeof connection === 'string' ? { url: connection } : connection;
}
