import type { CliContext } from './cli-context.js';
import { searchIndex } from '../rag/search-index.js';
import { streamAnswer, type AnswerResult } from '../rag/stream-answer.js';
import type { VectorStore } from '../rag/stores/vector-store.js';
import type { VectorSet } from '../rag/vector-set.js';

/** Options of {@link answerQuestion}. */
export interface AnswerOptions {
  /** Chat model. Default `qwen-plus`. */
  model?: string | undefined;
  topK?: number | undefined;
  topN?: number | undefined;
  /** Vector set to retrieve from: the one the index job just refreshed. */
  set: VectorSet;
  /** Print the streamed answer and the sources list to stdout (false for `--json`). */
  print: boolean;
}

/**
 * Retrieves the best chunks for `question` (hybrid dense + sparse top-k when the set has sparse vectors, else cosine;
 * then rerank) and streams a grounded answer from
 * a Qwen chat model with numbered citations (`streamAnswer`); then lists the cited sources (file — heading)
 * on stdout. Without any citation in the answer, every source given to the model is listed.
 *
 * @throws whatever `streamAnswer` throws (LocalFileError without an index, SDK errors, APIUserAbortError on Ctrl-C).
 */
export async function answerQuestion(context: CliContext, store: VectorStore, question: string, options: AnswerOptions): Promise<AnswerResult> {
  const { io } = context;
  const client = await context.client();
  const events = streamAnswer({
    client,
    question,
    model: options.model,
    signal: io.signal,
    search: (query, signal) => searchIndex({ store, client, set: options.set, query, topK: options.topK, topN: options.topN, ...(signal ? { signal } : {}) }),
  });
  let result: AnswerResult | undefined;
  for await (const event of events) {
    if (event.type === 'delta' && options.print) io.stdout.write(event.text);
    else if (event.type === 'done') result = event.result;
  }
  if (!result) throw new Error('streamAnswer ended without its done event');
  if (options.print) {
    io.stdout.write('\n');
    const listed = result.citations.length > 0 ? result.sources.filter((source) => source.cited) : result.sources;
    io.stdout.write(`\n${context.out.bold('Sources')}\n`);
    for (const source of listed) {
      const score = source.relevance_score === null ? '' : context.out.dim(` (relevance ${source.relevance_score.toFixed(3)})`);
      io.stdout.write(`  [${source.n}] ${context.out.cyan(source.file)} — ${source.heading}${score}\n`);
    }
  }
  return result;
}
