/**
 * Counts tokens for many texts at once, in input order (the shape of `countTokensBatch` from
 * `dashscope-kit/tokenizer`). The RAG pipeline takes one so that chunk sizes can be measured with the
 * real Qwen tokenizer in the CLI and with a cheap estimate in unit tests.
 */
export type TokenCounter = (texts: string[]) => Promise<number[]>;
