import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { APIUserAbortError } from '../../core/errors.js';
import { readBatchResults } from '../../resources/batches/read-batch-results.js';
import { BATCH_ENDPOINTS, BATCH_STATUSES, type Batch, type BatchEndpoint, type BatchStatus } from '../../wire/batches.js';
import { readLines } from '../../production/node/read-bulk-input.js';
import type { CliContext } from '../cli-context.js';
import { InterruptedError, LocalFileError, UsageError } from '../cli-errors.js';
import { integerOption } from '../parse-number-option.js';
import { renderTable } from '../render-table.js';
import { writeJson } from '../write-json.js';

function counts(batch: Batch): string {
  const c = batch.request_counts;
  return c ? `${c.completed}/${c.total} done, ${c.failed} failed` : '—';
}

function summary(batch: Batch): string {
  const files = [batch.output_file_id ? `output ${batch.output_file_id}` : '', batch.error_file_id ? `errors ${batch.error_file_id}` : ''].filter(Boolean).join(', ');
  const errors = (batch.errors?.data ?? []).map((error) => `\n  ${error.code ?? 'error'}${error.line ? ` (line ${error.line})` : ''}: ${error.message ?? ''}`).join('');
  return `${batch.id} ${batch.status} ${batch.endpoint}: ${counts(batch)}${files ? `; ${files}` : ''}${errors}\n`;
}

/** The endpoint named by the first line's `url` of a batch input file. */
async function endpointOf(path: string): Promise<BatchEndpoint> {
  for await (const line of readLines(path)) {
    if (line.trim() === '') continue;
    let url: unknown;
    try {
      url = (JSON.parse(line) as { url?: unknown }).url;
    } catch {
      throw new UsageError(`${path} line 1 is not JSON: a batch input file is JSONL {"custom_id","method","url","body"}.`, 'Write it with buildBatchInput(), or fix the line.');
    }
    if (typeof url === 'string' && (BATCH_ENDPOINTS as readonly string[]).includes(url)) return url as BatchEndpoint;
    throw new UsageError(`${path} line 1 has url ${JSON.stringify(url)}, not one of ${BATCH_ENDPOINTS.join(', ')}.`, 'Pass --endpoint, or fix the lines\' "url".');
  }
  throw new UsageError(`${path} is empty.`, 'A batch needs at least one request line.');
}

async function waitFor(context: CliContext, id: string): Promise<Batch> {
  const client = await context.client();
  try {
    return await client.batches.wait(id, {
      signal: context.io.signal,
      onProgress: (batch) => context.io.stderr.write(`${batch.status}: ${counts(batch)}\n`),
    });
  } catch (error) {
    if (error instanceof APIUserAbortError) throw new InterruptedError(`Stopped waiting; batch ${id} keeps running.`, `dashscope-kit batch status ${id} --wait`);
    throw error;
  }
}

/**
 * `dashscope-kit batch`: the Batch API from the shell (50 % of the real-time price;
 * https://docs.qwencloud.com/developer-guides/text-generation/batch).
 * - `create <file>`: uploads a JSONL input file (streamed from disk) and submits it; the endpoint is read
 *   from the first line's `url` unless `--endpoint` is given; `--wait` polls until it ends.
 * - `status <id>` (`--wait`), `list` (`--status`, `--limit`), `cancel <id>`.
 * - `results <id>`: the output and error files joined by `custom_id`, one JSON line per request
 *   `{"custom_id","ok","status_code","body"|"error"}`; `--json` prints `{ batch, results }` as one document.
 * Every subcommand prints the batch object(s) as JSON with `--json`. Offline (no key), the built-in
 * emulator lives for one command only, so use `DASHSCOPE_BASE_URL` of a `dashscope-kit emulator` to
 * follow a batch across commands.
 * @throws UsageError for a file that is not a batch input (exit 2); LocalFileError for a missing file (exit 7);
 *   InterruptedError when Ctrl-C stops a wait; SDK errors (NotFoundError for an unknown id, BatchFailedError).
 */
