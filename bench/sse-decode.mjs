// SSE decode benchmark (goals G5 and G6 in reliability-and-performance.md section 8): our decoder
// (SSEDecoder from dist, build first with `npm run build`) against the SSE parsing of the
// `openai` npm package, on the same byte chunks delivered through the same kind of ReadableStream.
// Run: node bench/sse-decode.mjs   (writes bench/reports/sse-decode.md; a few minutes, most
// of it one run of openai on the 8 MiB event).
// The machine is shared, so the report gives the median and the best run of each measurement.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg } from 'node:os';
import { Stream, _iterSSEMessages } from 'openai/core/streaming';
import { SSEDecoder, decodeSSE, encodeSSE } from '../dist/index.js';
import { createSeededRandom as seededRandom } from '../dist/emulator/seeded-random.js';

const WARMUP_RUNS = 5;
const MEASURED_RUNS = 15;
const PASSES = 5;
const MIB = 1024 * 1024;
const encoder = new TextEncoder();

// Native-style chat stream modelled on chat-native-stream-text-incremental.sse (result_format=message,
// incremental_output=true): one delta per event, cumulative usage, the string "null" while generating.
const MIXED_WORDS = ['The', ' model', ' answers', ' in', ' small', ' deltas', ',', ' 1+1', '等于', '2。', ' Qwen', ' 通义千问', ' 😀', '\\n', ' \\"quoted\\"'];
const ENGLISH_WORDS = ['I am', ' a', ' large-scale', ' language model', ' from Alibaba', ' Cloud', ',', ' and my name', ' is Qwen', '.', '\\n', ' \\"quoted\\"'];
const CHINESE_WORDS = ['1+1', '等于', '2。', '我是', '通义千问', '，', '阿里云', '研发的', '超大规模', '语言模型', '。', '\\n'];

function chatStream(targetBytes, words = MIXED_WORDS) {
  const random = seededRandom(20260822);
  const requestId = '5b441aa7-0b9c-9fbc-ae0a-e2b212b71eac';
  const frames = [];
  let size = 0;
  let outputTokens = 0;
  while (size < targetBytes) {
    let delta = '';
    const pieces = 2 + Math.floor(random() * 5);
    for (let piece = 0; piece < pieces; piece++) delta += words[Math.floor(random() * words.length)];
    outputTokens += pieces;
    const data =
      `{"output":{"choices":[{"message":{"content":"${delta}","role":"assistant"},"finish_reason":"null"}]},` +
      `"usage":{"total_tokens":${16 + outputTokens},"output_tokens":${outputTokens},"input_tokens":16,` +
      `"prompt_tokens_details":{"cached_tokens":0}},"request_id":"${requestId}"}`;
    const frame = encodeSSE({ id: String(frames.length + 1), event: 'result', status: 200, data });
    frames.push(frame);
    size += encoder.encode(frame).length;
  }
  return { bytes: encoder.encode(frames.join('')), events: frames.length };
}

// One large event, like a base64 image in a multimodal response.
function largeEvent(dataBytes) {
  const prefix = '{"output":{"choices":[{"message":{"content":[{"image":"data:image/png;base64,';
  const suffix = '"}]}}]}}';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const random = seededRandom(dataBytes);
  let payload = '';
  const block = Array.from({ length: 4096 }, () => alphabet[Math.floor(random() * 64)]).join('');
  while (payload.length < dataBytes - prefix.length - suffix.length) payload += block;
  payload = payload.slice(0, dataBytes - prefix.length - suffix.length);
  return encoder.encode(encodeSSE({ id: '1', event: 'result', status: 200, data: prefix + payload + suffix }));
}

function split(bytes, size) {
  const chunks = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.slice(offset, offset + size));
  return chunks;
}

function streamOf(chunks) {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++]);
      else controller.close();
    },
  });
}

function responseOf(chunks) {
  return new Response(streamOf(chunks), { headers: { 'content-type': 'text/event-stream' } });
}

const FLOOR_READ = 'floor: ReadableStream reads only, no parsing';
const FLOOR_JSON = 'floor: JSON.parse of every event only, no SSE parsing';
const SYNC = 'SSEDecoder.push (sync)';
const OURS = 'decodeSSE (ReadableStream)';
const OPENAI = 'openai _iterSSEMessages / Stream.fromSSEResponse';

function countEvents(parseJSON) {
  return parseJSON ? (event) => (JSON.parse(event.data) ? 1 : 0) : () => 1;
}

