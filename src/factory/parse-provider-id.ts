import { InputValidationError } from '../core/errors.js';

/** Provider names (and provider-id prefixes) that mean DashScope, after promptfoo's aliases. */
export const PROVIDER_ALIASES = ['dashscope', 'alibaba', 'alicloud', 'aliyun'] as const;

/** What a provider id asks for: a chat model, an embedder or a reranker. */
export type FaceKind = 'chat' | 'embedding' | 'reranker';

/** Provider-id types and the face each resolves to (`completion` and `vl` are chat models on DashScope). */
const TYPES: Record<string, FaceKind> = {
  chat: 'chat',
  completion: 'chat',
  vl: 'chat',
  embedding: 'embedding',
  embeddings: 'embedding',
  reranker: 'reranker',
  rerank: 'reranker',
};

/** A parsed provider id. */
export interface ProviderId {
  kind: FaceKind;
  /** The type word as written (`chat`, `completion`, `vl`, `embedding`, `reranker`…). */
  type: string;
  model: string;
}

/**
 * Parses a promptfoo-style provider id: `<provider>:<type>:<model>` (`alibaba:embedding:text-embedding-v4`,
 * `dashscope:reranker:qwen3-rerank`, `aliyun:vl:qwen-vl-max`) or `<provider>:<model>` for a chat model
 * (`alicloud:qwen-plus`). Providers: `dashscope`, `alibaba`, `alicloud`, `aliyun` (case-insensitive).
 * Types: `chat`, `completion`, `vl` (chat models), `embedding`, `reranker` (or `rerank`).
 *
 * @throws InputValidationError for another provider, an unknown type, or an empty model.
 */
export function parseProviderId(id: string): ProviderId {
  if (typeof id !== 'string') throw new InputValidationError('A provider id is a string such as "alibaba:embedding:text-embedding-v4".', 'providerId');
  const [provider = '', ...rest] = id.split(':');
  assertProvider(provider);
  let type = 'chat';
  let model = rest.join(':');
  if (rest.length >= 2 && rest[0] && TYPES[rest[0].toLowerCase()]) {
    type = rest[0].toLowerCase();
    model = rest.slice(1).join(':');
  } else if (rest.length >= 2) {
    throw new InputValidationError(`Unknown provider-id type "${rest[0]}" in "${id}": use ${Object.keys(TYPES).join(', ')}.`, 'providerId');
  }
  if (!model.trim()) throw new InputValidationError(`Provider id "${id}" names no model.`, 'providerId');
  return { kind: TYPES[type]!, type, model };
}

/** @throws InputValidationError unless `provider` is one of {@link PROVIDER_ALIASES} (case-insensitive). */
export function assertProvider(provider: string): void {
  if (!(PROVIDER_ALIASES as readonly string[]).includes(String(provider).toLowerCase())) {
    throw new InputValidationError(`Unknown provider "${provider}": dashscope-kit serves ${PROVIDER_ALIASES.join(', ')}.`, 'provider');
  }
}