export function registerBatchCommand(program: Command, context: CliContext): void {
  const batch = program.command('batch').description('Run JSONL files of chat or embedding requests on the Batch API at half price');
  batch
    .command('create <file>')
    .description('Upload a batch input JSONL and submit it')
    .addOption(new Option('-e, --endpoint <path>', 'endpoint of every line (default: the first line\'s url)').choices([...BATCH_ENDPOINTS]))
    .option('-w, --window <window>', 'completion window: 24h–336h or 1d–14d', '24h')
    .option('-n, --name <name>', 'metadata ds_name (≤ 100 characters)')
    .option('--wait', 'poll until the batch ends (progress on stderr)')
    .option('--json', 'print the batch object as JSON')
    .action(async (file: string, options: { endpoint?: BatchEndpoint; window: string; name?: string; wait?: boolean; json?: boolean }) => {
      const path = context.resolvePath(file);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) throw new LocalFileError(`Batch input file not found: ${file}`, 'Pass an existing JSONL file: dashscope-kit batch create requests.jsonl');
      const endpoint = options.endpoint ?? (await endpointOf(path));
      const client = await context.client();
      const uploaded = await client.files.create({ file: await openAsBlob(path), purpose: 'batch', filename: basename(path) }, { signal: context.io.signal });
      let created = await client.batches.create(
        { input_file_id: uploaded.id, endpoint, completion_window: options.window, ...(options.name ? { metadata: { ds_name: options.name } } : {}) },
        { signal: context.io.signal },
      );
      if (options.wait) created = await waitFor(context, created.id);
      if (options.json) return writeJson(context.io.stdout, created);
      context.io.stdout.write(summary(created));
    });
  batch
    .command('status <id>')
    .description('Show a batch: status, request counts, output and error files')
    .option('--wait', 'poll until the batch ends (progress on stderr)')
    .option('--json', 'print the batch object as JSON')
    .action(async (id: string, options: { wait?: boolean; json?: boolean }) => {
      const found = options.wait ? await waitFor(context, id) : await (await context.client()).batches.retrieve(id, { signal: context.io.signal });
      if (options.json) return writeJson(context.io.stdout, found);
      context.io.stdout.write(summary(found));
    });
  batch
    .command('list')
    .description('List recent batches (last 30 days), newest first')
    .option('-l, --limit <n>', 'batches to show', integerOption(1, 100), 20)
    .addOption(new Option('-s, --status <status>', 'only batches in this status').choices([...BATCH_STATUSES]))
    .option('--json', 'print { data, has_more } as JSON')
    .action(async (options: { limit: number; status?: BatchStatus; json?: boolean }) => {
      const page = await (await context.client()).batches.list({ limit: options.limit, ...(options.status ? { status: [options.status] } : {}) }, { signal: context.io.signal });
      if (options.json) return writeJson(context.io.stdout, { data: page.data, has_more: page.has_more });
      if (page.data.length === 0) return void context.io.stdout.write('No batches.\n');
      const rows = page.data.map((entry) => [entry.id, entry.status, entry.endpoint, counts(entry), new Date(entry.created_at * 1000).toISOString().slice(0, 19).replace('T', ' ')]);
      context.io.stdout.write(renderTable(['id', 'status', 'endpoint', 'requests', 'created (UTC)'], rows, context.out));
    });
  batch
    .command('cancel <id>')
    .description('Cancel a batch (finished requests are kept and billed)')
    .option('--json', 'print the batch object as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const cancelled = await (await context.client()).batches.cancel(id, { signal: context.io.signal });
      if (options.json) return writeJson(context.io.stdout, cancelled);
      context.io.stdout.write(summary(cancelled));
    });
  batch
    .command('results <id>')
    .description('Print the results of an ended batch, joined by custom_id')
    .option('--json', 'print { batch, results } as one JSON document')
    .action(async (id: string, options: { json?: boolean }) => {
      const client = await context.client();
      const found = await client.batches.retrieve(id, { signal: context.io.signal });
      if (!found.output_file_id && !found.error_file_id) throw new UsageError(`Batch ${id} is ${found.status} and has no result files yet.`, `dashscope-kit batch status ${id} --wait`);
      const results = [...(await readBatchResults(client.files, found, { signal: context.io.signal })).values()].map(({ line: _line, ...result }) => result);
      if (options.json) return writeJson(context.io.stdout, { batch: found, results });
      for (const result of results) context.io.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
