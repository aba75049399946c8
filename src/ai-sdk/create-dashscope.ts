import type { ProviderV4 } from '@ai-sdk/provider';
import { DashScope, type ClientOptions } from '../client.js';
import { InputValidationError } from '../core/errors.js';
import { DashScopeEmbeddingModel, type DashScopeEmbeddingOptions } from './dashscope-embedding-model.js';
import type { DashScopeLanguageModelOptions } from './build-chat-params.js';
import { DashScopeLanguageModel } from './dashscope-language-model.js';
import { DashScopeRerankingModel, type DashScopeRerankingOptions } from './dashscope-reranking-model.js';

/** Options of {@link createDashScope}: the client's options, or an existing client to share. */
export interface DashScopeProviderOptions extends ClientOptions {
  /** A configured client to use as is (its key, region, retries, fetch); the other options are then ignored. */
  client?: DashScope | undefined;
}

/** The AI SDK provider: callable as `dashscope('qwen-plus')` for a language model, plus one method per model kind. */
export interface DashScopeProvider extends ProviderV4 {
  (modelId: string, defaults?: DashScopeLanguageModelOptions): DashScopeLanguageModel;
  languageModel(modelId: string, defaults?: DashScopeLanguageModelOptions): DashScopeLanguageModel;
  /** Alias of `languageModel`. */
  chat(modelId: string, defaults?: DashScopeLanguageModelOptions): DashScopeLanguageModel;
  embeddingModel(modelId: string, defaults?: DashScopeEmbeddingOptions): DashScopeEmbeddingModel;
  rerankingModel(modelId: string, defaults?: DashScopeRerankingOptions): DashScopeRerankingModel;
  /** DashScope image generation is not part of this provider. @throws InputValidationError always. */
  imageModel(modelId: string): never;
  /** The DashScope client every model of this provider uses. */
  readonly client: DashScope;
}

/**
 * Creates a Vercel AI SDK provider (specification v4, the `ai` 7 line) backed by a dashscope-kit client:
 * its validation, limits, retries, timeouts and typed errors apply to every model. The client is created
 * lazily on first use, so `DASHSCOPE_API_KEY` is read then.
 *
 * @example
 * const dashscope = createDashScope({ region: 'singapore' });
 * const { text } = await generateText({ model: dashscope('qwen-plus'), prompt: 'Hello' });
 *
 * @throws InputValidationError on first use when no API key is found or an option is invalid (see `DashScope`).
 */
export function createDashScope(options: DashScopeProviderOptions = {}): DashScopeProvider {
  const { client: given, ...clientOptions } = options;
  let client = given;
  const resolve = () => (client ??= new DashScope(clientOptions));
  const languageModel = (modelId: string, defaults?: DashScopeLanguageModelOptions) => new DashScopeLanguageModel(resolve(), modelId, defaults);
  const provider = Object.assign((modelId: string, defaults?: DashScopeLanguageModelOptions) => languageModel(modelId, defaults), {
    specificationVersion: 'v4' as const,
    languageModel,
    chat: languageModel,
    embeddingModel: (modelId: string, defaults?: DashScopeEmbeddingOptions) => new DashScopeEmbeddingModel(resolve(), modelId, defaults),
    rerankingModel: (modelId: string, defaults?: DashScopeRerankingOptions) => new DashScopeRerankingModel(resolve(), modelId, defaults),
    imageModel: (modelId: string): never => {
      throw new InputValidationError(`dashscope-kit/ai-sdk has no image models (asked for ${modelId}).`, 'modelId');
    },
  });
  return Object.defineProperty(provider, 'client', { get: resolve, enumerable: true }) as DashScopeProvider;
}

/** The default provider: `createDashScope()` with options from the environment (`DASHSCOPE_API_KEY`, `DASHSCOPE_REGION`, `DASHSCOPE_BASE_URL`). */
export const dashscope: DashScopeProvider = createDashScope();
