import type { BatchInputLine } from '../../wire/batches.js';
import type { ExplicitCache } from '../context-cache/explicit-cache.js';
import { compatibleChatCall } from '../compatible-chat-call.js';
import { compatibleEmbeddingCall } from '../compatible-embedding-call.js';
import type { CallHandler } from '../run-call.js';
import { renderError } from '../render-error.js';
import { invalidParameter, WireError } from '../wire-error.js';

/** One answered line: what goes in the output file (2xx) or the error file. */
export interface LineAnswer {
  custom_id: string;
  request_id: string;
  status_code: number;
  body: unknown;
  outputTokens: number;
  inputTokens: number;
  model: string;
}

/** What answering a line needs from the emulator. */
export interface LineContext {
  now: number;
  embeddingOverLimit: 'error' | 'truncate';
  contextCache: ExplicitCache;
}

const HANDLERS: Record<string, { handler: CallHandler; endpoint: 'chat' | 'embeddings' }> = {
  '/v1/chat/completions': { handler: compatibleChatCall, endpoint: 'chat' },
  '/v1/embeddings': { handler: compatibleEmbeddingCall, endpoint: 'embeddings' },
};

/**
 * The `/v1/chat/ds-test` dry run's answer. DashScope's dry-run output was not captured: the emulator
 * answers a fixed `chat.completion` with zero usage.
 */
function dryRunBody(requestId: string, now: number): unknown {
  return {
    id: `chatcmpl-${requestId}`,
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: 'batch-test-model',
    choices: [{ index: 0, message: { role: 'assistant', content: 'This is a test result.' }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

/**
 * Answers one batch line with the emulator's own compatible-mode handler for its URL, so the body is
 * what the synchronous call would return (`chat.completion`, embedding list) or its error envelope.
 * A line asking to stream is answered 400 (batches do not stream).
 */
export async function answerBatchLine(line: BatchInputLine, context: LineContext): Promise<LineAnswer> {
  const requestId = crypto.randomUUID();
  const base = { custom_id: line.custom_id, request_id: requestId, model: line.body.model };
  if (line.url === '/v1/chat/ds-test') return { ...base, status_code: 200, body: dryRunBody(requestId, context.now), outputTokens: 0, inputTokens: 0 };
  const route = HANDLERS[line.url];
  try {
    if (!route) throw new WireError(404, 'NotFound', `Unsupported URL ${line.url}`);
    if ((line.body as { stream?: unknown }).stream === true) throw invalidParameter('Streaming is not supported in batch requests.');
    const call = await route.handler({
      body: line.body,
      headers: new Headers(),
      requestId,
      now: context.now,
      region: undefined,
      embeddingOverLimit: context.embeddingOverLimit,
      contextCache: context.contextCache,
      params: {},
      query: new URLSearchParams(),
      form: undefined,
    });
    const produced = await call.produce();
    if (produced.type !== 'json') throw invalidParameter('Streaming is not supported in batch requests.');
    return { ...base, status_code: 200, body: produced.body, outputTokens: produced.outputTokens, inputTokens: call.inputTokens };
  } catch (error) {
    const wire = error instanceof WireError ? error : new WireError(500, 'InternalError', `emulator: ${(error as Error).message}`);
    const rendered = renderError(wire, 'compatible', route?.endpoint, requestId);
    return { ...base, status_code: rendered.status, body: rendered.body, outputTokens: 0, inputTokens: 0 };
  }
}
