import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { packageUrl } from '../core/package-url.js';
import { listModels } from '../models/index.js';
import { DEFAULT_ANSWER_MODEL } from '../rag/stream-answer.js';
import { answerEventsHandler } from './answer-events-handler.js';
import { deepWikiStreamHandler } from './deepwiki-stream-handler.js';
import type { AnswerDeps } from './open-answer.js';
import { openAIChatHandler } from './openai-chat-handler.js';
import { serveErrorBody } from './serve-error-body.js';

/** Options of {@link createServeApp}. */
export interface ServeAppOptions extends AnswerDeps {
  /** What the page calls the docs (e.g. the folder name), shown in its heading. Default `your docs`. */
  title?: string | undefined;
  /**
   * Accept requests whatever their `Host` header. Default false: only `127.x.x.x`, `localhost` and `[::1]`,
   * so a web page cannot reach a loopback server through DNS rebinding. Set it when serving another address.
   */
  allowAnyHost?: boolean | undefined;
}

const LOOPBACK_HOST = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?$/i;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The HTTP face of the RAG pipeline (hono; runs on any fetch runtime, served on Node by `serveApp`):
 *
 * - `GET /`: the page (assets/serve-page.html): ask box, streamed answer, numbered sources that open the chunk text.
 * - `POST /api/answer`: the page's NDJSON stream of answer events (see `answerEventsHandler`).
 * - `POST /chat/completions/stream`: DeepWiki-Open's streaming endpoint (see `deepWikiStreamHandler`).
 * - `POST /v1/chat/completions`, `GET /v1/models`: OpenAI-compatible (see `openAIChatHandler`); the model list is
 *   the server's chat model first, then the catalog's other chat models (any of them may be asked for).
 *
 * Every error is JSON `{ error: { type, code, message, param } }` (400 bad body, 403 foreign `Host`, 404, 429, 500, 502).
 * A client that disconnects aborts the embedding, rerank and chat calls of its answer.
 */
export function createServeApp(options: ServeAppOptions): Hono {
  const app = new Hono();
  const model = options.model ?? DEFAULT_ANSWER_MODEL;
  const deps: AnswerDeps = { client: options.client, search: options.search, model };
  const page = readFileSync(packageUrl('assets/serve-page.html'), 'utf8').replaceAll('<!--title-->', escapeHtml(options.title ?? 'your docs'));
  app.onError((error, c) => {
    const { status, body } = serveErrorBody(error);
    return c.json(body, status);
  });
  app.notFound((c) => c.json({ error: { type: 'invalid_request_error', code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.`, param: null } }, 404));
  if (!options.allowAnyHost) {
    app.use(async (c, next) => {
      const host = c.req.header('host') ?? '';
      if (!LOOPBACK_HOST.test(host)) {
        return c.json({ error: { type: 'invalid_request_error', code: 'host_not_allowed', message: `Host ${host || '(none)'} is not a loopback name.`, param: null } }, 403);
      }
      await next();
    });
  }
  app.get('/', (c) => c.html(page, 200, { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' }));
  const answerEvents = answerEventsHandler(deps);
  const deepWiki = deepWikiStreamHandler(deps);
  const openAIChat = openAIChatHandler(deps);
  app.post('/api/answer', (c) => answerEvents(c.req.raw));
  app.post('/chat/completions/stream', (c) => deepWiki(c.req.raw));
  app.post('/v1/chat/completions', (c) => openAIChat(c.req.raw));
  app.get('/v1/models', (c) => {
    const ids = [model, ...listModels({ kind: 'chat' }).map((info) => info.id).filter((id) => id !== model)];
    return c.json({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'dashscope-kit' })) });
  });
  return app;
}
