/**
 * `serve/`: the HTTP face of the RAG pipeline and its page (Node): `createServeApp` (hono app with the page,
 * DeepWiki-Open's `POST /chat/completions/stream`, OpenAI's `POST /v1/chat/completions` and `GET /v1/models`)
 * and `serveApp` to listen on 127.0.0.1. `dashscope-kit serve --docs <folder>` runs both.
 */
export { createServeApp } from './create-serve-app.js';
export type { ServeAppOptions } from './create-serve-app.js';
export { formatSourcesText } from './format-sources-text.js';
export type { AnswerDeps } from './open-answer.js';
export { serveApp } from './serve-app.js';
export type { ServingApp } from './serve-app.js';
export type { ServeErrorBody } from './serve-error-body.js';
export { ServeRequestError } from './serve-request-error.js';
export type { ServeRequestErrorCode } from './serve-request-error.js';
