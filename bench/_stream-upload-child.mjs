// Bench helper: uploads BYTES of generated JSONL (1 MiB chunks) to the emulator at <url>, either through
// uploadFileFromStream with Node's fetch (mode "stream") or with createStreamingUploadFetch (mode "streaming-fetch"),
// or by collecting the chunks into one Buffer first (mode "buffered"),
// and prints one JSON line: the RSS before generating, the process's peak RSS (kernel maxRSS) and the file object.
// argv: <emulator url> <mode> <bytes>.
import { Readable } from 'node:stream';
import { DashScope } from '../dist/index.js';
import { createStreamingUploadFetch, uploadFileFromStream } from '../dist/production/node/index.js';

const [url, mode, total] = process.argv.slice(2);
const BYTES = Number(total);
const line = `{"custom_id":"r","method":"POST","url":"/v1/embeddings","body":{"model":"text-embedding-v4","input":"${'x'.repeat(100)}"}}\n`;
const chunk = Buffer.from(line.repeat(Math.ceil((1 << 20) / line.length)).slice(0, 1 << 20));
function* chunks() {
  for (let sent = 0; sent < BYTES; sent += chunk.length) yield Buffer.from(chunk);
}
const client = new DashScope({ apiKey: 'sk-test-bench-stream', baseURL: url, timeout: 600_000, maxRetries: 0, ...(mode === 'streaming-fetch' ? { fetch: createStreamingUploadFetch() } : {}) });
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
const started = performance.now();
const file =
  mode !== 'buffered'
    ? await uploadFileFromStream(client, Readable.from(chunks()), { purpose: 'batch', filename: 'stream.jsonl' })
    : await client.files.create({ file: new Uint8Array(Buffer.concat([...chunks()])), purpose: 'batch', filename: 'buffered.jsonl' });
process.stdout.write(`${JSON.stringify({ mode, baseline, peakRss: process.resourceUsage().maxRSS * 1024, wallMs: performance.now() - started, bytes: file.bytes })}\n`);
