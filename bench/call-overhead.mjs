// Per-call CPU overhead of the SDK versus raw fetch and the openai package, on loopback against a server
// in another process (so process.cpuUsage() is the client's alone). Goal G8: ≤ 100 µs CPU per call over
// raw fetch, and ≥ 80 % of raw fetch throughput at concurrency 16.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import OpenAI from 'openai';
import { DashScope } from '../dist/index.js';
import { writeReport, machine } from './report.mjs';

const DIMENSION = 64;
const SEQUENTIAL_CALLS = 2_000;
const CONCURRENT_CALLS = 4_000;
const CONCURRENCY = 16;
const RUNS = 5;

const server = fork(new URL('./fixed-response-server.mjs', import.meta.url), { env: { ...process.env, BENCH_DIMENSION: String(DIMENSION) }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const [line] = await once(server.stdout, 'data');
const url = String(line).trim();

const key = 'sk-test-bench';
const dashscope = new DashScope({ apiKey: key, baseURL: url, maxRetries: 0 });
const openai = new OpenAI({ apiKey: key, baseURL: `${url}/compatible-mode/v1`, maxRetries: 0 });

const contenders = {
  'raw fetch (native body)': async () => {
    const response = await fetch(`${url}/api/v1/services/embeddings/text-embedding/text-embedding`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-v4', input: { texts: ['hello world'] }, parameters: { dimension: DIMENSION } }),
    });
    const body = await response.json();
    return body.output.embeddings[0].embedding.length;
  },
  'dashscope-kit native': async () => {
    const result = await dashscope.embeddings.create({ model: 'text-embedding-v4', input: 'hello world', dimension: DIMENSION });
    return result.embeddings[0].embedding.length;
  },
  'dashscope-kit compatible': async () => {
    const result = await dashscope.embeddings.create({ model: 'text-embedding-v4', input: 'hello world', dimension: DIMENSION, protocol: 'compatible' });
    return result.embeddings[0].embedding.length;
  },
  'openai 6 embeddings.create': async () => {
    const result = await openai.embeddings.create({ model: 'text-embedding-v4', input: 'hello world', dimensions: DIMENSION, encoding_format: 'float' });
    return result.data[0].embedding.length;
  },
};

async function sequential(call) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < SEQUENTIAL_CALLS; index++) if ((await call()) !== DIMENSION) throw new Error('wrong result');
  const used = process.cpuUsage(cpu);
  return { cpuMicros: (used.user + used.system) / SEQUENTIAL_CALLS, wallMs: performance.now() - started };
}

async function concurrent(call) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CONCURRENT_CALLS) {
        next++;
        await call();
      }
    }),
  );
  return CONCURRENT_CALLS / ((performance.now() - started) / 1000);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = {};
for (const name of Object.keys(contenders)) results[name] = { cpu: [], rps: [] };
for (const call of Object.values(contenders)) for (let warm = 0; warm < 300; warm++) await call();
for (let run = 0; run < RUNS; run++) {
  for (const [name, call] of Object.entries(contenders)) {
    results[name].cpu.push((await sequential(call)).cpuMicros);
    results[name].rps.push(await concurrent(call));
  }
}
server.send('stop');

const raw = results['raw fetch (native body)'];
const rawCpu = median(raw.cpu);
const rawRps = median(raw.rps);
const rows = Object.entries(results).map(([name, { cpu, rps }]) => {
  const cpuMedian = median(cpu);
  const rpsMedian = median(rps);
  return `| ${name} | ${cpuMedian.toFixed(0)} | ${(cpuMedian - rawCpu).toFixed(0)} | ${rpsMedian.toFixed(0)} | ${((rpsMedian / rawRps) * 100).toFixed(0)} % |`;
});
const sdkOverhead = median(results['dashscope-kit native'].cpu) - rawCpu;
const sdkShare = median(results['dashscope-kit native'].rps) / rawRps;
const report = `# Per-call overhead versus raw fetch (G8)

${machine()}

Loopback server in a separate process returning one ${DIMENSION}-dimension embedding; client CPU from
\`process.cpuUsage()\` over ${SEQUENTIAL_CALLS} sequential calls; throughput over ${CONCURRENT_CALLS} calls at
concurrency ${CONCURRENCY}; median of ${RUNS} runs after 300 warm-up calls each.

| client | CPU µs/call | over raw fetch (µs) | calls/s @${CONCURRENCY} | of raw fetch |
|---|---|---|---|---|
${rows.join('\n')}

Targets: ≤ 100 µs CPU per call over raw fetch → **${sdkOverhead.toFixed(0)} µs** (${sdkOverhead <= 100 ? 'met' : 'missed'});
≥ 80 % of raw fetch throughput → **${(sdkShare * 100).toFixed(0)} %** (${sdkShare >= 0.8 ? 'met' : 'missed'}).
`;
writeReport('call-overhead.md', report);
