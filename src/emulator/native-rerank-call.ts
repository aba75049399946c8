import { getRerankModel } from '../models/catalog.js';
import { NativeRerankRequestSchema, type NativeRerankResponse } from '../wire/rerank.js';
import type { CallInput, ParsedCall } from './parsed-call.js';
import { prepareRerank } from './rank-documents.js';
import { lookupModel } from './lookup-model.js';
import { invalidBody } from './wire-error.js';

/**
 * `POST /api/v1/services/rerank/text-rerank/text-rerank` for gte-rerank-v2, qwen3-rerank and
 * qwen3-vl-rerank (text, image and video items): validates with the SDK's {@link NativeRerankRequestSchema}
 * and {@link prepareRerank}, and answers
 * `{"output":{"results":[{"document"?,"index","relevance_score"}]},"usage":{"total_tokens"},"request_id"}`
 * (https://www.alibabacloud.com/help/en/model-studio/text-rerank-api).
 *
 * @throws WireError 400 for an unknown model and every limit of {@link prepareRerank}.
 */
export async function nativeRerankCall(input: CallInput): Promise<ParsedCall> {
  const model = lookupModel(input.body, getRerankModel);
  const parsed = NativeRerankRequestSchema.safeParse(input.body);
  if (!parsed.success) throw invalidBody(parsed.error.issues);
  const request = parsed.data;
  const prepared = await prepareRerank({
    model,
    query: request.input.query,
    documents: request.input.documents,
    topN: request.parameters?.top_n,
    returnDocuments: request.parameters?.return_documents ?? false,
    instruct: request.parameters?.instruct,
  });
  return {
    endpoint: 'rerank',
    protocol: 'native',
    model: model.id,
    stream: false,
    inputTokens: prepared.tokens,
    items: request.input.documents.length,
    async produce() {
      const body = {
        output: { results: prepared.rank() },
        usage: { total_tokens: prepared.tokens },
        request_id: input.requestId,
      } satisfies NativeRerankResponse;
      return { type: 'json', body, outputTokens: 0 };
    },
  };
}
