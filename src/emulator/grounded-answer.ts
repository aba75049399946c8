import type { z } from 'zod';
import type { ResponseFormatSchema, Tool, ToolChoiceSchema } from '../wire/chat-native.js';
import type { ChatTurn } from './chat-turn.js';
import { contextSentences, type ContextSentence } from './context-sentences.js';
import { hashTerm } from './hash-term.js';
import { lexicalRelevance } from './lexical-relevance.js';
import { fillJsonSchema, type SchemaContext } from './local-models/fill-json-schema.js';
import { offlineReply } from './offline-reply.js';
import { toolCallArguments } from './tool-call-arguments.js';

const MAX_SENTENCES = 3;
const MIN_RELEVANCE = 0.15;
const LEAD_INS = ['Based on the context:', 'According to the provided sources:', 'From the context given:'];
const NOT_FOUND = 'I could not find the answer in the provided context.';

/** What the responder reads from a chat request (either protocol). */
export interface GroundedAnswerRequest {
  turns: readonly ChatTurn[];
  tools?: readonly Tool[] | undefined;
  toolChoice?: z.infer<typeof ToolChoiceSchema> | undefined;
  responseFormat?: z.infer<typeof ResponseFormatSchema> | undefined;
  thinking: boolean;
  seed?: number | undefined;
}

/** A tool call decided by the responder (`arguments` is a JSON string). */
export interface GroundedToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** The responder's full answer before `max_tokens` / `stop` are applied. */
export interface GroundedAnswer {
  content: string;
  /** Reasoning text; empty when thinking is off. */
  reasoning: string;
  toolCalls: GroundedToolCall[];
  /** Citation numbers used in `content`, in order of first use. */
  citations: number[];
}

function questionOf(turns: readonly ChatTurn[]): { question: string; contextTurns: ChatTurn[] } {
  const index = turns.map((turn) => turn.role).lastIndexOf('user');
  const user = turns[index];
  if (!user) return { question: '', contextTurns: [...turns] };
  const lines = user.text.split('\n');
  let lineIndex = lines.findLastIndex((line) => /[?？]/.test(line));
  if (lineIndex < 0) lineIndex = lines.findLastIndex((line) => line.trim() !== '');
  const line = (lines[lineIndex] ?? '').trim();
  const asked = line.split(/(?<=[?？])/u).map((part) => part.trim()).findLast((part) => /[?？]$/.test(part)) ?? line;
  const contextTurns = [...turns];
  contextTurns[index] = { ...user, text: lines.filter((_, position) => position !== lineIndex).join('\n') };
  return { question: asked.replace(/^(question|q)\s*[:：]\s*/i, ''), contextTurns };
}

function chooseTool(request: GroundedAnswerRequest, question: string): Tool | undefined {
  const tools = request.tools ?? [];
  const last = request.turns[request.turns.length - 1];
  if (tools.length === 0 || request.toolChoice === 'none' || last?.role !== 'user') return undefined;
  const choice = request.toolChoice;
  if (choice && typeof choice === 'object') return tools.find((tool) => tool.function.name === choice.function.name);
  const lowered = question.toLowerCase();
  return tools.find((tool) => {
    const name = tool.function.name.toLowerCase();
    return lowered.includes(name) || lowered.includes(name.replace(/[_-]+/g, ' '));
  });
}

function callId(question: string, name: string): string {
  const hex = [hashTerm(`${name}\u0000${question}`), hashTerm(`${question}\u0000${name}`), hashTerm(name)]
    .map((part) => part.toString(16).padStart(8, '0'))
    .join('');
  return `call_${hex.slice(0, 22)}`;
}

function pickSentences(sentences: ContextSentence[], question: string): (ContextSentence & { score: number })[] {
  const scored = sentences.map((sentence) => ({ ...sentence, score: lexicalRelevance(question, sentence.text) }));
  scored.sort((left, right) => right.score - left.score || left.position - right.position);
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((sentence) => sentence.score >= MIN_RELEVANCE && sentence.score >= best / 2)
    .slice(0, MAX_SENTENCES)
    .sort((left, right) => left.position - right.position);
}

