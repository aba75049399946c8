import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar } from './progress-bar.js';
import { terminalColors } from './terminal-colors.js';

function capture(isTTY: boolean): PassThrough & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120, text: () => chunks.join('') });
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return stream;
}

describe('createProgressBar', () => {
  it('draws counts, percentage and ETA on a terminal', async () => {
    const stream = capture(true);
    const bar = createProgressBar(stream, terminalColors(stream, { NO_COLOR: '1' }), 'embedding', 'chunks');
    bar.start(40);
    bar.update(10);
    bar.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.text()).toContain('10/40 chunks');
    expect(stream.text()).toContain('25%');
    expect(stream.text()).toContain('ETA');
  });

  it('writes nothing when stderr is not a terminal', async () => {
    const stream = capture(false);
    const bar = createProgressBar(stream, terminalColors(stream, {}), 'embedding', 'chunks');
    bar.start(40);
    bar.update(40);
    bar.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.text()).toBe('');
  });

  it('starts with an unknown rate and ETA instead of a made-up one', async () => {
    const stream = capture(true);
    const bar = createProgressBar(stream, terminalColors(stream, { NO_COLOR: '1' }), 'scanning', 'files');
    bar.start(40);
    bar.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.text()).toContain('0/40 files | 0% | --/s | ETA --');
  });

  it('prints a plain line after 1 s and then every 10 s when asked to and stderr is not a terminal', async () => {
    const stream = capture(false);
    let now = 0;
    const bar = createProgressBar(stream, terminalColors(stream, {}), 'embedding', 'chunks', { plainLines: true, now: () => now });
    bar.start(100);
    now = 500;
    bar.update(5);
    now = 1000;
    bar.update(10);
    now = 5000;
    bar.update(50);
    now = 11_000;
    bar.update(60);
    bar.stop();
    expect(stream.text()).toBe('embedding 10/100 chunks | 10/s | ETA 9s\nembedding 60/100 chunks | 5.0/s | ETA 8s\n');
  });
});
