import { countTokensCached } from '../count-tokens-cached.js';
import { lexicalEmbedding } from '../lexical-embedding.js';
import type { TaskInputOutcome, TaskLineResult } from './task-record.js';

/** Async batch embedding caps (https://help.aliyun.com/en/model-studio/text-embedding-batch-api): lines per file, tokens per line, dims. */
export const ASYNC_EMBEDDING_LIMITS = { maxLines: 100_000, maxTokensPerLine: 2_048, dimension: 1536 } as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Downloads an async embedding task's input (UTF-8 text, one text per line) and embeds every line with
 * the emulator's lexical embedding at 1536 dims. The emulator stays on loopback: a URL whose host is not
 * 127.0.0.1 / localhost / ::1 is not fetched and fails the task. Failure codes (`InvalidURL`,
 * `InvalidFile`) are the emulator's: DashScope's were not captured. Never rejects.
 */
export async function readTaskInput(url: string): Promise<TaskInputOutcome> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, code: 'InvalidURL', message: `Not a URL: ${url}` };
  }
  if (!LOOPBACK.has(parsed.hostname) || !/^https?:$/.test(parsed.protocol)) {
    return { ok: false, code: 'InvalidURL', message: 'The emulator only downloads task input from loopback URLs.' };
  }
  let text: string;
  try {
    const response = await fetch(parsed);
    if (!response.ok) return { ok: false, code: 'InvalidURL', message: `Downloading the input answered HTTP ${response.status}.` };
    text = await response.text();
  } catch (error) {
    return { ok: false, code: 'InvalidURL', message: `Downloading the input failed: ${(error as Error).message}` };
  }
  const texts = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (texts.at(-1) === '') texts.pop();
  if (texts.length === 0) return { ok: false, code: 'InvalidFile', message: 'The input file has no lines.' };
  if (texts.length > ASYNC_EMBEDDING_LIMITS.maxLines) return { ok: false, code: 'InvalidFile', message: `The input file has more than ${ASYNC_EMBEDDING_LIMITS.maxLines} lines.` };
  const counts = await countTokensCached(texts);
  const lines: TaskLineResult[] = texts.map((line, text_index) => {
    const tokens = counts[text_index] ?? 0;
    if (tokens === 0 || tokens > ASYNC_EMBEDDING_LIMITS.maxTokensPerLine) {
      return { text_index, code: 'InvalidParameter', message: `Range of input length should be [1, ${ASYNC_EMBEDDING_LIMITS.maxTokensPerLine}]` };
    }
    return { text_index, embedding: lexicalEmbedding(line, ASYNC_EMBEDDING_LIMITS.dimension), tokens };
  });
  return { ok: true, lines };
}
