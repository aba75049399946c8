import { answerBody } from './answer-body.js';
import { conversationOf } from './conversation-of.js';
import { formatSourcesText } from './format-sources-text.js';
import { openAnswer, type AnswerDeps } from './open-answer.js';
import { parseServeBody } from './parse-serve-body.js';
import { DeepWikiRequestSchema } from './serve-request-schemas.js';

/**
 * `POST /chat/completions/stream`, compatible with DeepWiki-Open's request body
 * ({@link DeepWikiRequestSchema}): the last message is the question, earlier user/assistant turns its history.
 *
 * Response: `200 text/plain; charset=utf-8`, the answer text as the model streams it (no SSE framing:
 * DeepWiki-Open's frontend appends the raw bytes), then the sources block of {@link formatSourcesText}
 * (`\n\nSources:\n[1] file — heading\n…`). An error after the first byte ends the text with
 * `\nError: <message>\n`, as DeepWiki-Open does.
 *
 * Errors before streaming: 400 `{ error: { type: 'invalid_request_error', code, message, param } }` for a
 * bad body (no model call is made); 429/502/500 for a failed retrieval (see `serveErrorBody`).
 *
 * @throws ServeRequestError and retrieval errors, which the app turns into JSON error responses.
 */
export function deepWikiStreamHandler(deps: AnswerDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = await parseServeBody(request, DeepWikiRequestSchema);
    const opened = await openAnswer(deps, request, { ...conversationOf(body.messages), model: body.model });
    const stream = answerBody(opened, {
      event: (event) => (event.type === 'delta' ? event.text : event.type === 'done' ? formatSourcesText(event.result) : ''),
      error: (error) => `\nError: ${error instanceof Error ? error.message : String(error)}\n`,
    });
    return new Response(stream, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-content-type-options': 'nosniff' } });
  };
}
