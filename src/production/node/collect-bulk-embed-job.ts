import { closeSync, existsSync, openSync, renameSync, writeSync } from 'node:fs';
import { InputValidationError } from '../../core/errors.js';
import { readLines } from './read-bulk-input.js';
import { chunkPaths } from './run-bulk-embed-worker.js';
import { readBulkEmbedPlan } from './submit-bulk-embed-job.js';

/** Result of {@link collectBulkEmbedJob}. */
export interface CollectedBulkEmbedJob {
  output: string;
  /** Lines written, one per input line. */
  lines: number;
  /** Lines without a vector (an `error` object, as in `runBulkEmbedJob`'s output). */
  failures: number;
}

/**
 * Writes the output of a distributed bulk embedding job: the chunks' outputs concatenated in input
 * order with their line numbers made global, in the same JSON Lines format as `runBulkEmbedJob`
 * (`{"line":N,"id":…,"embedding":[…]}` or `{"line":N,"error":{…}}`), so one input line gives
 * exactly one output line. Streams (memory does not grow with the job) into a temporary file of this process, then
 * renames it into place, so a reader never sees a half-written output and several collectors (each
 * worker of the CLI collects when the queue is empty) write the same file without clashing.
 *
 * @throws InputValidationError when `workDir` has no plan or a chunk is not finished yet (naming it;
 *   run a worker until the queue is empty), or a chunk's output does not have its line count.
 */
export async function collectBulkEmbedJob(options: { workDir: string; output: string }): Promise<CollectedBulkEmbedJob> {
  const plan = readBulkEmbedPlan(options.workDir);
  if (!plan) throw new InputValidationError(`${options.workDir} has no job.json: submit the job first (submitBulkEmbedJob).`, 'workDir');
  const unfinished = plan.chunks.filter((chunk) => !existsSync(`${chunkPaths(options.workDir, chunk.index).output}.job`));
  if (unfinished.length > 0) {
    const names = unfinished.slice(0, 5).map((chunk) => chunk.index).join(', ');
    throw new InputValidationError(`${unfinished.length} of ${plan.chunks.length} chunks are not finished (${names}${unfinished.length > 5 ? ', …' : ''}): run a worker until the queue is empty.`, 'workDir');
  }
  const temporary = `${options.output}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const fd = openSync(temporary, 'w');
  let lines = 0;
  let failures = 0;
  try {
    for (const chunk of plan.chunks) {
      let local = 0;
      for await (const text of readLines(chunkPaths(options.workDir, chunk.index).output)) {
        local++;
        const match = /^\{"line":(\d+)([,}])/.exec(text);
        if (!match || Number(match[1]) !== local) throw new InputValidationError(`chunk ${chunk.index} output line ${local} is not line ${local} of the chunk.`, 'workDir');
        const global = chunk.firstLine + local - 1;
        if (text.startsWith(`{"line":${local},"error":`)) failures++;
        writeSync(fd, `{"line":${global}${match[2]}${text.slice(match[0].length)}\n`);
      }
      if (local !== chunk.lines) throw new InputValidationError(`chunk ${chunk.index} output has ${local} of ${chunk.lines} lines.`, 'workDir');
      lines += local;
    }
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, options.output);
  return { output: options.output, lines, failures };
}
