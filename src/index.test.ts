import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
const built = new URL('../dist/index.js', import.meta.url).href;

const probe = `import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on('message', (url) => urls.push(url));
register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { const loaded = await next(url, context); port.postMessage(url); return loaded; }'), { data: { port: port2 }, transferList: [port2] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const zodModules = () => urls.filter((url) => url.includes('/node_modules/zod/')).length;
const { DashScope } = await import('${built}');
await settle();
const afterImport = zodModules();
new DashScope({ apiKey: 'sk-test-preload' });
await settle();
port1.close();
process.stdout.write(JSON.stringify({ afterImport, afterConstruct: zodModules() }));`;

let inputs: Metafile['inputs'];
beforeAll(async () => {
  const result = await build({ entryPoints: [entry], bundle: true, splitting: true, format: 'esm', platform: 'neutral', external: ['zod', 'node:*'], outdir: 'unused', write: false, metafile: true, logLevel: 'silent' });
  inputs = result.metafile.inputs;
});

function reached(kinds: ReadonlySet<string>): Set<string> {
  const start = Object.keys(inputs).find((path) => path.endsWith('src/index.ts'))!;
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    for (const edge of inputs[path]?.imports ?? []) {
      if (!kinds.has(edge.kind) || seen.has(edge.path)) continue;
      seen.add(edge.path);
      if (!edge.external) queue.push(edge.path);
    }
  }
  return seen;
}

describe('the root entry', () => {
  it('reaches zod through no static import, so importing it does not load zod', () => {
    expect(reached(new Set(['import-statement'])).has('zod')).toBe(false);
  });

  it('loads no zod module when imported, and starts loading zod once a client is constructed', () => {
    const counts = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })) as { afterImport: number; afterConstruct: number };
    expect(counts.afterImport).toBe(0);
    expect(counts.afterConstruct).toBeGreaterThan(10);
  });

  it('still reaches zod through the dynamic imports of its calls', () => {
    expect(reached(new Set(['import-statement', 'dynamic-import'])).has('zod')).toBe(true);
  });
});