const parsers = {
  [SYNC]: async (chunks, parseJSON) => {
    const decoder = new SSEDecoder();
    const count = countEvents(parseJSON);
    let events = 0;
    for (const chunk of chunks) for (const event of decoder.push(chunk)) events += count(event);
    for (const event of decoder.end()) events += count(event);
    return events;
  },
  [OURS]: async (chunks, parseJSON) => {
    const count = countEvents(parseJSON);
    let events = 0;
    for await (const event of decodeSSE(streamOf(chunks))) events += count(event);
    return events;
  },
  [OPENAI]: async (chunks, parseJSON) => {
    let events = 0;
    if (parseJSON) {
      for await (const data of Stream.fromSSEResponse(responseOf(chunks), new AbortController())) events += data ? 1 : 0;
    } else {
      for await (const _event of _iterSSEMessages(responseOf(chunks), new AbortController())) events++;
    }
    return events;
  },
};

async function readOnly(chunks) {
  const reader = streamOf(chunks).getReader();
  for (;;) if ((await reader.read()).done) return undefined;
}

// Measures the contenders in short blocks, cycling through them several times (passes), so a slow
// spell of this shared VM is spread over all contenders instead of ruining one. Each block starts with
// an untimed run that absorbs the GC debt left by the previous contender. (Forcing a GC between
// blocks made things worse: the concurrent sweeping it starts overlaps the next timed runs.)
// Returns per contender, in ms: median and best wall-clock time, and the median CPU time of this
// process (user + system, all threads), which waiting for a core does not inflate.
async function measureEach(contenders, { warmup = WARMUP_RUNS, runs = MEASURED_RUNS, passes = PASSES } = {}) {
  const median = (values) => values.sort((left, right) => left - right)[Math.floor(values.length / 2)];
  const entries = Object.entries(contenders);
  const samples = Object.fromEntries(entries.map(([name]) => [name, { wall: [], cpu: [] }]));
  const passCount = Math.min(passes, runs);
  for (let pass = 0; pass < passCount; pass++) {
    const timedRuns = Math.floor(runs / passCount) + (pass < runs % passCount ? 1 : 0);
    for (const [name, { run, expected }] of entries) {
      const untimed = pass === 0 ? warmup : 1;
      for (let round = 0; round < untimed + timedRuns; round++) {
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const result = await run();
        const elapsed = performance.now() - started;
        const used = process.cpuUsage(cpuBefore);
        if (expected !== undefined && result !== expected) throw new Error(`${name}: expected ${expected}, got ${result}`);
        if (round >= untimed) {
          samples[name].wall.push(elapsed);
          samples[name].cpu.push((used.user + used.system) / 1000);
        }
      }
    }
  }
  return Object.fromEntries(
    entries.map(([name]) => {
      const { wall, cpu } = samples[name];
      return [name, { median: median(wall), best: Math.min(...wall), cpu: median(cpu) }];
    }),
  );
}

