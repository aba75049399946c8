// Bench helper: runs the emulator's HTTP server (from dist/) in a child process, so its CPU is not the
// client's, and drives it through its admin paths. `startEmulator(options, execArgv?)` → { url, stats, log, reset,
// configure, close }. Run as a script (`node _emulator-process.mjs '<options json>'`) it is the child.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

if (process.argv[2] === 'serve') {
  const { createEmulator } = await import('../dist/emulator/index.js');
  const emulator = createEmulator(JSON.parse(process.argv[3] ?? '{}'));
  const server = await emulator.serve({ port: 0 });
  process.send({ url: server.url, seed: emulator.seed });
  process.on('message', async (message) => {
    if (message === 'close') {
      await server.close();
      process.exit(0);
    }
  });
}

export async function startEmulator(options = {}, execArgv = []) {
  const child = fork(fileURLToPath(import.meta.url), ['serve', JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const [{ url, seed }] = await once(child, 'message');
  const admin = async (path, body) => {
    const response = await fetch(`${url}/__emulator/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`emulator ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    url,
    seed,
    pid: child.pid,
    stats: () => admin('stats'),
    log: () => admin('log'),
    reset: () => admin('reset', {}),
    configure: (changes) => admin('config', changes),
    close: async () => {
      child.send('close');
      await once(child, 'exit');
    },
  };
}
