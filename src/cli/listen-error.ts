import { UsageError } from './cli-errors.js';

/**
 * The usage error (exit 2) for a server that could not listen: port taken (`EADDRINUSE`), not allowed
 * (`EACCES`), or an address this machine does not have (`EADDRNOTAVAIL`); any other error unchanged.
 */
export function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new UsageError(`Port ${port} on ${host} is already in use.`, 'Stop whatever listens there, or pass another --port (0 picks a free one).');
  if (code === 'EACCES') return new UsageError(`Not allowed to listen on port ${port} on ${host}.`, 'Ports below 1024 need privileges: pass --port 8787, or 0 to pick a free one.');
  if (code === 'EADDRNOTAVAIL') return new UsageError(`${host} is not an address of this machine.`, 'Pass --host 127.0.0.1, or an address this machine has.');
  return error;
}
