import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import type { ChatCreateParams } from '../resources/chat/chat-types.js';
import { convertPrompt } from './convert-prompt.js';

/**
 * DashScope parameters accepted under `providerOptions.dashscope` of any AI SDK call, passed through as
 * DashScope names: https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api
 */
export interface DashScopeLanguageModelOptions {
  /** Hybrid thinking models: reasoning on or off. */
  enable_thinking?: boolean;
  /** Maximum reasoning tokens. */
  thinking_budget?: number;
  /** Let the model search the web. */
  enable_search?: boolean;
  /** ≥ 0; `null` or > 100 disables. */
  top_k?: number | null;
  /** VL models: raise the pixel budget per image. */
  vl_high_resolution_images?: boolean;
  /** `native` (default) or `compatible` wire for this call. */
  protocol?: 'native' | 'compatible';
  /** Any other DashScope chat parameter, passed unchanged. */
  [parameter: string]: unknown;
}

/**
 * Maps AI SDK call options to `client.chat.create` params: `maxOutputTokens` → `max_tokens`, `topP`,
 * `topK` → `top_k`, `stopSequences` → `stop`, `responseFormat: json` → `json_schema` (with a schema) or
 * `json_object`, function tools and tool choice (`required` becomes `auto` with a warning: DashScope has
 * no forced-any choice), `reasoning: 'none'` → `enable_thinking: false` (any other level → `true`), then
 * `providerOptions.dashscope` last. `defaults` (the model's own DashScope parameters) go first, so every call setting overrides them. Unsupported settings (frequency penalty, provider tools) are warnings.
 */
export function buildChatParams(modelId: string, options: LanguageModelV4CallOptions, defaults: DashScopeLanguageModelOptions = {}): { params: ChatCreateParams; warnings: SharedV4Warning[] } {
  const warnings: SharedV4Warning[] = [];
  const params: ChatCreateParams = { ...defaults, model: modelId, messages: convertPrompt(options.prompt) };
  if (options.maxOutputTokens !== undefined) params.max_tokens = options.maxOutputTokens;
  if (options.temperature !== undefined) params.temperature = options.temperature;
  if (options.topP !== undefined) params.top_p = options.topP;
  if (options.topK !== undefined) params.top_k = options.topK;
  if (options.presencePenalty !== undefined) params.presence_penalty = options.presencePenalty;
  if (options.frequencyPenalty !== undefined) warnings.push({ type: 'unsupported', feature: 'frequencyPenalty' });
  if (options.seed !== undefined) params.seed = options.seed;
  if (options.stopSequences?.length) params.stop = options.stopSequences;
  const format = options.responseFormat;
  if (format?.type === 'json') {
    params.response_format = format.schema
      ? { type: 'json_schema', json_schema: { name: format.name ?? 'response', ...(format.description ? { description: format.description } : {}), schema: format.schema as Record<string, unknown>, strict: true } }
      : { type: 'json_object' };
  }
  const tools = options.tools ?? [];
  for (const tool of tools) {
    if (tool.type !== 'function') {
      warnings.push({ type: 'unsupported', feature: `provider tool ${tool.id}` });
      continue;
    }
    (params.tools ??= []).push({ type: 'function', function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.inputSchema as Record<string, unknown> } });
  }
  const choice = options.toolChoice;
  if (params.tools && choice) {
    if (choice.type === 'none') params.tool_choice = 'none';
    else if (choice.type === 'tool') params.tool_choice = { type: 'function', function: { name: choice.toolName } };
    else if (choice.type === 'required') {
      params.tool_choice = 'auto';
      warnings.push({ type: 'compatibility', feature: 'toolChoice: required', details: 'DashScope has no "required" tool choice; sent as "auto".' });
    } else params.tool_choice = 'auto';
  }
  if (options.reasoning && options.reasoning !== 'provider-default') params.enable_thinking = options.reasoning !== 'none';
  const dashscope = options.providerOptions?.['dashscope'];
  if (dashscope) Object.assign(params, dashscope);
  return { params, warnings };
}
