/** What a request body will cost against a model's quota: its model, input tokens and reserved output tokens. */
export interface RequestTokens {
  model: string;
  /** Estimated input tokens (rerank: `query × documents + Σ documents`). */
  input_tokens: number;
  /** Chat: the request's `max_tokens` (the most it can produce); 0 otherwise or when absent. */
  output_tokens: number;
}

type Record_ = Record<string, unknown>;

function record(value: unknown): Record_ | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record_) : undefined;
}

/** Text of a message content or rerank item: a string, `{text}`, or an array of parts with `text`. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('');
  const part = record(value);
  return part && typeof part.text === 'string' ? part.text : '';
}

function messagesTokens(messages: unknown, estimate: (text: string) => number): number {
  if (!Array.isArray(messages)) return 0;
  let tokens = 0;
  for (const message of messages) {
    const entry = record(message);
    if (!entry) continue;
    tokens += estimate(textOf(entry.content)) + 4;
    if (entry.tool_calls !== undefined) tokens += estimate(JSON.stringify(entry.tool_calls));
  }
  return tokens + 3;
}

function rerankTokens(query: unknown, documents: unknown, estimate: (text: string) => number): number {
  if (!Array.isArray(documents)) return 0;
  const queryTokens = estimate(textOf(query));
  let tokens = 0;
  for (const document of documents) tokens += queryTokens + estimate(textOf(document));
  return tokens;
}

function positive(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Reads the model and estimates the tokens of a DashScope JSON request body, whichever endpoint and
 * protocol it is for: chat (native `input.messages` / `input.prompt`, compatible `messages`; ChatML adds
 * about 4 tokens per message and 3 for the reply prompt; tool definitions are not counted), embeddings
 * (native `input.texts`, compatible `input`, multimodal `input.contents` text parts), rerank (native
 * `input.query` + `input.documents`, compatible `query` + `documents`; `query × documents + Σ documents` as
 * DashScope counts it: https://www.alibabacloud.com/help/en/model-studio/text-rerank-api). Chat reserves
 * `max_tokens` (`parameters.max_tokens`, `max_tokens` or `max_completion_tokens`) as output.
 *
 * @param body the parsed JSON body.
 * @param estimate token count of one text (for example `estimateTokens` or a tokenizer count).
 * @returns `undefined` when the body has no `model` string.
 */
export function readRequestTokens(body: unknown, estimate: (text: string) => number): RequestTokens | undefined {
  const root = record(body);
  if (!root || typeof root.model !== 'string' || root.model === '') return undefined;
  const input = record(root.input);
  const parameters = record(root.parameters);
  let input_tokens = 0;
  let output_tokens = 0;
  if (input?.messages !== undefined || Array.isArray(root.messages)) {
    input_tokens = messagesTokens(input?.messages ?? root.messages, estimate);
    output_tokens = positive(parameters?.max_tokens) || positive(root.max_tokens) || positive(root.max_completion_tokens);
  } else if (typeof input?.prompt === 'string') {
    input_tokens = estimate(input.prompt);
    output_tokens = positive(parameters?.max_tokens);
  } else if (input?.documents !== undefined || root.documents !== undefined) {
    input_tokens = input ? rerankTokens(input.query, input.documents, estimate) : rerankTokens(root.query, root.documents, estimate);
  } else {
    const texts = input ? (input.texts ?? input.contents) : root.input;
    const list = Array.isArray(texts) ? texts : [texts];
    for (const text of list) input_tokens += estimate(textOf(text));
  }
  return { model: root.model, input_tokens, output_tokens };
}
