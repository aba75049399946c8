import { Command } from 'commander';
import { answerQuestion } from '../answer-question.js';
import type { AnswerResult } from '../../rag/stream-answer.js';
import type { CliContext } from '../cli-context.js';
import { InterruptedError, UsageError } from '../cli-errors.js';
import { integerOption } from '../parse-number-option.js';
import { addRagOptions, type RagCommandOptions } from '../rag-command-options.js';
import type { IndexReport } from '../../rag/build-index.js';
import { DEFAULT_TOP_K, DEFAULT_TOP_N } from '../../rag/search-index.js';
import { formatIndexSummary, runIndexJob } from '../run-index-job.js';
import { withIndexStore } from '../with-index-store.js';
import { writeJson } from '../write-json.js';

interface AskOptions extends RagCommandOptions {
  model: string;
  topK: number;
  topN: number;
}

/** `--json` output of `dashscope-kit ask`. */
export interface AskJson extends AnswerResult {
  /** True when the built-in emulator answered (no API key). */
  offline: boolean;
  index: IndexReport;
}

/**
 * `dashscope-kit ask <question>`: the main job. Refreshes the index of `--docs` (default: npm's docs),
 * retrieves (hybrid or cosine top-k → rerank top-n), streams a grounded answer with numbered citations to stdout,
 * then lists the cited sources by file and heading. `--json` prints {@link AskJson} when done.
 */
export function registerAskCommand(program: Command, context: CliContext): void {
  const command = program
    .command('ask')
    .description("Answer a question from your docs (default: npm's docs) with citations, streaming")
    .argument('<question>', 'the question')
    .option('-m, --model <id>', 'chat model', 'qwen-plus')
    .option('-k, --top-k <n>', 'candidates from retrieval before rerank', integerOption(1, 500), DEFAULT_TOP_K)
    .option('-n, --top-n <n>', 'sources given to the model after rerank', integerOption(1, 20), DEFAULT_TOP_N);
  addRagOptions(command, '{ question, answer, citations, sources: [{ n, file, heading, text, relevance_score, cosine, cited }], model, usage, offline, index }')
    .addHelpText(
      'after',
      `
Examples:
  $ dashscope-kit ask "Where do global installs go on Unix?"
  $ dashscope-kit ask --docs ./docs "How do I configure the proxy?"
  $ dashscope-kit ask --json "What does npm ci do?"`,
    )
    .action(async (question: string, options: AskOptions) => {
      const { io } = context;
      if (question.trim() === '') throw new UsageError('The question is empty; nothing was indexed or sent.', 'Pass a question: dashscope-kit ask "How do I publish a package?"');
      const result = await withIndexStore(context, options, async (store): Promise<AskJson> => {
        const index = await runIndexJob(context, store, { docs: options.docs, model: options.embeddingModel, dimension: options.dimension, concurrency: options.concurrency, json: options.json });
        if (index.interrupted) throw new InterruptedError('Interrupted while indexing; finished batches were kept.', 'Run again to resume.');
        if (!options.json) io.stderr.write(`${context.err.dim(formatIndexSummary(index))}\n`);
        const answer = await answerQuestion(context, store, question, { set: index, model: options.model, topK: options.topK, topN: options.topN, print: !options.json });
        return { ...answer, offline: context.offline, index };
      });
      if (options.json) writeJson(io.stdout, result);
    });
}