const megabytesPerSecond = (bytes, milliseconds) => bytes / 1e6 / (milliseconds / 1e3);
const format = (value, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const load = () => loadavg().map((value) => value.toFixed(1)).join(' / ');
const rate = (bytes, { median, best }) =>
  `${format(megabytesPerSecond(bytes, median))} MB/s (best ${format(megabytesPerSecond(bytes, best))})`;

const lines = [];
const out = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

const openaiVersion = JSON.parse(
  readFileSync(new URL('../node_modules/openai/package.json', import.meta.url), 'utf8'),
).version;
const loadAtStart = load();
out('# SSE decode benchmark');
out();
out(`Run ${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'} · openai ${openaiVersion}`);
out();
out(
  `Command: \`node bench/sse-decode.mjs\` after \`npm run build\`. Each cell: wall-clock median of ` +
    `${MEASURED_RUNS} runs after ${WARMUP_RUNS} warm-up runs, and in brackets the best run. The runs of one table ` +
    `group are taken in ${PASSES} passes over its contenders (blocks of ${MEASURED_RUNS / PASSES} timed runs after one ` +
    `untimed run), so slow spells of this shared VM hit all contenders. MB = 10^6 bytes. Chunks are pre-split \`Uint8Array\`s. "${SYNC}" feeds the decoder directly ` +
    `(the parser's own cost, comparable to callback parsers such as eventsource-parser). "${OURS}" and openai read ` +
    `the same chunks through a \`ReadableStream\` (openai needs a \`Response\`, so it gets one wrapping the same kind of ` +
    `stream). openai without JSON is \`_iterSSEMessages\`; with JSON it is \`Stream.fromSSEResponse\`, which always ` +
    `parses. The floor rows measure what no parser can avoid: reading the stream, or JSON.parse alone. ` +
    `Load average (1/5/15 min) at start: ${loadAtStart}; process priority (nice): ${getPriority()}.`,
);

const chat = chatStream(1.1e6);
const chatDecoder = new SSEDecoder();
const chatData = [...chatDecoder.push(chat.bytes), ...chatDecoder.end()].map((event) => event.data);
out();
out(
  `## Throughput: native chat stream, ${format(chat.bytes.length / 1e6, 2)} MB, ${chat.events} events ` +
    `(${format(chat.bytes.length / chat.events)} B/event; deltas mix English, Chinese and emoji)`,
);
out();
out('| parser | JSON.parse | 64 B chunks | 1 460 B chunks | 16 KiB chunks |');
out('|---|---|---|---|---|');
const chunkSizes = [64, 1460, 16 * 1024];
const results = {};
for (const size of chunkSizes) {
  const chunks = split(chat.bytes, size);
  for (const parseJSON of [false, true]) {
    const contenders = Object.fromEntries(
      Object.entries(parsers).map(([name, parser]) => [name, { run: () => parser(chunks, parseJSON), expected: chat.events }]),
    );
    if (!parseJSON) contenders[FLOOR_READ] = { run: () => readOnly(chunks) };
    else contenders[FLOOR_JSON] = { run: async () => chatData.reduce((events, data) => events + (JSON.parse(data) ? 1 : 0), 0), expected: chatData.length };
    for (const [name, timing] of Object.entries(await measureEach(contenders))) results[`${name}|${parseJSON}|${size}`] = timing;
  }
}
for (const [name, parseJSON] of [
  [FLOOR_READ, false],
  [SYNC, false],
  [OURS, false],
  [OPENAI, false],
  [FLOOR_JSON, true],
  [SYNC, true],
  [OURS, true],
  [OPENAI, true],
]) {
  const cells = chunkSizes.map((size) => rate(chat.bytes.length, results[`${name}|${parseJSON}|${size}`]));
  out(`| ${name} | ${parseJSON ? 'yes' : 'no'} | ${cells.join(' | ')} |`);
}
const speedUp = (name, parseJSON) =>
  chunkSizes
    .map((size) => `${format(results[`${OPENAI}|${parseJSON}|${size}`].median / results[`${name}|${parseJSON}|${size}`].median, 1)}×`)
    .join(' | ');
out();
out('| speed-up over openai (ratio of medians) | JSON.parse | 64 B | 1 460 B | 16 KiB |');
out('|---|---|---|---|---|');
for (const parseJSON of [false, true]) {
  out(`| ${OURS}, same ReadableStream plumbing | ${parseJSON ? 'yes' : 'no'} | ${speedUp(OURS, parseJSON)} |`);
  out(`| ${SYNC} | ${parseJSON ? 'yes' : 'no'} | ${speedUp(SYNC, parseJSON)} |`);
}

out();
out('## Content sensitivity: same stream shape, 1 460 B chunks, no JSON.parse');
out();
out(
  'UTF-8 decoding (`TextDecoder`, once per data line) is the largest single cost of our decoder. On Node 20 a line ' +
    'that contains any non-ASCII byte decodes about 4× slower than an all-ASCII line of the same length, so ' +
    'throughput depends on the language of the deltas.',
);
out();
out(`| stream | ${SYNC} | ${OURS} | openai _iterSSEMessages |`);
out('|---|---|---|---|');
for (const [label, words] of [
  ['English deltas (like chat-compatible-stream-include-usage.sse)', ENGLISH_WORDS],
  ['mixed deltas (the stream above)', MIXED_WORDS],
  ['Chinese deltas (like chat-native-stream-text-incremental.sse)', CHINESE_WORDS],
]) {
  const stream = chatStream(1.1e6, words);
  const chunks = split(stream.bytes, 1460);
  const timings = await measureEach(
    Object.fromEntries([SYNC, OURS, OPENAI].map((name) => [name, { run: () => parsers[name](chunks, false), expected: stream.events }])),
  );
  out(`| ${label}, ${format(stream.bytes.length / 1e6, 2)} MB | ${[SYNC, OURS, OPENAI].map((name) => rate(stream.bytes.length, timings[name])).join(' | ')} |`);
}

out();
out('## Linearity: one large event');
out();
const eventOneMiB = largeEvent(MIB);
const eventEightMiB = largeEvent(8 * MIB);
const event16KiB = largeEvent(16 * 1024);
const workloads = [
  { label: '1 MiB event, 1 460 B chunks', input: eventOneMiB, chunks: split(eventOneMiB, 1460) },
  { label: '8 MiB event, 1 460 B chunks', input: eventEightMiB, chunks: split(eventEightMiB, 1460) },
  { label: '16 KiB event, 1 B chunks', input: event16KiB, chunks: split(event16KiB, 1) },
];
const largeTimes = {};
for (const workload of workloads) {
  const contenders = {
    [FLOOR_READ]: { run: () => readOnly(workload.chunks) },
    [SYNC]: { run: () => parsers[SYNC](workload.chunks, false), expected: 1 },
    [OURS]: { run: () => parsers[OURS](workload.chunks, false), expected: 1 },
  };
  for (const [name, timing] of Object.entries(await measureEach(contenders))) largeTimes[`${name}|${workload.label}`] = timing;
  const eightMiB = workload.input === eventEightMiB;
  const openai = await measureEach(
    { [OPENAI]: { run: () => parsers[OPENAI](workload.chunks, false), expected: 1 } },
    eightMiB ? { warmup: 0, runs: 1 } : { warmup: 1, runs: 3 },
  );
  largeTimes[`${OPENAI}|${workload.label}`] = { ...openai[OPENAI], note: eightMiB ? '1 run' : 'median of 3' };
}
const milliseconds = ({ median, best, note }) =>
  note ? `${format(median, 1)} ms (${note})` : `${format(median, 1)} ms (best ${format(best, 1)})`;
out(`| parser | ${workloads.map((workload) => workload.label).join(' | ')} | t(8 MiB) / t(1 MiB), medians |`);
out(`|---|${workloads.map(() => '---|').join('')}---|`);
for (const name of [FLOOR_READ, SYNC, OURS, OPENAI]) {
  const timings = workloads.map((workload) => largeTimes[`${name}|${workload.label}`]);
  out(`| ${name} | ${timings.map(milliseconds).join(' | ')} | ${format(timings[1].median / timings[0].median, 1)} |`);
}

const counters = (chunks) => {
  const decoder = new SSEDecoder();
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return decoder.stats();
};
const stats = workloads.map((workload) => counters(workload.chunks));
out();
out(
  `Work counters (\`SSEDecoder.stats()\`): ${workloads
    .map(
      (workload, index) =>
        `${workload.label}: scanned ${format(stats[index].bytesScanned / workload.input.length, 2)}×, ` +
        `copied ${format(stats[index].bytesCopied / workload.input.length, 2)}× its size`,
    )
    .join('; ')}.`,
);

const verdict = (ok) => (ok ? 'met' : '**missed**');
out();
out('## Targets (reliability-and-performance.md section 8)');
out();
out('Judged on wall-clock medians. The CPU-time column is the same median measured on process CPU time instead, ');
out('i.e. without the time spent waiting for a core on this shared machine; it is context, not the verdict.');
out();
out(`| goal | ${SYNC} | ${OURS} | same, on CPU time (${SYNC} / ${OURS}) |`);
out('|---|---|---|---|');
for (const [label, floor, parseJSON, size] of [
  ['G5 ≥ 200 MB/s at 1 460 B chunks, no JSON', 200, false, 1460],
  ['G5 ≥ 100 MB/s at 64 B chunks, no JSON', 100, false, 64],
  ['G5 ≥ 100 MB/s with JSON.parse, 1 460 B chunks', 100, true, 1460],
]) {
  const timings = [SYNC, OURS].map((name) => results[`${name}|${parseJSON}|${size}`]);
  const wall = timings.map(({ median }) => megabytesPerSecond(chat.bytes.length, median));
  const cpu = timings.map((timing) => `${format(megabytesPerSecond(chat.bytes.length, timing.cpu))} MB/s`);
  out(`| ${label} | ${wall.map((value) => `${format(value)} MB/s, ${verdict(value >= floor)}`).join(' | ')} | ${cpu.join(' / ')} |`);
}
for (const [label, value, ceiling, unit] of [
  ['G6 8 MiB event in 1 460 B chunks ≤ 100 ms', (timing) => timing[1], 100, ' ms'],
  ['G6 t(8 MiB) / t(1 MiB) ≤ 10', (timing) => timing[1] / timing[0], 10, ''],
  ['G6 16 KiB event in 1 B chunks ≤ 20 ms', (timing) => timing[2], 20, ' ms'],
]) {
  const wall = [SYNC, OURS].map((name) => value(workloads.map((workload) => largeTimes[`${name}|${workload.label}`].median)));
  const cpu = [SYNC, OURS].map((name) => value(workloads.map((workload) => largeTimes[`${name}|${workload.label}`].cpu)));
  out(
    `| ${label} | ${wall.map((result) => `${format(result, 1)}${unit}, ${verdict(result <= ceiling)}`).join(' | ')} | ` +
      `${cpu.map((result) => `${format(result, 1)}${unit}`).join(' / ')} |`,
  );
}
const copiesWithinBound = stats.every((counter, index) => counter.bytesCopied <= 4 * workloads[index].input.length);
out(`| G6 bytes copied ≤ 4× input | ${verdict(copiesWithinBound)} (counters above) | same decoder | |`);

const mbps = (name, parseJSON, size) => megabytesPerSecond(chat.bytes.length, results[`${name}|${parseJSON}|${size}`].median);
const bestMbps = (name, parseJSON, size) => megabytesPerSecond(chat.bytes.length, results[`${name}|${parseJSON}|${size}`].best);
const readFloor64 = mbps(FLOOR_READ, false, 64);
const jsonFloor = mbps(FLOOR_JSON, true, 1460);
const neededParse = jsonFloor > 100 ? 1 / (1 / 100 - 1 / jsonFloor) : Infinity;
out();
out('## Where the time goes (computed from this run)');
out();
out(
  `- Plumbing: at 64 B chunks, reading the \`ReadableStream\` alone runs at ${format(readFloor64)} MB/s ` +
    `(${format(results[`${FLOOR_READ}|false|64`].median / (chat.bytes.length / 64) * 1000, 2)} µs per read), so ` +
    `${readFloor64 < 100 ? 'no parser behind a `ReadableStream` can reach 100 MB/s at that chunk size on this machine; the goal can only be met by the parser itself (sync row)' : 'the stream itself leaves room for 100 MB/s'}. ` +
    `Likewise the 16 KiB event in 1 B chunks costs ${format(largeTimes[`${FLOOR_READ}|${workloads[2].label}`].median, 1)} ms in ` +
    `${workloads[2].chunks.length} reads alone (linearity table), against ${format(largeTimes[`${SYNC}|${workloads[2].label}`].median, 1)} ms ` +
    `for the decoder itself. Real fetch bodies arrive in socket-sized chunks (kilobytes), not 64 B or 1 B.`,
);
{
  const total = results[`${OURS}|false|1460`].median;
  const parse = results[`${SYNC}|false|1460`].median;
  const reads = results[`${FLOOR_READ}|false|1460`].median;
  const budget = chat.bytes.length / 1e6 / 200 * 1000;
  out(
    `- decodeSSE at 1 460 B chunks: ${format(total, 2)} ms = parsing ${format(parse, 2)} ms (the sync row) + stream reads ` +
      `${format(reads, 2)} ms (the floor row) + ${format(Math.max(0, total - parse - reads), 2)} ms of async-generator ` +
      `and promise plumbing for ${chat.events} yielded events. 200 MB/s means ${format(budget, 2)} ms for this stream` +
      (total > budget
        ? `, so the target needs the parse itself to take ≤ ${format(Math.max(0, budget - reads - (total - parse - reads)), 2)} ms with the same plumbing. ` +
          'On English deltas (content-sensitivity table) the same pipeline is faster because UTF-8 decoding is cheaper.'
        : '.'),
  );
}
out(
  `- JSON.parse alone runs at ${format(jsonFloor)} MB/s on these events. Parsing plus JSON.parse at ≥ 100 MB/s needs ` +
    (Number.isFinite(neededParse)
      ? `the SSE parse to run at ≥ ${format(neededParse)} MB/s; `
      : 'an SSE parse that takes no time at all, which is impossible; ') +
    `our sync decoder did ${format(mbps(SYNC, false, 1460))} MB/s (best ${format(bestMbps(SYNC, false, 1460))}). ` +
    `Measured together they took ${format(results[`${SYNC}|true|1460`].median, 2)} ms against ` +
    `${format(results[`${SYNC}|false|1460`].median + results[`${FLOOR_JSON}|true|1460`].median, 2)} ms for the two ` +
    `measured apart: the floor re-parses the same strings every run, while the combined run parses freshly decoded ` +
    `ones, which JSON.parse handles more slowly (about 12 vs 9 ms per run in a --cpu-prof check). Either way JSON.parse ` +
    `is the larger share, so the JSON goal is bounded by V8's JSON.parse on this machine more than by the SSE parser.`,
);
out(
  `- UTF-8: decoding is done once per data line with \`TextDecoder\`; the content-sensitivity table shows the cost of ` +
    `non-ASCII text (Node 20 decodes a line containing any non-ASCII byte several times slower). Chunk-boundary-safe ` +
    `decoding of complete lines cannot avoid this cost; openai's LineDecoder pays it too.`,
);
out(
  `- Linearity: the work counters are the same multiple of the input for 1 MiB and 8 MiB (scan ` +
    `${format(Math.max(...stats.map((counter, index) => counter.bytesScanned / workloads[index].input.length)), 2)}× at most, copy ` +
    `${format(Math.max(...stats.map((counter, index) => counter.bytesCopied / workloads[index].input.length)), 2)}× at most), so ` +
    `the decoder is linear and the time ratio follows the size (8×), not its square (64×); deviations from 8 come ` +
    `from caches, page faults and load (the read-only floor itself shows t(8 MiB)/t(1 MiB) = ` +
    `${format(largeTimes[`${FLOOR_READ}|${workloads[1].label}`].median / largeTimes[`${FLOOR_READ}|${workloads[0].label}`].median, 1)}). ` +
    `openai 6.49.0 copies its whole buffer on every chunk, hence its ${format(largeTimes[`${OPENAI}|${workloads[1].label}`].median / 1000, 1)} s for 8 MiB.`,
);
out(
  `- Noise: the load average (1/5/15 min) was ${loadAtStart} at start and ${load()} at end on ${cpus().length} cores` +
    (Math.max(loadavg()[0], Number.parseFloat(loadAtStart)) > cpus().length
      ? ', i.e. more runnable processes than cores (this VM is shared). Medians are therefore pessimistic; the best ' +
        'runs (in brackets) approximate an idle machine.'
      : '; other work shares this VM, so the best runs (in brackets) are closer to an idle machine than the medians.') +
    ' A negative nice value above means the run was started with `nice -n <value>` to get a core ahead of other ' +
    'work on the VM.',
);

out();
out('## Profiling notes (development measurements, not re-measured by this script)');
out();
out(
  '- `node --cpu-prof` on the sync decoder over the mixed stream: `TextDecoder.decode` is ~40 % of the time, the line ' +
    'loop and field parsing ~45 %, buffer appends ~3 %, GC ~4 %. A 290-byte JSON line decodes in ~0.2 µs when ASCII ' +
    'and ~0.8-0.9 µs with a single CJK character (`fatal` or BOM options make no difference; a pure-JS UTF-8 ' +
    'decoder was ~3× slower than `TextDecoder`).',
);
out(
  '- Line-end search: two `TypedArray.indexOf` calls per line (LF, then CR) cost ~1/6 of the time; testing 32-bit ' +
    'words for either byte in one pass made the decoder ~20 % faster at 1 460 B chunks and ~50 % faster at 64 B, and ' +
    'cut bytes scanned from 2× to 1× the input.',
);
out(
  '- Run-to-run spread: fourteen full runs on 2026-11-22, the committed one included (same decoder, harness refined ' +
    'between runs, load average 0.7 to 6.3), gave medians at 1 460 B chunks, mixed stream, of 112-331 MB/s for the ' +
    'sync decoder (≥ 200 in 7 of 14 runs) and 72-234 MB/s for decodeSSE (≥ 200 in 3 of 14, all at load average ' +
    '≤ 1.4; typical ~135). A single run of this report is good to about a factor of 1.5 either way.',
);
out(
  '- `decodeSSE` is an `async function*`. A hand-written async iterator over the same decoder used ~11 % less CPU at ' +
    '1 460 B chunks (6.95 vs 7.83 ms per 1.1 MB, same-process A/B, under load); the generator stays because it is ' +
    'simpler and its cleanup on `break`/`return` is guaranteed by the language.',
);

mkdirSync(new URL('./reports/', import.meta.url), { recursive: true });
writeFileSync(new URL('./reports/sse-decode.md', import.meta.url), `${lines.join('\n')}\n`);