function mediaFallback(turns: readonly ChatTurn[]): string | undefined {
  const media = [...turns].reverse().find((turn) => turn.role === 'user')?.media[0];
  if (!media) return undefined;
  const name = media.startsWith('data:') ? 'an inline image' : (media.split(/[?#]/)[0] ?? media).split('/').pop() || media;
  return `I cannot see the picture itself, only its file name: ${name}.`;
}

function formatted(request: GroundedAnswerRequest, context: SchemaContext): string {
  const format = request.responseFormat;
  if (!format || format.type === 'text') return context.answer;
  if (format.type === 'json_object') return JSON.stringify({ answer: context.answer, citations: context.citations }, null, 2);
  return JSON.stringify(fillJsonSchema(format.json_schema.schema ?? { type: 'object' }, context), null, 2);
}

/**
 * The emulator's chat "model": a deterministic, extractive responder grounded in the conversation.
 * It is lexical and says so; it never claims to be Qwen.
 *
 * - The question is the last sentence ending in `?` of the last user turn (else its last line); that
 *   line is not quoted back as context.
 * - If tools are offered and `tool_choice` is not `none`, a forced tool, or a tool the question names
 *   (`get_weather` or "get weather"), is called with arguments filled from the question
 *   ({@link toolCallArguments}); the content is then empty. After a `tool` turn it answers instead.
 * - Otherwise it quotes up to three context sentences ({@link contextSentences}) that share the most
 *   words with the question ({@link lexicalRelevance} ≥ 0.15 and ≥ half the best), in conversation
 *   order, each followed by its citation `[n]`. With context but nothing relevant it says it could not
 *   find the answer (for a lone image: that it only sees the file name). With no context at all (e.g.
 *   `chat "Hello"`) it says what it is and answers what needs no source ({@link offlineReply}).
 * - `seed` picks one of three lead-in phrases, so equal seeds give equal text and different seeds can
 *   differ; without a seed there is no lead-in.
 * - `response_format` `json_object` gives `{"answer","citations"}`; `json_schema` gives a value that
 *   validates against the schema, filled from the answer and the context ({@link fillJsonSchema}).
 * - With `thinking`, `reasoning` explains which sentences were chosen and why.
 *
 * `max_tokens`, `max_completion_tokens`, `thinking_budget` and `stop` are applied afterwards by the caller.
 */
export function groundedAnswer(request: GroundedAnswerRequest): GroundedAnswer {
  const { question, contextTurns } = questionOf(request.turns);
  const tool = chooseTool(request, question);
  if (tool) {
    const args = toolCallArguments(tool.function.parameters, question);
    const reasoning = request.thinking
      ? `The question is "${question}". The ${tool.function.name} tool fits it, so I will call it with ${args}.`
      : '';
    return { content: '', reasoning, toolCalls: [{ id: callId(question, tool.function.name), name: tool.function.name, arguments: args }], citations: [] };
  }
  const sentences = contextSentences(contextTurns);
  const chosen = pickSentences(sentences, question);
  const citations = [...new Set(chosen.map((sentence) => sentence.citation))];
  const prompt = request.turns.findLast((turn) => turn.role === 'user')?.text ?? '';
  const uncontexted = sentences.length === 0;
  let answer = chosen.map((sentence) => `${sentence.text} [${sentence.citation}]`).join(' ');
  if (answer === '') answer = mediaFallback(request.turns) ?? (uncontexted ? offlineReply(prompt) : NOT_FOUND);
  else if (request.seed !== undefined) answer = `${LEAD_INS[request.seed % LEAD_INS.length]} ${answer}`;
  let reasoning = '';
  if (request.thinking) {
    reasoning =
      chosen.length === 0 && uncontexted
        ? `The question is "${question}". The conversation holds no passage to quote, so I will say what I am and answer only what needs no source.`
        : chosen.length === 0
        ? `The question is "${question}". No sentence of the context shares enough words with it, so I will say that I could not find the answer.`
        : `The question is "${question}". The context sentences sharing the most words with it are ${chosen
            .map((sentence) => `[${sentence.citation}] "${sentence.text.slice(0, 80)}" (relevance ${sentence.score.toFixed(2)})`)
            .join('; ')}. I will answer with ${chosen.length === 1 ? 'that sentence' : 'those sentences'} and cite ${chosen.length === 1 ? 'it' : 'them'}.`;
  }
  const context: SchemaContext = {
    answer,
    quotes: chosen.map((sentence) => sentence.text),
    sentences: sentences.map((sentence) => sentence.text),
    citations,
    found: chosen.length > 0,
  };
  return { content: formatted(request, context), reasoning, toolCalls: [], citations };
}
