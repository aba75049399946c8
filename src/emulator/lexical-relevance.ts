import { isStopword } from './is-stopword.js';
import { lexicalTerms } from './lexical-terms.js';

const K1 = 1.2;
const B = 0.75;
const AVERAGE_DOCUMENT_TERMS = 40;
const LEAD_BONUS = 0.6;
const LEAD_SHARE = 0.25;
const STEEPNESS = 10;
const MIDPOINT = 0.35;
const SYMMETRIC_INSTRUCT = /\b(similar|similarity|paraphrase|duplicate|same meaning)\b/i;

function termWeight(term: string): number {
  return isStopword(term) ? 0.1 : 1 + Math.min(term.length, 10) / 10;
}

interface TermStats {
  counts: Map<string, number>;
  /** Index of each term's first occurrence. */
  first: Map<string, number>;
  length: number;
}

function termStats(text: string): TermStats {
  const counts = new Map<string, number>();
  const first = new Map<string, number>();
  const terms = lexicalTerms(text);
  terms.forEach((term, index) => {
    counts.set(term, (counts.get(term) ?? 0) + 1);
    if (!first.has(term)) first.set(term, index);
  });
  return { counts, first, length: terms.length };
}

function coverage(query: TermStats, document: TermStats): number {
  const lengthNorm = K1 * (1 - B + (B * document.length) / AVERAGE_DOCUMENT_TERMS);
  const lead = Math.max(3, Math.ceil(document.length * LEAD_SHARE));
  let score = 0;
  let best = 0;
  for (const term of query.counts.keys()) {
    const weight = termWeight(term);
    const frequency = document.counts.get(term) ?? 0;
    const early = (document.first.get(term) ?? Infinity) < lead ? LEAD_BONUS : 0;
    score += weight * ((frequency * (K1 + 1)) / (frequency + lengthNorm) + early);
    best += weight * (K1 + 1 + LEAD_BONUS);
  }
  return best === 0 ? 0 : score / best;
}

/**
 * The emulator's lexical rerank score of one document for one query, in the open interval (0, 1).
 *
 * BM25-style: every distinct query term (see {@link lexicalTerms}) adds a saturating function of its
 * frequency in the document, normalised by document length against a fixed average of 40 terms, plus
 * a bonus when it first appears in the document's opening quarter (documents that start with the
 * query's subject, as definitions do, rank above passing mentions). Term
 * weights are fixed (longer terms weigh more, stopwords 0.1) instead of an IDF over the request's
 * documents, so the score is a function of `(query, document, instruct)` only: scoring a document alone
 * or among 3,000 others gives the identical number, and split reranks merge exactly. The share of the
 * best possible score is mapped through a logistic curve, so no overlap gives ≈ 0.03 and a short
 * document containing every query term ≈ 0.97.
 *
 * `instruct` is the task description (qwen3-rerank, qwen3-vl-rerank); its words are never matched. An
 * instruction about similarity ("Retrieve semantically similar text.") makes the score symmetric (the
 * mean of both directions); any other instruction keeps query-to-document relevance.
 */
export function lexicalRelevance(query: string, document: string, instruct?: string): number {
  const queryTerms = termStats(query);
  const documentTerms = termStats(document);
  let share = coverage(queryTerms, documentTerms);
  if (instruct && SYMMETRIC_INSTRUCT.test(instruct)) share = (share + coverage(documentTerms, queryTerms)) / 2;
  return 1 / (1 + Math.exp(-STEEPNESS * (share - MIDPOINT)));
}
