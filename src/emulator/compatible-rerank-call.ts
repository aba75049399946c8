import { getRerankModel } from '../models/catalog.js';
import { CompatibleRerankRequestSchema, type CompatibleRerankResponse } from '../wire/rerank.js';
import type { CallInput, ParsedCall } from './parsed-call.js';
import { prepareRerank } from './rank-documents.js';
import { lookupModel } from './lookup-model.js';
import { invalidBody, modelNotSupported } from './wire-error.js';

/**
 * `POST /compatible-api/v1/reranks` (flat body; qwen3-rerank only, as documented): validates with
 * the SDK's {@link CompatibleRerankRequestSchema} and {@link prepareRerank}, and answers
 * `{"object":"list","results":[…],"model","id","usage":{"total_tokens"}}`: no `output` wrapper and the
 * request id in `id` (https://help.aliyun.com/zh/model-studio/text-rerank-api).
 *
 * @throws WireError 404 for an unknown model or one not offered on this path, 400 for the limits.
 */
export async function compatibleRerankCall(input: CallInput): Promise<ParsedCall> {
  const model = lookupModel(input.body, getRerankModel);
  if (!model.protocols.includes('compatible')) throw modelNotSupported(model.id);
  const parsed = CompatibleRerankRequestSchema.safeParse(input.body);
  if (!parsed.success) throw invalidBody(parsed.error.issues);
  const request = parsed.data;
  const prepared = await prepareRerank({
    model,
    query: request.query,
    documents: request.documents,
    topN: request.top_n,
    returnDocuments: request.return_documents ?? false,
    instruct: request.instruct,
  });
  return {
    endpoint: 'rerank',
    protocol: 'compatible',
    model: model.id,
    stream: false,
    inputTokens: prepared.tokens,
    items: request.documents.length,
    async produce() {
      const body = {
        object: 'list',
        results: prepared.rank(),
        model: model.id,
        id: input.requestId,
        usage: { total_tokens: prepared.tokens },
      } satisfies CompatibleRerankResponse;
      return { type: 'json', body, outputTokens: 0 };
    },
  };
}
