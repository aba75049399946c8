import type { AnswerResult } from '../rag/stream-answer.js';
import { answerBody } from './answer-body.js';
import { conversationOf } from './conversation-of.js';
import { formatSourcesText } from './format-sources-text.js';
import { openAnswer, type AnswerDeps } from './open-answer.js';
import { parseServeBody } from './parse-serve-body.js';
import { serveErrorBody } from './serve-error-body.js';
import { OpenAIChatRequestSchema } from './serve-request-schemas.js';

function openAIUsage(result: AnswerResult): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const { chat } = result.usage;
  return { prompt_tokens: chat.input_tokens, completion_tokens: chat.output_tokens, total_tokens: chat.total_tokens };
}

/**
 * `POST /v1/chat/completions`, OpenAI-compatible, answering from the docs: the last message is the
 * question (it must be a user message), earlier user/assistant turns its history, system messages are
 * left out (the server's grounded prompt applies). `model` is used when the catalog knows it as a chat
 * model, else the server's model answers (the response's `model` says which).
 *
 * Sources, in two ways: the answer's content ends with the sources block of {@link formatSourcesText}
 * (`\n\nSources:\n[1] file — heading\n…`, so any chat UI shows them), and the completion carries an extra
 * top-level `sources` field, `[{ n, file, heading, text, relevance_score, cosine, cited }]`.
 *
 * - `stream: true`: `text/event-stream` of `chat.completion.chunk`s: a first chunk with `role: 'assistant'`,
 *   content deltas, the sources block as one more delta, a last chunk with `finish_reason: 'stop'` and
 *   `sources`, a usage chunk (`choices: []`) when `stream_options.include_usage` is true, then `data: [DONE]`.
 *   An error after the first chunk is sent as `data: {"error":{…}}` and the stream ends without `[DONE]`.
 * - otherwise one `chat.completion` with `usage` and `sources`.
 *
 * Errors before any byte: 400 `{ error: { type: 'invalid_request_error', code, message, param } }` for a bad
 * body (no model call is made); 429/502/500 for a failed retrieval or (non-streaming) chat call.
 *
 * @throws ServeRequestError and answer errors, which the app turns into JSON error responses.
 */
export function openAIChatHandler(deps: AnswerDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = await parseServeBody(request, OpenAIChatRequestSchema);
    const opened = await openAnswer(deps, request, { ...conversationOf(body.messages), model: body.model });
    const id = `chatcmpl-${crypto.randomUUID().replaceAll('-', '')}`;
    const created = Math.floor(Date.now() / 1000);
    if (body.stream !== true) {
      let result: AnswerResult | undefined;
      for await (const event of opened.events) if (event.type === 'done') result = event.result;
      if (!result) throw new Error('streamAnswer ended without its done event');
      const message = { role: 'assistant', content: `${result.answer}${formatSourcesText(result)}` };
      return Response.json({
        id,
        object: 'chat.completion',
        created,
        model: result.model,
        choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
        usage: openAIUsage(result),
        sources: result.sources,
      });
    }
    const chunk = (delta: object, finishReason: string | null, extra: object = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: opened.model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }], ...extra })}\n\n`;
    const includeUsage = body.stream_options?.include_usage === true;
    const stream = answerBody(
      opened,
      {
        event: (event) => {
          if (event.type === 'delta') return chunk({ content: event.text }, null);
          if (event.type !== 'done') return '';
          const { result } = event;
          const sourcesText = formatSourcesText(result);
          const usage = includeUsage ? `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: opened.model, choices: [], usage: openAIUsage(result) })}\n\n` : '';
          return `${sourcesText ? chunk({ content: sourcesText }, null) : ''}${chunk({}, 'stop', { sources: result.sources })}${usage}data: [DONE]\n\n`;
        },
        error: (error) => `data: ${JSON.stringify(serveErrorBody(error).body)}\n\n`,
      },
      chunk({ role: 'assistant', content: '' }, null),
    );
    return new Response(stream, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform' } });
  };
}
