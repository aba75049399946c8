import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

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

  it('still reaches zod through the dynamic imports of its calls', () => {
    expect(reached(new Set(['import-statement', 'dynamic-import'])).has('zod')).toBe(true);
  });
});
