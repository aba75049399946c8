/** The line the responder introduces itself with when a prompt carries nothing it can quote. */
export const OFFLINE_IDENTITY = "I am dashscope-kit's offline lexical emulator, not Qwen: I answer by quoting passages given in the conversation.";

const GREETING = /^\s*(hi|hello|hey|good (morning|afternoon|evening)|greetings|你好|您好|嗨)(?=$|[\s,.!?！，。？])/iu;
const ARITHMETIC = /(-?\d+(?:\.\d+)?)\s*([+\-*/×÷])\s*(-?\d+(?:\.\d+)?)/u;
const ECHO_CHARS = 120;

function arithmetic(prompt: string): string | undefined {
  const match = ARITHMETIC.exec(prompt);
  if (!match) return undefined;
  const [, leftText = '', operator = '', rightText = ''] = match;
  const left = Number(leftText);
  const right = Number(rightText);
  const result = operator === '+' ? left + right : operator === '-' ? left - right : operator === '*' || operator === '×' ? left * right : right === 0 ? undefined : left / right;
  if (result === undefined || !Number.isFinite(result)) return undefined;
  return `${leftText} ${operator} ${rightText} = ${Number(result.toPrecision(12))}.`;
}

/**
 * What the emulator's chat responder says to a prompt that carries no passage to quote (no system
 * prompt, no context, no tool result): one honest line saying what it is ({@link OFFLINE_IDENTITY}),
 * preceded by what it can answer itself: a greeting back (`Hello!`), the result of a simple `a + b`,
 * `a - b`, `a * b` or `a / b`, or else a note of what the prompt asked (first 120 characters).
 * Deterministic: the same prompt gives the same reply.
 *
 * @param prompt the last user turn's text.
 */
export function offlineReply(prompt: string): string {
  const text = prompt.trim().replace(/\s+/g, ' ');
  if (GREETING.test(text)) return `Hello! ${OFFLINE_IDENTITY}`;
  const sum = arithmetic(text);
  if (sum) return `${sum} ${OFFLINE_IDENTITY}`;
  if (text === '') return OFFLINE_IDENTITY;
  const quoted = text.length > ECHO_CHARS ? `${text.slice(0, ECHO_CHARS - 1)}…` : text;
  return `${OFFLINE_IDENTITY} Your message ("${quoted}") came with no passage to answer from: add the context to the system prompt or the message.`;
}
