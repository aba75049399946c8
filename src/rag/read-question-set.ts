import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RetrievalQuestion } from './evaluate-retrieval.js';
import { LocalFileError } from './local-file-error.js';

/**
 * A question of a question set file: a {@link RetrievalQuestion} plus `evidence`, a phrase copied from the
 * answering file (matched with runs of whitespace collapsed, so re-wrapped lines still match).
 */
export interface EvidencedQuestion extends RetrievalQuestion {
  evidence: string;
}

/** A question left out by {@link readQuestionSet}, and why. */
export interface DroppedQuestion {
  id: string;
  /** `no-file`: none of its files is in the folder; `no-evidence`: the first present one lacks its evidence phrase. */
  reason: 'no-file' | 'no-evidence';
  /** The file read for the evidence, or the files looked for. */
  files: string[];
}

/** What {@link readQuestionSet} found. */
export interface QuestionSetReading {
  name: string;
  /** Where the questions come from and what was checked (free text from the file). */
  source: string;
  /** Questions whose answer is in the folder, in file order. */
  questions: EvidencedQuestion[];
  /** Each `file` / `also` path absent from the folder (docs differ between npm versions), question by question. */
  missingFiles: { id: string; file: string }[];
  /** Questions not in {@link QuestionSetReading.questions}. */
  dropped: DroppedQuestion[];
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ');

function invalid(path: string, detail: string): LocalFileError {
  return new LocalFileError(`The question set ${path} is not valid: ${detail}.`, 'Each question needs string id, question, file and evidence; also is a list of paths.');
}

function parseQuestions(path: string, json: unknown): { name: string; source: string; questions: EvidencedQuestion[] } {
  const set = json as { name?: unknown; source?: unknown; questions?: unknown };
  if (typeof set !== 'object' || set === null || !Array.isArray(set.questions)) throw invalid(path, 'no `questions` list');
  const ids = new Set<string>();
  const questions = set.questions.map((raw: unknown, position: number): EvidencedQuestion => {
    const item = (raw ?? {}) as Record<string, unknown>;
    for (const field of ['id', 'question', 'file', 'evidence']) {
      if (typeof item[field] !== 'string' || item[field] === '') throw invalid(path, `question ${position + 1} has no string \`${field}\``);
    }
    const also = item.also;
    if (also !== undefined && !(Array.isArray(also) && also.every((file) => typeof file === 'string'))) throw invalid(path, `question ${String(item.id)}: \`also\` is not a list of paths`);
    if (ids.has(item.id as string)) throw invalid(path, `question id ${String(item.id)} appears twice`);
    ids.add(item.id as string);
    const question = { id: item.id as string, question: item.question as string, file: item.file as string, evidence: item.evidence as string };
    return also === undefined ? question : { ...question, also: also as string[] };
  });
  return { name: typeof set.name === 'string' ? set.name : '', source: typeof set.source === 'string' ? set.source : '', questions };
}

/**
 * Reads a question set (JSON: `{ name, source, questions: EvidencedQuestion[] }`, e.g. the repository's
 * `src/rag/quality/npm-docs-questions.json`) and checks it against the docs folder it is about: a question is
 * kept when one of its files (`file`, then `also`) is in `docsFolder` and the first such file contains its
 * `evidence`. Absent files are reported, not thrown, since npm's docs differ between the npm versions Node ships.
 *
 * @throws LocalFileError when the set cannot be read or is malformed, or `docsFolder` is not a folder.
 */
export async function readQuestionSet(path: string, docsFolder: string): Promise<QuestionSetReading> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LocalFileError(`Cannot read the question set ${path}: ${(error as Error).message}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(path, (error as Error).message);
  }
  if (!existsSync(docsFolder) || !statSync(docsFolder).isDirectory()) throw new LocalFileError(`The docs folder ${docsFolder} does not exist.`, 'Pass the folder the questions are about.');
  const { name, source, questions } = parseQuestions(path, json);
  const reading: QuestionSetReading = { name, source, questions: [], missingFiles: [], dropped: [] };
  for (const question of questions) {
    const files = [question.file, ...(question.also ?? [])];
    const present = files.filter((file) => existsSync(join(docsFolder, file)));
    for (const file of files) if (!present.includes(file)) reading.missingFiles.push({ id: question.id, file });
    const first = present[0];
    if (first === undefined) {
      reading.dropped.push({ id: question.id, reason: 'no-file', files });
      continue;
    }
    const content = collapse(await readFile(join(docsFolder, first), 'utf8'));
    if (content.includes(collapse(question.evidence))) reading.questions.push(question);
    else reading.dropped.push({ id: question.id, reason: 'no-evidence', files: [first] });
  }
  return reading;
}
