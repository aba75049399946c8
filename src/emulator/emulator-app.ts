import { Hono, type Context } from 'hono';
import type { Protocol } from '../models/model-info.js';
import { REGIONS } from '../models/regions.js';
import { PATHS } from '../wire/paths.js';
import { adminRoutes, type AdminControls } from './admin-routes.js';
import { cancelBatchCall, createBatchCall, listBatchesCall, retrieveBatchCall } from './batch/batches-calls.js';
import { cancelTaskCall, getTaskCall, listTasksCall, TASK_RESULT_PATH, textEmbeddingCall } from './batch/tasks-calls.js';
import { taskResultText } from './batch/task-view.js';
import { taskPhase } from './batch/task-phase.js';
import { deleteFileCall, fileContentCall, listFilesCall, retrieveFileCall, uploadFileCall } from './batch/files-calls.js';
import { INTERNAL_ERROR_MESSAGE } from './answer-plan.js';
import { compatibleChatCall } from './compatible-chat-call.js';
import { compatibleEmbeddingCall } from './compatible-embedding-call.js';
import { compatibleRerankCall } from './compatible-rerank-call.js';
import type { EndpointKind } from './emulator-options.js';
import type { EmulatorState } from './emulator-state.js';
import { errorPlan } from './error-plan.js';
import { compatibleModelsCall } from './models-call.js';
import { nativeChatCall } from './native-chat-call.js';
import { nativeMultimodalEmbeddingCall } from './multimodal-embedding/native-multimodal-embedding-call.js';
import { nativeRerankCall } from './native-rerank-call.js';
import type { Outcome } from './response-plan.js';
import { responsesCall } from './responses/responses-call.js';
import { regionOfPath, runCall, type CallHandler } from './run-call.js';
import { tokenizerCall } from './tokenizer-call.js';
import { WireError } from './wire-error.js';

/** Per-request Hono bindings: the routes leave their {@link Outcome} here instead of returning a Response. */
export type AppBindings = { outcome?: Outcome; signal?: AbortSignal | undefined };

/** Answers one request with the emulator's decision; `signal` aborts latency and stalls. */
export type EmulatorHandler = (request: Request, signal?: AbortSignal) => Promise<Outcome>;

function protocolOfPath(path: string): Protocol {
  return path.includes('/compatible-') ? 'compatible' : 'native';
}

/**
 * Routes every DashScope path the emulator serves (see {@link PATHS}) with Hono, at the root and
 * under each `/{region}/` prefix, plus the admin paths under `/__emulator` when `admin` controls are
 * given. Unknown paths get 404 in the envelope of their path family (recorded as `not-found`);
 * unexpected failures 500 `InternalError` naming the cause.
 */
