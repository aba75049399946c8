import type { z } from 'zod';
import { getChatModel } from '../../models/catalog.js';
import type { Tool } from '../../wire/chat-native.js';
import { ResponseCreateRequestSchema, ResponseFunctionToolSchema } from '../../wire/responses.js';
import type { ChatTurn } from '../chat-turn.js';
import type { CallInput, ParsedCall } from '../parsed-call.js';
import { prepareChat } from '../prepare-chat.js';
import { lookupModel } from '../lookup-model.js';
import type { CallHandler } from '../run-call.js';
import { invalidBody, invalidParameter, modelNotSupported } from '../wire-error.js';
import { responseEvents } from './response-events.js';
import { responseObject } from './response-output.js';
import { ResponseStore } from './response-store.js';
import { responseInputTurns } from './response-input-turns.js';

type ResponseRequest = z.infer<typeof ResponseCreateRequestSchema>;

function chatTools(tools: ResponseRequest['tools']): Tool[] | undefined {
  const functions = (tools ?? []).flatMap((tool) => {
    const parsed = ResponseFunctionToolSchema.safeParse(tool);
    if (!parsed.success) return [];
    const { name, description, parameters } = parsed.data;
    return [{ type: 'function' as const, function: { name, ...(description === undefined ? {} : { description }), ...(parameters === undefined ? {} : { parameters }) } }];
  });
  return functions.length > 0 ? functions : undefined;
}

function chatToolChoice(choice: ResponseRequest['tool_choice']): 'auto' | 'none' | { type: 'function'; function: { name: string } } | undefined {
  if (choice === undefined || choice === 'required') return choice === undefined ? undefined : 'auto';
  if (typeof choice === 'string') return choice;
  return { type: 'function', function: { name: choice.name } };
}

/**
 * `POST /compatible-mode/v1/responses` (https://help.aliyun.com/en/model-studio/compatibility-with-openai-responses-api):
 * answers with the emulator's chat responder (the same grounded answer, thinking, tool calls and limits
 * as chat completions), as a `response` object or, with `stream: true`, the Responses event stream. Each
 * answered response is kept in `store`, so `previous_response_id` continues its conversation. Built-in
 * tools (web search and the like) are accepted and not run.
 *
 * @throws WireError 404 `model_not_found` for an unknown model; 400 `InvalidParameter` for an invalid
 *   body or an unknown `previous_response_id` (the service's exact wording for the latter was not found).
 */
export function responsesCall(store: ResponseStore = new ResponseStore()): CallHandler {
  return async (input: CallInput): Promise<ParsedCall> => {
    const model = lookupModel(input.body, getChatModel);
    if (!model.protocols.includes('compatible')) throw modelNotSupported(model.id);
    const parsed = ResponseCreateRequestSchema.safeParse(input.body);
    if (!parsed.success) throw invalidBody(parsed.error.issues);
    const request = parsed.data;
    let earlier: readonly ChatTurn[] = [];
    if (request.previous_response_id !== undefined) {
      const found = store.get(request.previous_response_id);
      if (!found) throw invalidParameter(`Previous response with id '${request.previous_response_id}' not found.`);
      earlier = found;
    }
    const turns = [...earlier, ...responseInputTurns(request.input)];
    const stream = request.stream ?? false;
    const prepared = await prepareChat({
      model,
      turns,
      stream: true,
      enableThinking: request.enable_thinking,
      tools: chatTools(request.tools),
      toolChoice: chatToolChoice(request.tool_choice),
      responseFormat: undefined,
      seed: undefined,
      limits: { maxTokens: undefined, maxCompletionTokens: request.max_output_tokens, thinkingBudget: undefined, stop: undefined },
    });
    const layout = { id: `resp_${input.requestId}`, created_at: Math.floor(input.now / 1000), model: model.id, thinking: prepared.thinking, inputTokens: prepared.inputTokens };
    return {
      endpoint: 'chat',
      protocol: 'compatible',
      model: model.id,
      stream,
      inputTokens: prepared.inputTokens,
      items: 0,
      async produce() {
        const answer = await prepared.answer();
        const text = answer.content.map((piece) => piece.text).join('');
        store.set(layout.id, [...turns, { role: 'assistant', text, media: [], calledTools: answer.toolCalls.length > 0 }]);
        if (!stream) return { type: 'json', body: responseObject(answer, layout, 'completed'), outputTokens: answer.outputTokens };
        return { type: 'sse', style: 'compatible', events: responseEvents(answer, layout), outputTokens: answer.outputTokens };
      },
    };
  };
}
