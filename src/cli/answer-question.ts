import type { ChatUsage } from '../index.js';
import type { CliContext } from './cli-context.js';
import { citedNumbers } from '../rag/cited-numbers.js';
import { groundedMessages } from '../rag/grounded-messages.js';
import { searchIndex } from '../rag/search-index.js';
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

/** A source passed to the chat model: a search hit with its citation number. */
export interface AnswerSource {
  /** Citation number `[n]`. */
  n: number;
  file: string;
  heading: string;
  text: string;
  /** Rerank score in [0, 1] (`null` without rerank). */
  relevance_score: number | null;
  /** Cosine similarity, `null` when the chunk came from the sparse ranking alone (see `SearchHit.cosine`). */
  cosine: number | null;
  /** Whether the answer cites it. */
  cited: boolean;
}

/** The answer to one question: the `--json` output of `ask` (without `index`) and each item of `demo`. */
export interface AnswerResult {
  question: string;
  answer: string;
  /** Citation numbers used in the answer, in order of first use. */
  citations: number[];
  sources: AnswerSource[];
  /** Chat model that answered. */
  model: string;
  usage: { chat: ChatUsage; embedding_tokens: number; rerank_tokens: number };
}

/**
 * Retrieves the best chunks for `question` (hybrid dense + sparse top-k when the set has sparse vectors, else cosine; then rerank) and streams a grounded answer from
 * a Qwen chat model with numbered citations; then lists the cited sources (file — heading) on stdout.
 * Without any citation in the answer, every source given to the model is listed.
 */
export async function answerQuestion(context: CliContext, store: VectorStore, question: string, options: AnswerOptions): Promise<AnswerResult> {
  const { io } = context;
  const client = await context.client();
  const search = await searchIndex({ store, client, set: options.set, query: question, topK: options.topK, topN: options.topN, signal: io.signal });
  const model = options.model ?? 'qwen-plus';
  const stream = await client.chat.create({ model, messages: groundedMessages(question, search.hits), stream: true }, { signal: io.signal });
  if (options.print) {
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) io.stdout.write(content);
    }
    io.stdout.write('\n');
  }
  const completion = await stream.finalCompletion();
  const answer = completion.choices[0]?.message.content ?? '';
  const citations = citedNumbers(answer, search.hits.length);
  const sources: AnswerSource[] = search.hits.map((hit) => ({
    n: hit.rank,
    file: hit.file,
    heading: hit.heading,
    text: hit.text,
    relevance_score: hit.relevance_score,
    cosine: hit.cosine,
    cited: citations.includes(hit.rank),
  }));
  if (options.print) {
    const listed = citations.length > 0 ? sources.filter((source) => source.cited) : sources;
    io.stdout.write(`\n${context.out.bold('Sources')}\n`);
    for (const source of listed) {
      const score = source.relevance_score === null ? '' : context.out.dim(` (relevance ${source.relevance_score.toFixed(3)})`);
      io.stdout.write(`  [${source.n}] ${context.out.cyan(source.file)} — ${source.heading}${score}\n`);
    }
  }
  return {
    question,
    answer,
    citations,
    sources,
    model: completion.model || model,
    usage: { chat: completion.usage, embedding_tokens: search.usage.embedding_tokens, rerank_tokens: search.usage.rerank_tokens },
  };
}