export function emulatorApp(state: EmulatorState, admin: AdminControls | undefined): EmulatorHandler {
  const api = new Hono<{ Bindings: AppBindings }>();
  const call = (endpoint: EndpointKind, protocol: Protocol, handler: CallHandler) => async (c: Context<{ Bindings: AppBindings }>) => {
    c.env.outcome = await runCall(state, c.req.raw, endpoint, protocol, handler, c.env.signal, c.req.param() as Record<string, string>);
    return c.body(null);
  };
  api.post(PATHS.nativeTextGeneration, call('chat', 'native', nativeChatCall('text-generation')));
  api.post(PATHS.nativeMultimodalGeneration, call('chat', 'native', nativeChatCall('multimodal-generation')));
  api.post(PATHS.nativeTextEmbedding, async (c) => {
    const async = c.req.header('x-dashscope-async')?.toLowerCase() === 'enable';
    return call(async ? 'tasks' : 'embeddings', 'native', textEmbeddingCall(state))(c);
  });
  api.post(PATHS.nativeMultimodalEmbedding, call('embeddings', 'native', nativeMultimodalEmbeddingCall));
  api.post(PATHS.nativeTextRerank, call('rerank', 'native', nativeRerankCall));
  api.post(PATHS.nativeTokenizer, call('tokenizer', 'native', tokenizerCall));
  api.post(PATHS.compatibleChat, call('chat', 'compatible', compatibleChatCall));
  api.post(PATHS.compatibleEmbeddings, call('embeddings', 'compatible', compatibleEmbeddingCall));
  api.post(PATHS.compatibleRerank, call('rerank', 'compatible', compatibleRerankCall));
  api.get(PATHS.compatibleModels, call('models', 'compatible', compatibleModelsCall));
  api.post(PATHS.compatibleResponses, call('chat', 'compatible', responsesCall()));
  api.post(PATHS.compatibleFiles, call('files', 'compatible', uploadFileCall(state)));
  api.get(PATHS.compatibleFiles, call('files', 'compatible', listFilesCall(state)));
  api.get(`${PATHS.compatibleFiles}/:id`, call('files', 'compatible', retrieveFileCall(state)));
  api.delete(`${PATHS.compatibleFiles}/:id`, call('files', 'compatible', deleteFileCall(state)));
  api.get(`${PATHS.compatibleFiles}/:id/content`, call('files', 'compatible', fileContentCall(state)));
  api.post(PATHS.compatibleBatches, call('batches', 'compatible', createBatchCall(state)));
  api.get(PATHS.compatibleBatches, call('batches', 'compatible', listBatchesCall(state)));
  api.get(`${PATHS.compatibleBatches}/:id`, call('batches', 'compatible', retrieveBatchCall(state)));
  api.post(`${PATHS.compatibleBatches}/:id/cancel`, call('batches', 'compatible', cancelBatchCall(state)));
  api.get(PATHS.nativeTasks, call('tasks', 'native', listTasksCall(state)));
  api.get(`${PATHS.nativeTasks}/:id`, call('tasks', 'native', getTaskCall(state)));
  api.post(`${PATHS.nativeTasks}/:id/cancel`, call('tasks', 'native', cancelTaskCall(state)));

  const app = new Hono<{ Bindings: AppBindings }>();
  if (admin) app.route('/__emulator', adminRoutes(admin));
  app.get(`${TASK_RESULT_PATH}/:id/result.txt`, (c) => {
    const record = state.batch.tasks.get(c.req.param('id'));
    const done = record !== undefined && taskPhase(record, state.clock()).status === 'SUCCEEDED';
    const plan = done ? { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, steps: [taskResultText(record)], ending: 'end' as const } : { status: 404, headers: { 'content-type': 'text/plain' }, steps: ['NoSuchKey'], ending: 'end' as const };
    c.env.outcome = { kind: 'respond', plan };
    return c.body(null);
  });
  app.route('/', api);
  for (const region of REGIONS) app.route(`/${region}`, api);
  app.notFound((c) => {
    const protocol = protocolOfPath(c.req.path);
    const message = `Not found: ${c.req.method} ${c.req.path}`;
    const error = new WireError(404, 'NotFound', message, { compatible: { type: 'invalid_request_error', code: 'not_found', message } });
    const requestId = crypto.randomUUID();
    c.env.outcome = { kind: 'respond', plan: errorPlan(error, { protocol, endpoint: undefined, requestId, nativeStream: false, retryHints: false }) };
    state.stats.record({
      seq: state.stats.nextSeq(),
      at: state.clock(),
      method: c.req.method,
      path: c.req.path,
      endpoint: undefined,
      protocol,
      model: undefined,
      region: regionOfPath(c.req.path),
      workspace: c.req.header('x-dashscope-workspace'),
      stream: false,
      status: 404,
      outcome: 'not-found',
      code: 'NotFound',
      fault: undefined,
      inputTokens: 0,
      outputTokens: 0,
      items: 0,
      requestId,
    });
    return c.body(null);
  });
  app.onError((error, c) => {
    if (c.env.signal?.aborted) throw error;
    const wire = new WireError(500, 'InternalError', `${INTERNAL_ERROR_MESSAGE} (emulator: ${(error as Error).message})`);
    const context = { protocol: protocolOfPath(c.req.path), endpoint: undefined, requestId: crypto.randomUUID(), nativeStream: false, retryHints: false };
    c.env.outcome = { kind: 'respond', plan: errorPlan(wire, context) };
    return c.body(null);
  });

  return async (request, signal) => {
    const bindings: AppBindings = { signal };
    await app.fetch(request, bindings);
    if (!bindings.outcome) throw new Error(`emulator produced no answer for ${request.method} ${request.url}`);
    return bindings.outcome;
  };
}
