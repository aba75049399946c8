// A loopback server (child process) answering every POST with one fixed embedding body, so a benchmark
// measures only the client's CPU. Prints its URL on stdout.
import { createServer } from 'node:http';

const dimension = Number(process.env.BENCH_DIMENSION ?? 64);
const vector = Array.from({ length: dimension }, (_, index) => Math.sin(index + 1) / 10);
const native = JSON.stringify({ output: { embeddings: [{ text_index: 0, embedding: vector }] }, usage: { total_tokens: 3 }, request_id: 'bench' });
const compatible = JSON.stringify({ data: [{ embedding: vector, index: 0, object: 'embedding' }], model: 'text-embedding-v4', object: 'list', usage: { prompt_tokens: 3, total_tokens: 3 }, id: 'bench' });

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const body = request.url?.startsWith('/compatible-mode') ? compatible : native;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
process.on('message', (message) => {
  if (message === 'stop') server.close(() => process.exit(0));
});
