import { listModels } from '../models/catalog.js';
import type { Region } from '../models/regions.js';
import type { CallInput, ParsedCall } from './parsed-call.js';

/**
 * `GET /compatible-mode/v1/models`: the catalog's chat and embedding models offered on compatible
 * mode (in the region of a `/{region}/` prefix, if any), as OpenAI's list
 * `{"object":"list","data":[{"id","object":"model","created":0,"owned_by":"system"}]}`. DashScope's
 * own listing was not captured; the shape is OpenAI's, which is what compatible clients parse.
 */
export async function compatibleModelsCall(input: CallInput): Promise<ParsedCall> {
  const region = input.region as Region | undefined;
  const models = listModels(region ? { region } : {}).filter((model) => model.protocols.includes('compatible') && model.kind !== 'rerank');
  const body = { object: 'list', data: models.map((model) => ({ id: model.id, object: 'model', created: 0, owned_by: 'system' })) };
  return {
    endpoint: 'models',
    protocol: 'compatible',
    model: '',
    stream: false,
    inputTokens: 0,
    items: 0,
    produce: async () => ({ type: 'json', body, outputTokens: 0 }),
  };
}
