import { answerBody } from './answer-body.js';
import { openAnswer, type AnswerDeps } from './open-answer.js';
import { parseServeBody } from './parse-serve-body.js';
import { serveErrorBody } from './serve-error-body.js';
import { AnswerRequestSchema } from './serve-request-schemas.js';
import { ServeRequestError } from './serve-request-error.js';

/**
 * `POST /api/answer` (the page's endpoint): body `{ question, history?: [{ role: 'user'|'assistant', content }], model? }`.
 *
 * Response: `200 application/x-ndjson`, one JSON object per line, the `AnswerEvent`s of `streamAnswer`:
 * `{"type":"sources","question","sources":[{n,file,heading,text,relevance_score,cosine}]}`, then
 * `{"type":"delta","text"}` lines, then `{"type":"done","result":{question,answer,citations,sources,model,usage}}`.
 * An error after the first line ends the stream with `{"type":"error","error":{type,code,message,param}}`.
 *
 * @throws ServeRequestError for a bad body or an empty question; retrieval errors (the app sends them as JSON).
 */
export function answerEventsHandler(deps: AnswerDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = await parseServeBody(request, AnswerRequestSchema);
    const question = body.question.trim();
    if (question === '') throw new ServeRequestError('no_question', 'The question is empty.', 'question');
    const opened = await openAnswer(deps, request, { question, history: body.history ?? [], model: body.model });
    const line = (value: unknown) => `${JSON.stringify(value)}\n`;
    const stream = answerBody(
      opened,
      { event: line, error: (error) => line({ type: 'error', error: serveErrorBody(error).body.error }) },
      line({ type: 'sources', question, sources: opened.sources }),
    );
    return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-cache, no-transform' } });
  };
}
