/**
 * A question with the file that answers it, for measuring retrieval (see {@link evaluateRetrieval}).
 * Paths are relative to the indexed docs folder, with `/` separators, as `SearchHit.file` gives them.
 */
export interface RetrievalQuestion {
  /** Stable id, e.g. `ci-vs-install`. */
  id: string;
  /** What a user would type. */
  question: string;
  /** The file that answers it. */
  file: string;
  /** Other files that answer it as well (a hit in any of them is relevant too). */
  also?: readonly string[] | undefined;
}

/** A retrieved item: only its file matters for relevance (a `SearchHit` is one). */
export interface RetrievedItem {
  file: string;
}

/** How one question fared. */
export interface QuestionRank {
  id: string;
  question: string;
  /** 1-based position of the first hit whose file is relevant, among all hits returned; `null` when none is. */
  rank: number | null;
  /** Files of the first `k` hits, in order (repeats kept: two chunks of one file are two hits). */
  files: string[];
}

/** Result of {@link evaluateRetrieval}. */
export interface RetrievalEvaluation {
  k: number;
  /** Questions asked. */
  questions: number;
  /** Share of questions (0…1) with a relevant hit among the first `k`. */
  recallAtK: number;
  /**
   * Mean reciprocal rank (0…1): the mean of `1 / rank` over questions, 0 for a question with no relevant
   * hit. Taken over every hit the search returned, so a search returning `n` hits gives MRR@n.
   */
  mrr: number;
  /** Per question, in input order. */
  ranks: QuestionRank[];
}

/** Options of {@link evaluateRetrieval}. */
export interface EvaluateRetrievalOptions {
  /** Cut-off of recall@k (hits). */
  k: number;
}

/**
 * Measures a search function on questions with known answering files: asks each question in turn
 * (sequentially, in input order) and finds the rank of the first hit whose `file` is the question's `file`
 * or one of its `also` files (file-level relevance: any chunk of an answering file counts). Each question
 * has one answer (its `also` files are alternatives, not further answers), so recall@k is the share of
 * questions answered within the first `k` hits.
 *
 * @throws RangeError when `k` is not a positive integer or `questions` is empty; whatever `search` throws.
 */
export async function evaluateRetrieval(
  questions: readonly RetrievalQuestion[],
  search: (question: string) => Promise<readonly RetrievedItem[]>,
  options: EvaluateRetrievalOptions,
): Promise<RetrievalEvaluation> {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}.`);
  if (questions.length === 0) throw new RangeError('No questions to evaluate.');
  const ranks: QuestionRank[] = [];
  for (const item of questions) {
    const relevant = new Set([item.file, ...(item.also ?? [])]);
    const hits = await search(item.question);
    const position = hits.findIndex((hit) => relevant.has(hit.file));
    ranks.push({ id: item.id, question: item.question, rank: position === -1 ? null : position + 1, files: hits.slice(0, k).map((hit) => hit.file) });
  }
  const found = ranks.filter((entry) => entry.rank !== null && entry.rank <= k).length;
  const reciprocal = ranks.reduce((sum, entry) => sum + (entry.rank === null ? 0 : 1 / entry.rank), 0);
  return { k, questions: ranks.length, recallAtK: found / ranks.length, mrr: reciprocal / ranks.length, ranks };
}
