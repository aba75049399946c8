export { DashScope } from './client.js';
export type { ClientOptions } from './client.js';
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  ArrearsError,
  AuthenticationError,
  BadRequestError,
  ContentInspectionError,
  DashScopeError,
  InputValidationError,
  InternalServerError,
  InvalidParameterError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExhaustedError,
  RateLimitError,
  ResponseTooLargeError,
  ResponseValidationError,
  StreamIdleTimeoutError,
  StreamTimeoutError,
  StreamTruncatedError,
  createAPIError,
  parseErrorBody,
} from './core/errors.js';
export type { APIErrorInit, InputValidationDetails } from './core/errors.js';
export type { RequestOptions } from './core/request-options.js';
export { isRetryableError, retryDelayMs, retryHintMs, RETRY_DELAYS } from './core/retry.js';
export { Stream } from './core/stream.js';
export { SSEDecoder, decodeSSE, encodeSSE } from './core/sse.js';
export type { SSEEvent } from './core/sse.js';
export { ChatStream } from './resources/chat/chat-stream.js';
export { accumulateChatChunk, emptyCompletion } from './resources/chat/accumulate-chat.js';
export type { ChatAccumulator } from './resources/chat/accumulate-chat.js';
export type {
  ChatAssistantMessage,
  ChatChoice,
  ChatCompletion,
  ChatCompletionChunk,
  ChatContentPart,
  ChatCreateParams,
  ChatMessage,
  ChatModel,
  ChatUsage,
  ToolCallDelta,
} from './resources/chat/chat-types.js';
export type { ChatLogprobs, ChatTokenLogprob, ChatTopLogprob } from './resources/chat/chat-logprobs.js';
export { REQUEST_SIZE_LIMITS } from './core/check-request-size.js';
export type { Tool, ToolCall } from './wire/chat-native.js';
export { validateEmbeddingParams } from './resources/embeddings/embeddings.js';
export { validateChatParams } from './resources/chat/validate-chat-params.js';
export type { LiveModel, ModelList, Models } from './resources/models/models.js';
export type { Responses } from './resources/responses/responses.js';
export { ResponseStream } from './resources/responses/response-stream.js';
export type {
  Response,
  ResponseCreateParams,
  ResponseFunctionTool,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseStreamEvent,
  ResponseUsage,
} from './resources/responses/response-types.js';
export type { Embedding, EmbeddingCreateParams, EmbeddingModel, EmbeddingResult } from './resources/embeddings/embedding-types.js';
export type { SparseEntry } from './wire/embeddings.js';
export { validateRerankParams } from './resources/rerank/validate-rerank-params.js';
export type { RerankCreateParams, RerankModel, RerankMultimodalItem, RerankResult, RerankResultItem } from './resources/rerank/rerank-types.js';
export type { Region } from './models/regions.js';
export type { Chat } from './resources/chat/chat.js';
export type { Embeddings } from './resources/embeddings/embeddings.js';
export type { Rerank } from './resources/rerank/rerank.js';
export { validateMultimodalEmbeddingParams } from './resources/multimodal-embeddings/validate-multimodal-embedding-params.js';
export type { MultimodalEmbeddings } from './resources/multimodal-embeddings/multimodal-embeddings.js';
export type {
  MultimodalEmbedding,
  MultimodalEmbeddingCreateParams,
  MultimodalEmbeddingModel,
  MultimodalEmbeddingResult,
} from './resources/multimodal-embeddings/multimodal-embedding-types.js';
export type { MultimodalContent } from './wire/multimodal-embeddings.js';
export type { Tokenization, TokenizationCreateParams, TokenizationResult } from './resources/tokenization/tokenization.js';
export type { Files } from './resources/files/files.js';
export { FileContent } from './resources/files/file-content.js';
export type { FileCreateParams, FileList, FileListParams, FilePurpose } from './resources/files/file-types.js';
export type { FileDeleted, FileObject } from './wire/files.js';
export type { Batches } from './resources/batches/batches.js';
export { BatchFailedError } from './resources/batches/batch-failed-error.js';
export { TERMINAL_BATCH_STATUSES } from './resources/batches/batch-types.js';
export type { BatchCreateParams, BatchList, BatchListParams, BatchWaitOptions } from './resources/batches/batch-types.js';
export { BATCH_ENDPOINTS, BATCH_STATUSES } from './wire/batch-statuses.js';
export type { Batch, BatchEndpoint, BatchError, BatchInputLine, BatchOutputLine, BatchStatus } from './wire/batches.js';
export { BATCH_INPUT_LIMITS, buildBatchInput } from './resources/batches/build-batch-input.js';
export type { BatchInput, BatchRequest } from './resources/batches/build-batch-input.js';
export { BatchInputError } from './resources/batches/batch-input-error.js';
export type { BatchInputErrorCode } from './resources/batches/batch-input-error.js';
export { joinBatchResults, readBatchResults } from './resources/batches/read-batch-results.js';
export type { BatchResult } from './resources/batches/read-batch-results.js';
export type { Tasks } from './resources/tasks/tasks.js';
export { TaskNotFoundError } from './resources/tasks/task-not-found-error.js';
export { TaskFailedError } from './resources/tasks/task-failed-error.js';
export { TERMINAL_TASK_STATUSES } from './resources/tasks/task-types.js';
export type { EmbeddingTaskParams, TaskList, TaskListParams, TaskWaitOptions } from './resources/tasks/task-types.js';
export { readEmbeddingTaskResult } from './resources/tasks/read-embedding-task-result.js';
export type { EmbeddingTaskRow, ReadEmbeddingTaskResultOptions } from './resources/tasks/read-embedding-task-result.js';
export { ASYNC_EMBEDDING_MODELS, TASK_STATUSES } from './wire/task-statuses.js';
export type { Task, TaskListItem, TaskStatus } from './wire/tasks.js';
